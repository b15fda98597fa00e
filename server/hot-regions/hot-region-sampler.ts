/**
 * The hot-regions sampler: the cluster poller reads region_statistics when `isDue` says so and
 * hands the rows to `sample`. The sampler keeps the raw readings of the last two samples only
 * (issue 17) and derives the rates from them; nothing older is kept here (the heatmap keeps
 * compressed columns, heatmap-ring.ts).
 *
 * Schedule: every DEFAULT_SAMPLE_INTERVAL_MS unless configured, never faster than the 3 s
 * datanode heartbeat, since region_statistics only changes when a heartbeat arrives (API.md §3.5:
 * "one row per region replica reported in datanode heartbeats"; §1.6: 3 s heartbeat).
 */
import type { GreptimeVersion } from '../../contract/greptime-version.ts';
import type { LoadSample, RegionRates } from './load-rates.ts';
import { deriveRegionRates } from './load-rates.ts';
import type { LoadColumn } from '../../contract/hot-regions.ts';
import { parseRegionLoadRows } from './region-load-rows.ts';

export const DEFAULT_SAMPLE_INTERVAL_MS = 30_000;
/** Datanodes heartbeat every 3 s (API.md §1.6, `REGION_LEASE_SECS` = 3 × 3 s + 1). */
export const HEARTBEAT_INTERVAL_MS = 3_000;

/** A requested interval clamped to the heartbeat; a non-finite request takes the default. */
export function clampSampleIntervalMs(requestedMs: number | undefined): number {
  if (requestedMs === undefined || !Number.isFinite(requestedMs)) return DEFAULT_SAMPLE_INTERVAL_MS;
  return Math.max(HEARTBEAT_INTERVAL_MS, Math.round(requestedMs));
}

export interface SampleResult {
  atMs: number;
  rates: RegionRates[];
  missingColumns: LoadColumn[];
  rejectedRows: number;
}

export class HotRegionSampler {
  readonly intervalMs: number;
  private previous: LoadSample | null = null;
  private latest: LoadSample | null = null;

  constructor(
    private readonly version: GreptimeVersion,
    requestedIntervalMs?: number,
  ) {
    this.intervalMs = clampSampleIntervalMs(requestedIntervalMs);
  }

  /** When the poller should read next: now for the first sample, then one interval after. */
  nextSampleAtMs(): number {
    return this.latest === null ? Number.NEGATIVE_INFINITY : this.latest.atMs + this.intervalMs;
  }

  isDue(nowMs: number): boolean {
    return nowMs >= this.nextSampleAtMs();
  }

  /** Rates need two samples. */
  hasRates(): boolean {
    return this.previous !== null;
  }

  /**
   * Takes the rows read at `nowMs` (already keyed by column name). A sample earlier than or at
   * the latest one (a late answer) is ignored: rates need time to move forward.
   */
  sample(
    nowMs: number,
    records: ReadonlyArray<Record<string, unknown>>,
    datanodeStartMs: ReadonlyMap<string, number> = new Map(),
  ): SampleResult | null {
    if (this.latest !== null && nowMs <= this.latest.atMs) return null;
    const parsed = parseRegionLoadRows(records, this.version);
    const sample: LoadSample = {
      atMs: nowMs,
      readings: parsed.readings,
      datanodeStartMs,
    };
    this.previous = this.latest;
    this.latest = sample;
    return {
      atMs: nowMs,
      rates: deriveRegionRates(this.previous, sample),
      missingColumns: parsed.missingColumns,
      rejectedRows: parsed.rejectedRows,
    };
  }
}
