/**
 * Per-region rates from two consecutive samples of region_statistics (API.md §3.5).
 *
 * `query_cpu_time_millis`, `query_scanned_bytes` (v1.2) and `written_bytes_since_open` are
 * cumulative since the region was opened on its datanode, so they restart from 0 whenever the
 * region opens again: after a migration (opened on the target), a repartition, or a datanode
 * restart. A reset shows as a counter that went down, a different leading datanode, or a
 * different start time of that datanode. After a reset the rate is unknown (null) for one
 * interval rather than `new value / interval`: API.md gives no open time for a region, and a
 * value counted since an open *before* the previous sample (a follower promoted to leader, a
 * region the previous sample missed) divided by one interval would be a huge, false rate. The
 * next sample reads the same open twice and gives the true rate.
 *
 * `region_rows` is a gauge (API.md §3.5): it is shown as read, never differentiated.
 */
import type { RegionLoadReading } from './region-load-rows.ts';

export interface LoadSample {
  atMs: number;
  readings: ReadonlyMap<string, RegionLoadReading>;
  /**
   * Start time (ms) per datanode id when known: cluster_info `start_time` (v1.0+) or the
   * heartbeat's `node_epoch`. It catches a restart whose counters grew past the old value
   * within one interval, which the values alone cannot show.
   */
  datanodeStartMs: ReadonlyMap<string, number>;
}

/** Why a rate is null. */
export type UnknownRateReason =
  | 'first-sample' // the region was not in the previous sample
  | 'counter-reset' // the region opened again since the previous sample
  | 'not-reported'; // the version lacks the column, or the value is null

export interface RegionRates {
  regionId: string;
  tableId: number;
  regionNumber: number;
  datanodeId: string | null;
  queryCpuMsPerSec: number | null;
  queryScannedBytesPerSec: number | null;
  writtenBytesPerSec: number | null;
  /** Gauge: rows as of the newest sample. */
  rows: number | null;
  /** Set when any counter rate is null for a reason other than its column missing. */
  unknownReason: Exclude<UnknownRateReason, 'not-reported'> | null;
}

function wasReopened(
  previous: RegionLoadReading,
  current: RegionLoadReading,
  before: LoadSample,
  after: LoadSample,
): boolean {
  if (previous.datanodeId !== current.datanodeId) return true;
  if (current.datanodeId === null) return false;
  const startedBefore = before.datanodeStartMs.get(current.datanodeId);
  const startedAfter = after.datanodeStartMs.get(current.datanodeId);
  return (
    startedBefore !== undefined && startedAfter !== undefined && startedBefore !== startedAfter
  );
}

const MS_PER_SECOND = 1_000;

function counterRate(
  previous: number | null,
  current: number | null,
  intervalMs: number,
  isReopened: boolean,
): number | null | 'reset' {
  if (previous === null || current === null) return null;
  if (isReopened || current < previous) return 'reset';
  return ((current - previous) * MS_PER_SECOND) / intervalMs;
}

function regionRates(
  reading: RegionLoadReading,
  cpu: number | null,
  scanned: number | null,
  written: number | null,
  unknownReason: RegionRates['unknownReason'],
): RegionRates {
  return {
    regionId: reading.regionId,
    tableId: reading.tableId,
    regionNumber: reading.regionNumber,
    datanodeId: reading.datanodeId,
    queryCpuMsPerSec: cpu,
    queryScannedBytesPerSec: scanned,
    writtenBytesPerSec: written,
    rows: reading.rows,
    unknownReason,
  };
}

/**
 * Rates of every region in `after`. `before` null (the first sample) or an interval that is not
 * positive gives no counter rate at all, only the rows gauge.
 */
export function deriveRegionRates(before: LoadSample | null, after: LoadSample): RegionRates[] {
  const intervalMs = before === null ? 0 : after.atMs - before.atMs;
  const rates: RegionRates[] = [];
  for (const current of after.readings.values()) {
    const previous = before?.readings.get(current.regionId);
    if (before === null || previous === undefined || intervalMs <= 0) {
      rates.push(regionRates(current, null, null, null, 'first-sample'));
      continue;
    }
    const isReopened = wasReopened(previous, current, before, after);
    const cpu = counterRate(previous.queryCpuMs, current.queryCpuMs, intervalMs, isReopened);
    const scanned = counterRate(
      previous.queryScannedBytes,
      current.queryScannedBytes,
      intervalMs,
      isReopened,
    );
    const written = counterRate(
      previous.writtenBytesSinceOpen,
      current.writtenBytesSinceOpen,
      intervalMs,
      isReopened,
    );
    // One open serves every counter, so one that went down means all of them restarted.
    if (cpu === 'reset' || scanned === 'reset' || written === 'reset') {
      rates.push(regionRates(current, null, null, null, 'counter-reset'));
    } else {
      rates.push(regionRates(current, cpu, scanned, written, null));
    }
  }
  return rates;
}
