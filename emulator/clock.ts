/**
 * Emulated time. Every part of the cluster model reads time and schedules work only through a
 * Clock, so tests drive it with a ManualClock (no sleeping) and the running emulator uses a
 * ScaledClock whose speed can be changed (leases expire in 10 emulated seconds, which a test can
 * compress to a fraction of a real second).
 */

export type TimerId = number;

export interface Clock {
  /** Emulated epoch milliseconds. */
  now(): number;
  /** Runs `fn` once `delayMs` of emulated time has passed. */
  setTimer(delayMs: number, fn: () => void): TimerId;
  clearTimer(id: TimerId): void;
}

interface PendingTimer {
  id: TimerId;
  dueMs: number;
  /** Insertion order, so timers due at the same instant fire in the order they were set. */
  seq: number;
  fn: () => void;
}

/** Timer bookkeeping shared by both clocks: a list ordered by (due time, insertion order). */
class TimerQueue {
  private timers: PendingTimer[] = [];
  private nextId = 1;

  add(dueMs: number, fn: () => void): PendingTimer {
    const timer: PendingTimer = { id: this.nextId, dueMs, seq: this.nextId, fn };
    this.nextId += 1;
    // Binary search keeps insertion O(log n) for the search; timers are few.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.timers[mid];
      if (other !== undefined && other.dueMs <= dueMs) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return timer;
  }

  remove(id: TimerId): void {
    const index = this.timers.findIndex((t) => t.id === id);
    if (index >= 0) this.timers.splice(index, 1);
  }

  /** Removes and returns the earliest timer due at or before `nowMs`. */
  takeDue(nowMs: number): PendingTimer | undefined {
    const first = this.timers[0];
    if (first === undefined || first.dueMs > nowMs) return undefined;
    this.timers.shift();
    return first;
  }

  earliest(): PendingTimer | undefined {
    return this.timers[0];
  }

  clear(): void {
    this.timers = [];
  }

  get size(): number {
    return this.timers.length;
  }
}

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private nowMs: number;
  private readonly queue = new TimerQueue();

  constructor(startMs = Date.UTC(2024, 3, 8, 8, 0, 0)) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimer(delayMs: number, fn: () => void): TimerId {
    return this.queue.add(this.nowMs + Math.max(0, delayMs), fn).id;
  }

  clearTimer(id: TimerId): void {
    this.queue.remove(id);
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in order, with
   * `now()` equal to each timer's due time while it runs (timers set by timers fire too).
   */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const timer = this.queue.takeDue(target);
      if (timer === undefined) break;
      this.nowMs = Math.max(this.nowMs, timer.dueMs);
      timer.fn();
    }
    this.nowMs = target;
  }

  /** Advances to the next due timer and fires it; false when none is pending. */
  step(): boolean {
    const next = this.queue.earliest();
    if (next === undefined) return false;
    this.advance(Math.max(0, next.dueMs - this.nowMs));
    return true;
  }

  get pendingTimers(): number {
    return this.queue.size;
  }
}

/**
 * Real time, scaled: emulated time runs `speed` times as fast as the wall clock and starts at
 * the wall clock, so timestamps in responses look real. One real setTimeout is armed for the
 * earliest emulated timer and re-armed whenever the speed or the queue changes.
 */
export class ScaledClock implements Clock {
  private anchorRealMs: number;
  private anchorEmuMs: number;
  private speedFactor: number;
  private readonly queue = new TimerQueue();
  private armed: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(speed = 1, startMs: number = Date.now()) {
    this.speedFactor = validSpeed(speed);
    this.anchorRealMs = Date.now();
    this.anchorEmuMs = startMs;
  }

  now(): number {
    return Math.floor(this.anchorEmuMs + (Date.now() - this.anchorRealMs) * this.speedFactor);
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): void {
    // Re-anchor so emulated time stays continuous across the change.
    this.anchorEmuMs = this.now();
    this.anchorRealMs = Date.now();
    this.speedFactor = validSpeed(speed);
    this.arm();
  }

  /** Jumps emulated time forward (e.g. to let a lease expire at once), firing due timers. */
  advance(ms: number): void {
    this.anchorEmuMs += Math.max(0, ms);
    this.fireDue();
  }

  setTimer(delayMs: number, fn: () => void): TimerId {
    const timer = this.queue.add(this.now() + Math.max(0, delayMs), fn);
    this.arm();
    return timer.id;
  }

  clearTimer(id: TimerId): void {
    this.queue.remove(id);
  }

  /** Cancels the real timeout; pending emulated timers never fire afterwards. */
  dispose(): void {
    this.stopped = true;
    if (this.armed !== undefined) clearTimeout(this.armed);
    this.armed = undefined;
    this.queue.clear();
  }

  private fireDue(): void {
    for (;;) {
      const timer = this.queue.takeDue(this.now());
      if (timer === undefined) break;
      timer.fn();
    }
    this.arm();
  }

  private arm(): void {
    if (this.armed !== undefined) clearTimeout(this.armed);
    this.armed = undefined;
    const next = this.queue.earliest();
    if (next === undefined || this.stopped) return;
    const realDelay = Math.max(0, (next.dueMs - this.now()) / this.speedFactor);
    // Cap at 2^31-1 ms: setTimeout overflows beyond that and would fire at once.
    this.armed = setTimeout(
      () => {
        this.armed = undefined;
        this.fireDue();
      },
      Math.min(Math.ceil(realDelay), 2_147_483_647),
    );
    // The emulator's timers must not keep a finished process alive.
    this.armed.unref();
  }
}

function validSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  }
  return speed;
}
