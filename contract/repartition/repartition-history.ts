/**
 * The repartition history of one cluster: the console's own records (splits and merges it
 * submitted and followed, server/repartitions) merged with GreptimeDB's (the `repartition`
 * events of v1.2, repartition-events.ts), one row per parent procedure. A repartition submitted
 * through the console is in both: they are joined by procedure id and the console's record wins
 * (its statement, outcome and user), the events adding the states the cluster recorded. A
 * repartition the console did not submit (SQL from another client, another console) is a row
 * of its own, "outside this console", with what the events say. Shared by the History page and
 * its exports, so the two agree.
 *
 * Event timestamps are nanoseconds beyond 2^53: they stay decimal strings, compared as bigint.
 */
import { formatHumantimeDuration } from '../duration.ts';
import { csvTable, procedureCsvColumns } from '../history-export.ts';
import type { CsvColumns, CsvTable } from '../history-export.ts';
import type { HistorySource } from '../merged-history.ts';
import { nanosToIso } from '../merged-history.ts';
import type { TrackedRepartition } from './repartition-api.ts';
import {
  TERMINAL_REPARTITION_STATES,
  clusterRepartitions,
  type ClusterRepartition,
  type RepartitionEvent,
  type RepartitionEventStep,
} from './repartition-events.ts';

/** The outcome of a console record in one word, and GreptimeDB's text where it gave one. */
export function repartitionOutcome(record: TrackedRepartition): {
  word: string;
  detail: string | null;
} {
  const outcome = record.outcome;
  if (outcome === null) {
    return { word: record.phase === 'submitting' ? 'submitting' : 'running', detail: null };
  }
  switch (outcome.kind) {
    case 'done':
      return { word: 'done', detail: null };
    case 'failed':
      return { word: 'failed', detail: outcome.reason };
    case 'timed-out':
      return {
        word: outcome.byProcedure ? 'timed out' : 'timed out (may still end)',
        detail: outcome.message,
      };
    case 'refused':
      return {
        word: 'refused',
        detail: `HTTP ${String(outcome.httpStatus)}${outcome.code === null ? '' : `, code ${String(outcome.code)}`}: ${outcome.message}`,
      };
    case 'not-submitted':
      return { word: 'not submitted', detail: outcome.message };
  }
}

/** The outcome of a repartition only the events know, from its parent's last state. */
function clusterOutcome(repartition: ClusterRepartition): { word: string; detail: string | null } {
  const state = repartition.lastState;
  if (state === null) return { word: 'unknown', detail: repartition.error };
  if (TERMINAL_REPARTITION_STATES.has(state)) {
    return { word: state.toLowerCase(), detail: repartition.error };
  }
  return {
    word: state === 'Running' ? 'running' : `running (${state})`,
    detail: repartition.error,
  };
}

export interface RepartitionHistoryRow {
  key: string;
  /** console: only in the console's records; cluster: only in events; both: joined. */
  source: HistorySource;
  /** Submission (console) or first event, nanoseconds since the epoch. */
  timeNs: string;
  kind: string;
  catalog: string | null;
  schema: string | null;
  tableName: string | null;
  tableId: number | null;
  /** The exact statement the console sent; null for a repartition from outside. */
  statement: string | null;
  /** The partitions replaced and their replacements, as the console or the events wrote them. */
  fromPartitions: string[] | null;
  toPartitions: string[] | null;
  sourceRegionIds: string[];
  targetRegionIds: string[];
  /** The procedure's TIMEOUT, humantime. */
  timeout: string | null;
  procedureId: string | null;
  outcome: string;
  detail: string | null;
  /** The parent procedure's rows in greptime_private.events, oldest first (empty without). */
  steps: RepartitionEventStep[];
  durationMs: number | null;
  /** The console's user, or the database user the events name as `actor`. */
  startedBy: string | null;
  /** `event_context.reason` of the events (`manual`, `auto_repartition`…). */
  reason: string | null;
  /** A payload the events hold in an undocumented version, not read. */
  hasUnreadPayload: boolean;
}

const NS_PER_MS = 1_000_000n;

