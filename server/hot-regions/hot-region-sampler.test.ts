/**
 * The schedule is tested the way the cluster poller will drive it: a timer set to
 * `nextSampleAtMs()`, on Vitest's fake clock, so 10 minutes pass without waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GreptimeVersion } from '../../contract/greptime-version.ts';
import { parseGreptimeVersion } from '../../contract/greptime-version.ts';
import {
  DEFAULT_SAMPLE_INTERVAL_MS,
  HEARTBEAT_INTERVAL_MS,
  HotRegionSampler,
  clampSampleIntervalMs,
} from './hot-region-sampler.ts';

function version(text: string): GreptimeVersion {
  const parsed = parseGreptimeVersion(text);
  if (parsed === null) throw new Error(text);
  return parsed;
}
const V1_2 = version('1.2.0');

function row(cpuMs: number): Record<string, unknown> {
  return {
    region_id: 4398046511104,
    table_id: 1024,
    region_number: 0,
    leader_peer_id: 1,
    region_rows: 10,
    written_bytes_since_open: 0,
    query_cpu_time_millis: cpuMs,
    query_scanned_bytes: 0,
    region_role: 'Leader',
  };
}

describe('clampSampleIntervalMs', () => {
  it('defaults to 30 s and never goes below the 3 s heartbeat', () => {
    expect(clampSampleIntervalMs(undefined)).toBe(DEFAULT_SAMPLE_INTERVAL_MS);
    expect(clampSampleIntervalMs(Number.NaN)).toBe(DEFAULT_SAMPLE_INTERVAL_MS);
    expect(clampSampleIntervalMs(1_000)).toBe(HEARTBEAT_INTERVAL_MS);
    expect(clampSampleIntervalMs(0)).toBe(HEARTBEAT_INTERVAL_MS);
    expect(clampSampleIntervalMs(-5)).toBe(HEARTBEAT_INTERVAL_MS);
    expect(clampSampleIntervalMs(10_000)).toBe(10_000);
  });
});

describe('HotRegionSampler schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function drive(sampler: HotRegionSampler, untilMs: number): number[] {
    const sampledAt: number[] = [];
    const tick = () => {
      const now = Date.now();
      if (sampler.isDue(now)) {
        sampler.sample(now, [row(now / 10)]);
        sampledAt.push(now);
      }
      setTimeout(tick, Math.max(0, sampler.nextSampleAtMs() - Date.now()));
    };
    tick();
    vi.advanceTimersByTime(untilMs);
    return sampledAt;
  }

  it('samples at once, then every 30 s by default', () => {
    const sampledAt = drive(new HotRegionSampler(V1_2), 120_000);
    expect(sampledAt).toEqual([0, 30_000, 60_000, 90_000, 120_000]);
  });

  it('is held to the heartbeat when asked to sample faster', () => {
    const sampler = new HotRegionSampler(V1_2, 500);
    expect(sampler.intervalMs).toBe(HEARTBEAT_INTERVAL_MS);
    const sampledAt = drive(sampler, 9_000);
    expect(sampledAt).toEqual([0, 3_000, 6_000, 9_000]);
  });
});

describe('HotRegionSampler samples', () => {
  it('derives rates from the last two samples only', () => {
    const sampler = new HotRegionSampler(V1_2);
    expect(sampler.sample(0, [row(0)])?.rates[0]?.queryCpuMsPerSec).toBeNull();
    expect(sampler.sample(30_000, [row(3_000)])?.rates[0]?.queryCpuMsPerSec).toBe(100);
    // Against the 30 s sample, not the first one: (9_000 - 3_000) ms over 60 s.
    expect(sampler.sample(90_000, [row(9_000)])?.rates[0]?.queryCpuMsPerSec).toBe(100);
  });

  it('ignores an answer older than the latest sample', () => {
    const sampler = new HotRegionSampler(V1_2);
    sampler.sample(30_000, [row(3_000)]);
    expect(sampler.sample(29_000, [row(1)])).toBeNull();
    expect(sampler.sample(60_000, [row(6_000)])?.rates[0]?.queryCpuMsPerSec).toBe(100);
  });

  it('reports the missing columns of a v1.1 answer', () => {
    const sampler = new HotRegionSampler(version('1.1.4'));
    const v11 = Object.fromEntries(
      Object.entries(row(0)).filter(([column]) => !column.startsWith('query_')),
    );
    expect(sampler.sample(0, [v11])?.missingColumns).toEqual([
      'query_cpu_time_millis',
      'query_scanned_bytes',
    ]);
  });
});
