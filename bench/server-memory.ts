/**
 * The console server's resident memory, read from /proc while it works: sampled often enough
 * to catch the peak of reading and summarizing a heartbeat of tens of MB.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterControl } from '../e2e/cluster-control.ts';
import { HEARTBEAT_PATH } from '../server/cluster-poller/cluster-poller.ts';
import { median } from './report.ts';

const RSS_SAMPLE_INTERVAL_MS = 100;
/** After a poll is answered, the server still parses and summarizes it. */
const SETTLE_MS = 3_000;
/** The window whose median is the steady figure. */
const STEADY_WINDOW_MS = 2_000;

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS in /proc/${String(pid)}/status`);
  return Number(kilobytes) * 1024;
}

/** Samples a process's RSS from its creation until stop(). */
export class RssSampler {
  private peakBytes: number;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.peakBytes = rssBytes(pid);
    this.timer = setInterval(() => {
      try {
        this.peakBytes = Math.max(this.peakBytes, rssBytes(this.pid));
      } catch {
        // the server has stopped: its figures are taken
      }
    }, RSS_SAMPLE_INTERVAL_MS);
  }

  /** The highest RSS sampled so far. */
  peak(): number {
    return this.peakBytes;
  }

  /** The median RSS over the next STEADY_WINDOW_MS, after SETTLE_MS. */
  async steady(): Promise<number> {
    await sleep(SETTLE_MS);
    const samples: number[] = [];
    const endMs = performance.now() + STEADY_WINDOW_MS;
    while (performance.now() < endMs) {
      samples.push(rssBytes(this.pid));
      await sleep(RSS_SAMPLE_INTERVAL_MS);
    }
    this.peakBytes = Math.max(this.peakBytes, ...samples);
    return median(samples);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Waits until the emulator has answered `polls` heartbeat reads since its request log was
 * last cleared: the console's shared poller is the only reader of the heartbeat.
 */
export async function waitForHeartbeatPolls(
  control: ClusterControl,
  polls: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answered = (await control.requests(HEARTBEAT_PATH)).filter((e) => e.status === 200);
    if (answered.length >= polls) return;
    if (performance.now() > deadline) {
      throw new Error(`${String(answered.length)} of ${String(polls)} heartbeat polls answered`);
    }
    await sleep(500);
  }
}
