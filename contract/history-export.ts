/**
 * The migration history as rows, and its CSV and JSON exports. Shared by the server (the
 * export endpoints) and the browser (the history table), so the page and the files agree.
 *
 * A CSV export is built here as a `CsvTable` (header and cells) and written where it is served,
 * with `Papa.unparse(table, CSV_WRITE_OPTIONS)`: by the server for the journal's file, by the
 * browser for the merged one. contract/ does not import papaparse itself, because its types
 * (@types/papaparse) pull in Node's, which would give every contract file Node's globals.
 */
import type { MergedHistoryRow } from './merged-history.ts';
import { nanosToIso } from './merged-history.ts';
import type { MigrationOutcome, TrackedMigration } from './tracked-migration.ts';

export interface HistoryRow {
  id: string;
  submittedAt: string;
  clusterId: string;
  regionId: string;
  tableId: number;
  fromPeerId: string;
  toPeerId: string;
  replayTimeout: string;
  procedureId: string | null;
  outcome: string;
  /** MetaSrv's exact text for a refusal, or the reason for other endings. */
  detail: string | null;
  durationMs: number | null;
  startedBy: string | null;
  planRunId: string | null;
}

export function describeOutcome(outcome: MigrationOutcome | null): string {
  if (outcome === null) return 'in progress';
  switch (outcome.kind) {
    case 'done':
      return 'done';
    case 'rolled-back':
      return 'rolled back';
    case 'not-progressing':
      return outcome.inferredFailure === undefined ? 'not progressing' : 'failed (inferred)';
    case 'diverged':
      return 'route changed unexpectedly';
    case 'already-there':
      return 'already on target';
    case 'refused':
      return 'refused by MetaSrv';
    case 'not-submitted':
      return 'not submitted';
  }
}

function outcomeDetail(outcome: MigrationOutcome | null): string | null {
  if (outcome === null) return null;
  switch (outcome.kind) {
    case 'refused':
      return outcome.text;
    case 'not-submitted':
      return outcome.message;
    case 'diverged':
      return outcome.reason;
    case 'not-progressing':
      return outcome.inferredFailure ?? outcome.evidence ?? null;
    default:
      return null;
  }
}

export function historyRow(m: TrackedMigration): HistoryRow {
  return {
    id: m.id,
    submittedAt: new Date(m.submittedAtMs).toISOString(),
    clusterId: m.clusterId,
    regionId: m.request.region_id,
    tableId: m.tableId,
    fromPeerId: m.request.from_peer_id,
    toPeerId: m.request.to_peer_id,
    replayTimeout: m.request.replay_timeout,
    procedureId: m.procedureId,
    outcome: describeOutcome(m.outcome),
    detail: outcomeDetail(m.outcome),
    durationMs: m.finishedAtMs === null ? null : m.finishedAtMs - m.submittedAtMs,
    startedBy: m.startedBy,
    planRunId: m.planRunId,
  };
}

/**
 * Who moved a region the console moved: "manual (ana)" or "plan run <id> (ana)"; without a
 * user name (no login configured) just "manual" or "plan run <id>".
 */
export function consoleActor(m: Pick<HistoryRow, 'planRunId' | 'startedBy'>): string {
  const what = m.planRunId === null ? 'manual' : `plan run ${m.planRunId}`;
  return m.startedBy === null ? what : `${what} (${m.startedBy})`;
}

/**
 * The actor of a merged row: the console's own, or "outside this console" with the trigger
 * reason and the database user that GreptimeDB's events record (v0.16+, API.md §6).
 */
export function mergedActor(row: MergedHistoryRow): string {
  if (row.source !== 'cluster') return consoleActor(row);
  const facts = [
    row.trigger === null ? null : `trigger ${row.trigger}`,
    row.startedBy === null ? null : `actor ${row.startedBy}`,
  ].filter((fact) => fact !== null);
  return facts.length === 0 ? 'outside this console' : `outside this console (${facts.join(', ')})`;
}

/** A CSV file before it is written: its header and one row of cells per record. */
export interface CsvTable {
  fields: string[];
  data: (string | number | null)[][];
}

/**
 * The options every CSV export is written with (`Papa.unparse(table, CSV_WRITE_OPTIONS)`).
 *
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return,
 * which some strip first) as a formula; MetaSrv's error texts and user names are outside text,
 * so every such cell gets a leading apostrophe, which spreadsheets show as text. The pattern is
 * ours rather than papaparse's `true`, whose /^[=+\-@\t\r].*$/ only matches a cell without a
 * line break, so a multi-line MetaSrv text starting with `=` would pass unescaped. Numbers are
 * never escaped (papaparse skips them): `-1` as a number is data, not a formula.
 */
