/**
 * The records a tracker submits and follows (migrations, repartitions): kept by id and by the
 * browser's idempotency key, journaled on every meaningful change, announced to listeners and
 * waiters, and polled on timers that never keep a shutting-down process alive. What one poll
 * reads and decides is the tracker's own.
 */
import type { JournalWrite } from './journal.ts';

export interface FollowedRecord {
  id: string;
  clusterId: string;
  idempotencyKey: string | null;
  phase: 'submitting' | 'following' | 'finished';
  submittedAtMs: number;
}

export interface FollowedRecordsOptions<R> {
  journal: { append(record: R): JournalWrite; close(): void };
  /** What a record is, for log lines and errors: `migration`, `repartition`. */
  noun: string;
  /** One follow step of a record; scheduling the next is the step's. */
  poll: (id: string) => Promise<void>;
  /** When to try again after a step that threw. */
  retryMs: number;
  log: (message: string) => void;
}

/** One key per cluster and idempotency key (the browser's keys are per cluster). */
export function idempotencyKeyOf(clusterId: string, key: string): string {
  return `${clusterId}\u0000${key}`;
}

export class FollowedRecords<R extends FollowedRecord> {
  private readonly records = new Map<string, R>();
  private readonly byKey = new Map<string, string>();
  private readonly listeners = new Set<(record: R) => void>();
  private readonly waiters = new Map<string, ((record: R) => void)[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: FollowedRecordsOptions<R>) {}

  /** The journal's records at start; `resume` may change one, which is then written again. */
  restore(replayed: readonly R[], resume: (record: R) => R): void {
    for (const record of replayed) {
      const resumed = resume(record);
      this.records.set(resumed.id, resumed);
      if (resumed.idempotencyKey !== null) {
        this.claimKey(resumed.clusterId, resumed.idempotencyKey, resumed.id);
      }
      if (resumed !== record) this.options.journal.append(resumed);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get(id: string): R | undefined {
    return this.records.get(id);
  }

  all(): IterableIterator<R> {
    return this.records.values();
  }

  /** Newest first. */
  list(clusterId: string): R[] {
    return [...this.records.values()]
      .filter((record) => record.clusterId === clusterId)
      .sort((a, b) => b.submittedAtMs - a.submittedAtMs);
  }

  findByIdempotencyKey(clusterId: string, key: string): R | undefined {
    const id = this.byKey.get(idempotencyKeyOf(clusterId, key));
    return id === undefined ? undefined : this.records.get(id);
  }

  /** Registered before a submission's first await, so a concurrent repeat finds it. */
  claimKey(clusterId: string, key: string, id: string): void {
    this.byKey.set(idempotencyKeyOf(clusterId, key), id);
  }

  /** Called with every changed record. Returns the unsubscribe function. */
  subscribe(listener: (record: R) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once the record is finished (at once if it already is). */
  waitForOutcome(id: string): Promise<R> {
    const record = this.records.get(id);
    if (record === undefined) {
      return Promise.reject(new Error(`no tracked ${this.options.noun} ${id}`));
    }
    if (record.phase === 'finished') return Promise.resolve(record);
    return new Promise((resolve) => {
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]);
    });
  }

  /** A journal that refuses the write keeps the record to write later, and says why. */
  update(record: R): JournalWrite {
    this.records.set(record.id, record);
    const written = this.options.journal.append(record);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch (error) {
        this.options.log(`${this.options.noun} listener failed: ${String(error)}`);
      }
    }
    if (record.phase === 'finished') {
      const waiting = this.waiters.get(record.id) ?? [];
      this.waiters.delete(record.id);
      for (const resolve of waiting) resolve(record);
    }
    return written;
  }

  /** Keeps a step's result that changed nothing worth writing or announcing. */
  keep(record: R): void {
    this.records.set(record.id, record);
  }

  schedule(id: string, delayMs: number): void {
    if (this.closed || this.timers.has(id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      // Whatever fails in one step, the record is still followed: never left without one.
      this.options.poll(id).catch((error: unknown) => {
        this.options.log(
          `Region Console: following ${this.options.noun} ${id} failed: ${String(error)}`,
        );
        this.schedule(id, this.options.retryMs);
      });
    }, delayMs);
    // Following must not keep a process alive that is otherwise shutting down.
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Stops following (the journal keeps unfinished records for the next start). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.options.journal.close();
  }
}
