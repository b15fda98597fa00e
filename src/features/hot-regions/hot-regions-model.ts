/**
 * Pure shaping of the hot-regions answer for the page: what each rate is called and how it
 * reads, which rates the cluster's version reports, when the next sample makes a refresh
 * worth it, the datanodes' load (with leased datanodes that lead nothing), and where a hot
 * region should go by the console's one suggestion rule (src/domain/suggested-target.ts).
 */
import {
  LOAD_RATES,
  type DatanodeLoad,
  type HotRegionsAnswer,
  type HotRegionsSupport,
  type LoadColumn,
  type LoadRate,
} from '../../../contract/hot-regions';
import { formatBytes } from '../../components/format-bytes';
import { formatCount } from '../../components/format-count';
import type { NodeLeases } from '../../domain/cluster-types';
import { livenessOf, type Liveness } from '../../domain/datanode-liveness';
import { comparePeerIds } from '../../domain/planner/placement';
import { DEFAULT_CATALOG } from '../../domain/schema-order';
import {
  suggestTarget,
  type CallerSuggestion,
  type TargetCandidate,
} from '../../domain/suggested-target';

/** The region_statistics counter each rate is derived from (API.md §3.5). */
export const RATE_COLUMNS: Record<LoadRate, LoadColumn> = {
  queryCpuMsPerSec: 'query_cpu_time_millis',
  queryScannedBytesPerSec: 'query_scanned_bytes',
  writtenBytesPerSec: 'written_bytes_since_open',
};

export const RATE_TITLES: Record<LoadRate, string> = {
  queryCpuMsPerSec: 'Query CPU',
  queryScannedBytesPerSec: 'Scanned',
  writtenBytesPerSec: 'Written',
};

/** For sentences: "lowest query CPU". */
export const RATE_NOUNS: Record<LoadRate, string> = {
  queryCpuMsPerSec: 'query CPU',
  queryScannedBytesPerSec: 'scanned bytes',
  writtenBytesPerSec: 'written bytes',
};

export const RATE_UNITS: Record<LoadRate, string> = {
  queryCpuMsPerSec: 'ms/s',
  queryScannedBytesPerSec: 'bytes/s',
  writtenBytesPerSec: 'bytes/s',
};

/** Milliseconds of CPU per second: three significant figures are plenty for a ranking. */
function formatMsPerSec(value: number): string {
  if (value >= 100) return formatCount(Math.round(value));
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatRate(rate: LoadRate, value: number): string {
  if (rate === 'queryCpuMsPerSec') return `${formatMsPerSec(value)} ms/s`;
  // A fraction of a byte per second is noise, not a figure.
  return `${formatBytes(value < 1024 ? Math.round(value) : value)}/s`;
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 || share === 0 ? 0 : 1)}%`;
}

/**
 * A table as the server names it (`catalog.schema.table`), without the default catalog, as the
 * table list shows names; null (names unreadable) becomes its id.
 */
export function shownTableName(tableName: string | null, tableId: number): string {
  if (tableName === null) return `table ${tableId}`;
  const prefix = `${DEFAULT_CATALOG}.`;
  return tableName.startsWith(prefix) ? tableName.slice(prefix.length) : tableName;
}

/** The rates the version reports: all on v1.2, none on legacy, the rest named missing. */
export function availableRates(support: HotRegionsSupport): LoadRate[] {
  switch (support.kind) {
    case 'full':
      return [...LOAD_RATES];
    case 'partial':
      return LOAD_RATES.filter((rate) => !support.missingColumns.includes(RATE_COLUMNS[rate]));
    case 'none':
      return [];
  }
}

export function hasRowsGauge(support: HotRegionsSupport): boolean {
  return (
    support.kind === 'full' ||
    (support.kind === 'partial' && !support.missingColumns.includes('region_rows'))
  );
}

/** "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** Never sooner than this after an answer, even when a sample is overdue. */
export const MIN_REFRESH_DELAY_MS = 1_000;
/** The server needs a moment to read region_statistics once a sample is due. */
export const SAMPLE_SETTLE_MS = 500;

/**
 * When to ask again: just after the next sample is due (the list cannot change before), by the
 * server's clock; never for a version that samples nothing. The list is the server's memory,
 * so asking costs the cluster nothing.
 */
export function refreshDelayMs(answer: HotRegionsAnswer | undefined): number | false {
  if (answer === undefined || answer.nextSampleAtMs === null) return false;
  return Math.max(MIN_REFRESH_DELAY_MS, answer.nextSampleAtMs - answer.nowMs + SAMPLE_SETTLE_MS);
}

export interface DatanodeLoadRow {
  peerId: string;
  /** Null while leases are unknown. */
  liveness: Liveness | null;
  /** Null: the datanode holds a lease but led no region in the latest sample. */
  load: DatanodeLoad | null;
}

/**
 * Every datanode of the answer and every leased one, by peer id. A datanode with a lease that
 * leads no region is listed too: it is the coolest place a hot region could go.
 */
export function datanodeLoadRows(
  datanodes: readonly DatanodeLoad[],
  leases: NodeLeases | undefined,
): DatanodeLoadRow[] {
  const leaseById = new Map((leases?.leases ?? []).map((lease) => [lease.peerId, lease]));
  const loadById = new Map(datanodes.map((d) => [d.datanodeId, d]));
  const peerIds = [...new Set([...loadById.keys(), ...leaseById.keys()])].sort(comparePeerIds);
  return peerIds.map((peerId) => ({
    peerId,
    liveness: leases === undefined ? null : livenessOf(leaseById.get(peerId), leases.metasrvNowMs),
    load: loadById.get(peerId) ?? null,
  }));
}

/**
 * The rows as suggestion candidates on one rate: a datanode that leads no region carries none
 * of it (0), one whose regions all lack the rate is unknown (null) and never suggested.
 */
export function loadCandidates(
  rows: readonly DatanodeLoadRow[],
  rate: LoadRate,
): TargetCandidate[] {
  return rows.map((row) => ({
    peerId: row.peerId,
    isAlive: row.liveness?.kind === 'alive',
    regions: row.load?.regionCount ?? 0,
    bytes: null,
    load: row.load === null ? 0 : row.load.totals[rate],
  }));
}

/**
 * Where "Move…" sends a hot region, as the migrate dialog takes it: `label` names the rate
 * ("Query CPU"), `reason` says "datanode 3: lowest query CPU (1.20 ms/s) among alive datanodes".
 */
export type MoveSuggestion = CallerSuggestion;

/**
 * Where a hot region should go: the alive datanode lowest on the rate the list ranks by, other
 * than the one leading it (suggestTarget's rule, on the rate's own unit).
 */
export function suggestMove(
  rows: readonly DatanodeLoadRow[],
  rate: LoadRate,
  leaderPeerId: string | null,
): MoveSuggestion | null {
  const best = suggestTarget(
    loadCandidates(rows, rate),
    'load',
    leaderPeerId === null ? [] : [leaderPeerId],
  );
  if (best === null) return null;
  const ties =
    best.tiedWith.length === 0
      ? ''
      : `, tied with datanode${best.tiedWith.length === 1 ? '' : 's'} ${listInWords(best.tiedWith)} (lowest id first)`;
  return {
    peerId: best.peerId,
    label: RATE_TITLES[rate],
    reason: `datanode ${best.peerId}: lowest ${RATE_NOUNS[rate]} (${formatRate(rate, best.value)}) among alive datanodes${ties}`,
  };
}

/** Local wall-clock time of an instant, to the second. */
export function formatClockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