export const CSV_WRITE_OPTIONS = { escapeFormulae: /^[=+\-@\t\r]/, newline: '\r\n' } as const;

/** A CSV export's columns: each header with how a row fills its cell. */
export type CsvColumns<Row> = readonly (readonly [string, (row: Row) => string | number | null])[];

interface ProcedureCsvRow {
  timeout: string | null;
  procedureId: string | null;
  outcome: string;
  detail: string | null;
  steps: readonly { state: string; timestampNs: string }[];
  durationMs: number | null;
  startedBy: string | null;
}

/**
 * The columns the merged migration history and the repartition history share, in this order:
 * a procedure with its states (`State@ISO time`, space-separated in one cell), who started it.
 */
export function procedureCsvColumns<Row extends ProcedureCsvRow>(
  actor: (row: Row) => string,
): CsvColumns<Row> {
  return [
    ['timeout', (row) => row.timeout],
    ['procedure_id', (row) => row.procedureId],
    ['outcome', (row) => row.outcome],
    ['detail', (row) => row.detail],
    [
      'states',
      (row) => row.steps.map((step) => `${step.state}@${nanosToIso(step.timestampNs)}`).join(' '),
    ],
    ['duration_ms', (row) => row.durationMs],
    ['actor', actor],
    ['started_by', (row) => row.startedBy],
  ];
}

export function csvTable<Row>(columns: CsvColumns<Row>, rows: readonly Row[]): CsvTable {
  return {
    fields: columns.map(([header]) => header),
    data: rows.map((row) => columns.map(([, cell]) => cell(row))),
  };
}

const CSV_COLUMNS: CsvColumns<HistoryRow> = [
  ['time', (row) => row.submittedAt],
  ['cluster', (row) => row.clusterId],
  ['region', (row) => row.regionId],
  ['table', (row) => row.tableId],
  ['from', (row) => row.fromPeerId],
  ['to', (row) => row.toPeerId],
  ['replay_timeout', (row) => row.replayTimeout],
  ['procedure_id', (row) => row.procedureId],
  ['outcome', (row) => row.outcome],
  ['detail', (row) => row.detail],
  ['duration_ms', (row) => row.durationMs],
  ['actor', consoleActor],
  ['started_by', (row) => row.startedBy],
  ['plan_run', (row) => row.planRunId],
  ['id', (row) => row.id],
];

/** The journal's CSV export (the server's file), one row per migration. */
export function historyCsvTable(migrations: readonly TrackedMigration[]): CsvTable {
  return csvTable(CSV_COLUMNS, migrations.map(historyRow));
}

export function historyJson(clusterId: string, migrations: readonly TrackedMigration[]): string {
  const rows = migrations.map((m) => {
    const row = historyRow(m);
    return { ...row, actor: consoleActor(row) };
  });
  return `${JSON.stringify({ clusterId, migrations: rows }, null, 2)}\n`;
}

/** What a merged row's CSV cell holds; times with every nanosecond digit. */
const MERGED_CSV_COLUMNS: CsvColumns<MergedHistoryRow> = [
  ['time', (row) => nanosToIso(row.timeNs)],
  ['time_ns', (row) => row.timeNs],
  ['source', (row) => row.source],
  ['trigger', (row) => row.trigger],
  ['region', (row) => row.regionIds.join(' ')],
  ['table', (row) => row.tableId],
  ['from', (row) => row.fromPeerId],
  ['to', (row) => row.toPeerId],
  ...procedureCsvColumns(mergedActor),
  ['plan_run', (row) => row.planRunId],
];

/** The merged (journal + greptime_private.events) history's CSV export, one row per procedure. */
export function mergedHistoryCsvTable(rows: readonly MergedHistoryRow[]): CsvTable {
  return csvTable(MERGED_CSV_COLUMNS, rows);
}

/** The merged history as JSON; nanosecond timestamps stay decimal strings. */
export function mergedHistoryJson(clusterId: string, rows: readonly MergedHistoryRow[]): string {
  const withActors = rows.map((row) => ({ ...row, actor: mergedActor(row) }));
  return `${JSON.stringify({ clusterId, migrations: withActors }, null, 2)}\n`;
}
