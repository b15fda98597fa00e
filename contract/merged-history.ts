/**
 * The cluster-wide migration history (v0.16+): the console's journal merged with
 * `greptime_private.events`, one row per procedure. A migration submitted through the console
 * is in both, so the two are joined by procedure id; events of moves the console did not start
 * (manual SQL elsewhere, the balancer, failovers) become rows of their own. One procedure may
 * move several regions, recorded as one event row per region and state. v1.1 records every
 * state change; v1.2 only lifecycle triggers, numbering its retries (API.md §6.2), and names the
 * database user that submitted the procedure (`actor`).
 *
 * Event timestamps are nanoseconds beyond 2^53: they stay decimal strings, compared and
 * subtracted as bigint, and are shown with all nine fraction digits.
 */
import type { HistoryRow } from './history-export.ts';
import type { MigrationEvent } from './sql-types.ts';

/** One state a procedure reported, in order. */
export interface EventStep {
  state: string;
  /** Exact nanoseconds since the epoch. */
  timestampNs: string;
  error: string | null;
}

export type HistorySource = 'console' | 'cluster' | 'console+cluster';

export interface MergedHistoryRow {
  key: string;
  /** console: only in the journal (refused, or older than the events' TTL); cluster: only in events. */
  source: HistorySource;
  /** Submission (journal) or first event, nanoseconds since the epoch. */
  timeNs: string;
  regionIds: string[];
  tableId: number | null;
  fromPeerId: string | null;
  toPeerId: string | null;
  /** The replay timeout the console sent, or the events' `{"timeout":…}` payload. */
  timeout: string | null;
  procedureId: string | null;
  /** Who or what triggered it: events' trigger reason (`Manual`, `Failover`, `AutoRebalance`...). */
  trigger: string | null;
  outcome: string;
  detail: string | null;
  /** Every state the events recorded, oldest first (empty for journal-only rows). */
  steps: EventStep[];
  durationMs: number | null;
  /** The console user (journal), or the database user v1.2 events name as `actor`. */
  startedBy: string | null;
  planRunId: string | null;
}

const NS_PER_MS = 1_000_000n;
const TERMINAL_STATES = new Set(['Done', 'Failed', 'Poisoned']);

/** `2026-11-25T10:00:00.123456789Z`: UTC with every nanosecond digit. */
export function nanosToIso(timestampNs: string): string {
  const ns = BigInt(timestampNs);
  const seconds = ns / 1_000_000_000n;
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Milliseconds since the epoch (for local-time display; the exact value stays in timeNs). */
export function nanosToMs(timestampNs: string): number {
  return Number(BigInt(timestampNs) / NS_PER_MS);
}

function compareNs(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** One procedure's events: its states oldest first (one per state, whatever the region count). */
function summarise(events: readonly MigrationEvent[]) {
  const ordered = [...events].sort((a, b) => compareNs(a.timestampNs, b.timestampNs));
  const steps: EventStep[] = [];
  let previousAttempt: number | null = null;
  for (const event of ordered) {
    const state = event.state ?? 'Unknown';
    const previous = steps.at(-1);
    // Several regions of one procedure record the same state: keep it once. v1.2 writes
    // consecutive Retrying rows (no Running row between retries): each attempt is a step.
    if (previous?.state === state && previousAttempt === event.retryAttempt) continue;
    previousAttempt = event.retryAttempt;
    steps.push({ state, timestampNs: event.timestampNs, error: event.error });
  }
  const first = ordered[0];
  const last = steps.at(-1);
  const regionIds = [
    ...new Set(ordered.map((e) => e.regionId).filter((id): id is string => id !== null)),
  ];
  const isFinished = last !== undefined && TERMINAL_STATES.has(last.state);
  return {
    steps,
    first,
    regionIds,
    lastState: last?.state ?? null,
    lastError: [...steps].reverse().find((step) => step.error !== null)?.error ?? null,
    durationMs:
      isFinished && first !== undefined
        ? Number((BigInt(last.timestampNs) - BigInt(first.timestampNs)) / NS_PER_MS)
        : null,
  };
}

function fromJournal(row: HistoryRow, events: readonly MigrationEvent[] | undefined) {
  const summary = events === undefined ? null : summarise(events);
  const merged: MergedHistoryRow = {
    key: row.id,
    source: summary === null ? 'console' : 'console+cluster',
    timeNs: (BigInt(Date.parse(row.submittedAt)) * NS_PER_MS).toString(),
    regionIds: [row.regionId],
    tableId: row.tableId,
    fromPeerId: row.fromPeerId,
    toPeerId: row.toPeerId,
    timeout: row.replayTimeout,
    procedureId: row.procedureId,
    trigger: summary?.first?.triggerReason ?? null,
    outcome: row.outcome,
    detail: row.detail ?? summary?.lastError ?? null,
    steps: summary?.steps ?? [],
    durationMs: row.durationMs,
    startedBy: row.startedBy,
    planRunId: row.planRunId,
  };
  return merged;
}

function fromEvents(key: string, events: readonly MigrationEvent[]): MergedHistoryRow {
  const summary = summarise(events);
  const first = summary.first;
  return {
    key,
    source: 'cluster',
    timeNs: first?.timestampNs ?? '0',
    regionIds: summary.regionIds,
    tableId: first?.tableId ?? null,
    fromPeerId: first?.fromPeerId ?? null,
    toPeerId: first?.toPeerId ?? null,
    timeout: first?.timeout ?? null,
    procedureId: first?.procedureId ?? null,
    trigger: first?.triggerReason ?? null,
    outcome:
      summary.lastState === null
        ? 'unknown'
        : TERMINAL_STATES.has(summary.lastState)
          ? summary.lastState.toLowerCase()
          : `in progress (${summary.lastState})`,
    detail: summary.lastError,
    steps: summary.steps,
    durationMs: summary.durationMs,
    startedBy: first?.actor ?? null,
    planRunId: null,
  };
}

/** Journal rows and event rows -> one row per procedure, newest first. */
export function mergeHistory(
  journal: readonly HistoryRow[],
  events: readonly MigrationEvent[],
): MergedHistoryRow[] {
  const byProcedure = new Map<string, MigrationEvent[]>();
  events.forEach((event, index) => {
    // An event without a procedure id cannot be joined: it stands alone.
    const key = event.procedureId ?? `event-${String(index)}`;
    byProcedure.set(key, [...(byProcedure.get(key) ?? []), event]);
  });
  // Newest first: should two journal rows name one procedure id (an emulator reset repeats
  // its ids), the events belong to the latest submission.
  const newestFirst = [...journal].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  const rows: MergedHistoryRow[] = newestFirst.map((row) => {
    const matched = row.procedureId === null ? undefined : byProcedure.get(row.procedureId);
    if (row.procedureId !== null) byProcedure.delete(row.procedureId);
    return fromJournal(row, matched);
  });
  for (const [key, group] of byProcedure) rows.push(fromEvents(key, group));
  return rows.sort((a, b) => compareNs(b.timeNs, a.timeNs));
}
