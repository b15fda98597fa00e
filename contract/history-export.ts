/**
 * The migration history as rows, and its CSV and JSON exports. Shared by the server (the
 * export endpoints) and the browser (the history table), so the page and the files agree.
 *
 * CSV cells are neutralised against formula injection: a spreadsheet runs a cell that starts
 * with `=`, `+`, `-` or `@` (or a tab or carriage return, which some strip first) as a
 * formula. Such cells get a leading apostrophe, which spreadsheets show as text. MetaSrv's
 * error texts and user names are outside text, so every cell is treated this way.
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

const CSV_COLUMNS: readonly (readonly [keyof HistoryRow, string])[] = [
  ['submittedAt', 'time'],
  ['clusterId', 'cluster'],
  ['regionId', 'region'],
  ['tableId', 'table'],
  ['fromPeerId', 'from'],
  ['toPeerId', 'to'],
  ['replayTimeout', 'replay_timeout'],
  ['procedureId', 'procedure_id'],
  ['outcome', 'outcome'],
  ['detail', 'detail'],
  ['durationMs', 'duration_ms'],
  ['startedBy', 'started_by'],
  ['planRunId', 'plan_run'],
  ['id', 'id'],
];

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180 quoting), neutralised against formula injection. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function historyCsv(migrations: readonly TrackedMigration[]): string {
  const lines = [CSV_COLUMNS.map(([, header]) => header).join(',')];
  for (const m of migrations) {
    const row = historyRow(m);
    lines.push(CSV_COLUMNS.map(([key]) => csvCell(row[key])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function historyJson(clusterId: string, migrations: readonly TrackedMigration[]): string {
  const rows = migrations.map((m) => {
    const row = historyRow(m);
    return { ...row, actor: consoleActor(row) };
  });
  return `${JSON.stringify({ clusterId, migrations: rows }, null, 2)}\n`;
}

/** What a merged row's CSV cell holds; times with every nanosecond digit. */
const MERGED_CSV_COLUMNS: readonly (readonly [
  string,
  (row: MergedHistoryRow) => string | number | null,
])[] = [
  ['time', (row) => nanosToIso(row.timeNs)],
  ['time_ns', (row) => row.timeNs],
  ['source', (row) => row.source],
  ['trigger', (row) => row.trigger],
  ['region', (row) => row.regionIds.join(' ')],
  ['table', (row) => row.tableId],
  ['from', (row) => row.fromPeerId],
  ['to', (row) => row.toPeerId],
  ['timeout', (row) => row.timeout],
  ['procedure_id', (row) => row.procedureId],
  ['outcome', (row) => row.outcome],
  ['detail', (row) => row.detail],
  [
    'states',
    (row) => row.steps.map((step) => `${step.state}@${nanosToIso(step.timestampNs)}`).join(' '),
  ],
  ['duration_ms', (row) => row.durationMs],
  ['started_by', (row) => row.startedBy],
  ['plan_run', (row) => row.planRunId],
];

/** The merged (journal + greptime_private.events) history as CSV, one row per procedure. */
export function mergedHistoryCsv(rows: readonly MergedHistoryRow[]): string {
  const lines = [MERGED_CSV_COLUMNS.map(([header]) => header).join(',')];
  for (const row of rows)
    lines.push(MERGED_CSV_COLUMNS.map(([, cell]) => csvCell(cell(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The merged history as JSON; nanosecond timestamps stay decimal strings. */
export function mergedHistoryJson(clusterId: string, rows: readonly MergedHistoryRow[]): string {
  const withActors = rows.map((row) => ({ ...row, actor: mergedActor(row) }));
  return `${JSON.stringify({ clusterId, migrations: withActors }, null, 2)}\n`;
}