function compareNs(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

function fromConsole(
  record: TrackedRepartition,
  events: ClusterRepartition | undefined,
): RepartitionHistoryRow {
  const { word, detail } = repartitionOutcome(record);
  return {
    key: record.id,
    source: events === undefined ? 'console' : 'console+cluster',
    timeNs: (BigInt(record.submittedAtMs) * NS_PER_MS).toString(),
    kind: record.kind,
    catalog: record.table.catalog,
    schema: record.table.schema,
    tableName: record.table.name,
    tableId: record.table.tableId,
    statement: record.statement === '' ? null : record.statement,
    fromPartitions: record.sourceExprs,
    // A merge refused by the console's own check kept no partition after: the events' text.
    toPartitions:
      record.targetExprs.length > 0 ? record.targetExprs : (events?.toPartitions ?? null),
    sourceRegionIds:
      record.replaced.length > 0
        ? record.replaced.map((r) => r.regionId)
        : (events?.sourceRegionIds ?? []),
    // What GreptimeDB allocated where it recorded it; else the console's preview (§7.4: the
    // replaced regions kept, then the new ones).
    targetRegionIds:
      events !== undefined && events.targetRegionIds.length > 0
        ? events.targetRegionIds
        : [
            ...record.replaced
              .map((r) => r.regionId)
              .filter((id) => !record.deallocatedRegionIds.includes(id)),
            ...record.allocatedRegionIds,
          ],
    timeout: formatHumantimeDuration(BigInt(record.timeoutMs) * NS_PER_MS),
    procedureId: record.procedureId,
    outcome: word,
    detail,
    steps: events?.steps ?? [],
    durationMs: record.finishedAtMs === null ? null : record.finishedAtMs - record.submittedAtMs,
    startedBy: record.startedBy,
    reason: events?.reason ?? null,
    hasUnreadPayload: events?.hasUnreadPayload ?? false,
  };
}

function fromCluster(repartition: ClusterRepartition): RepartitionHistoryRow {
  const { word, detail } = clusterOutcome(repartition);
  return {
    key: repartition.key,
    source: 'cluster',
    timeNs: repartition.timeNs,
    kind: repartition.kind,
    catalog: repartition.catalog,
    schema: repartition.schema,
    tableName: repartition.tableName,
    tableId: repartition.tableId,
    statement: null,
    fromPartitions: repartition.fromPartitions,
    toPartitions: repartition.toPartitions,
    sourceRegionIds: repartition.sourceRegionIds,
    targetRegionIds: repartition.targetRegionIds,
    timeout: repartition.timeout,
    procedureId: repartition.procedureId,
    outcome: word,
    detail,
    steps: repartition.steps,
    durationMs: repartition.durationMs,
    startedBy: repartition.actor,
    reason: repartition.reason,
    hasUnreadPayload: repartition.hasUnreadPayload,
  };
}

/**
 * The console's records and the cluster's events -> one row per repartition, newest first.
 * Should two console records name one procedure id (an emulator reset can repeat state, and a
 * record is never deleted), the events belong to the latest submission.
 */
export function mergeRepartitionHistory(
  records: readonly TrackedRepartition[],
  events: readonly RepartitionEvent[],
): RepartitionHistoryRow[] {
  const byProcedure = new Map<string, ClusterRepartition>();
  for (const repartition of clusterRepartitions(events)) {
    byProcedure.set(repartition.key, repartition);
  }
  const newestFirst = [...records].sort((a, b) => b.submittedAtMs - a.submittedAtMs);
  const rows = newestFirst.map((record) => {
    const matched = record.procedureId === null ? undefined : byProcedure.get(record.procedureId);
    if (record.procedureId !== null) byProcedure.delete(record.procedureId);
    return fromConsole(record, matched);
  });
  for (const repartition of byProcedure.values()) rows.push(fromCluster(repartition));
  return rows.sort((a, b) => compareNs(b.timeNs, a.timeNs));
}

/**
 * Who started it: "this console" (with the console's user where logins are on), or "outside
 * this console" with the reason and database user GreptimeDB's events record (API.md §6.3).
 */
export function repartitionActor(row: RepartitionHistoryRow): string {
  if (row.source !== 'cluster') {
    return row.startedBy === null ? 'this console' : `this console (${row.startedBy})`;
  }
  const facts = [
    row.reason === null ? null : `reason ${row.reason}`,
    row.startedBy === null ? null : `actor ${row.startedBy}`,
  ].filter((fact) => fact !== null);
  return facts.length === 0 ? 'outside this console' : `outside this console (${facts.join(', ')})`;
}

/** `schema.table`, or what the events name of it. */
export function repartitionTableText(row: RepartitionHistoryRow): string {
  const name =
    row.tableName === null
      ? null
      : row.schema === null
        ? row.tableName
        : `${row.schema}.${row.tableName}`;
  return name ?? (row.tableId === null ? '—' : `table ${String(row.tableId)}`);
}

/** Expressions hold commas and spaces: one `; ` between two of them reads unambiguously. */
const list = (values: readonly string[] | null) => (values === null ? null : values.join('; '));

const CSV_COLUMNS: CsvColumns<RepartitionHistoryRow> = [
  ['time', (row) => nanosToIso(row.timeNs)],
  ['time_ns', (row) => row.timeNs],
  ['source', (row) => row.source],
  ['kind', (row) => row.kind],
  ['catalog', (row) => row.catalog],
  ['table', (row) => repartitionTableText(row)],
  ['table_id', (row) => row.tableId],
  ['from_partitions', (row) => list(row.fromPartitions)],
  ['to_partitions', (row) => list(row.toPartitions)],
  ['source_regions', (row) => row.sourceRegionIds.join(' ')],
  ['target_regions', (row) => row.targetRegionIds.join(' ')],
  ...procedureCsvColumns(repartitionActor),
  ['statement', (row) => row.statement],
];

/** The merged repartition history's CSV, one row per repartition (`Papa.unparse` it). */
export function repartitionHistoryCsvTable(rows: readonly RepartitionHistoryRow[]): CsvTable {
  return csvTable(CSV_COLUMNS, rows);
}

/** The same rows as JSON; nanosecond timestamps stay decimal strings. */
export function repartitionHistoryJson(
  clusterId: string,
  rows: readonly RepartitionHistoryRow[],
): string {
  const withActors = rows.map((row) => ({ ...row, actor: repartitionActor(row) }));
  return `${JSON.stringify({ clusterId, repartitions: withActors }, null, 2)}\n`;
}
