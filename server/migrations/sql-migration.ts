/**
 * The tracker's SQL-path mode (GreptimeDB v0.8+, issue 7): submit with the version's
 * `migrate_region` statement through the frontend, follow with `procedure_state` until a
 * terminal status, and read `information_schema.region_peers` for the evidence. A procedure
 * that ends `Done` is only called done when region_peers shows the target leading the region
 * (a skipped procedure also ends Done). Statements come from contract/sql/statements.ts and
 * go through the SQL-path API's relay (sql-path-api.ts `runStatement`), never built here.
 */
import { parseLosslessJson } from '../../contract/lossless-json.ts';
import { z } from 'zod';
import type { SqlFacts } from '../../contract/greptime-version.ts';
import { timeoutSecondsOf } from '../../contract/duration.ts';
import {
  sqlProcedureBoundMs,
  type RegionState,
  type SqlMigrationDetail,
  type TrackedMigration,
} from '../../contract/tracked-migration.ts';
import { SqlKeyedRowsSchema } from '../../contract/sql/sql-records.ts';
import { explainFrontendError, isAuthFailure, readFrontendError } from '../sql/frontend-answer.ts';
import type { SqlAnswer } from '../sql/sql-api.ts';
import {
  MIGRATION_PROCEDURES_STATEMENT,
  migrateRegionStatement,
  procedureStateStatement,
  regionInfoStatement,
  tableRegionsStatement,
} from '../../contract/sql/statements.ts';
import {
  applyObservation,
  applyReadFailure,
  describeState,
  giveUpIfPastBound,
  withSeenState,
} from './follow-rules.ts';

/** What the tracker needs from a cluster's SQL path (api-handler.ts wires sql-path-api.ts). */
export interface SqlMigrationAccess {
  /** Whether the cluster speaks the SQL path (the connection detector's answer). */
  usesSqlGeneration: () => Promise<boolean>;
  facts: () => Promise<{ ok: true; facts: SqlFacts } | { ok: false; answer: SqlAnswer }>;
  runStatement: (statement: string, options: { isMutating: boolean }) => Promise<SqlAnswer>;
}

/** procedure_state statuses after which nothing more happens (API.md §3.3). */
const TERMINAL_STATUSES = new Set(['Done', 'Failed', 'Poisoned']);

const ProcedureStateSchema = z.object({ status: z.string(), error: z.string().optional() });

/** The first output's rows as objects (u64 ids exact: bigint or number). */
export function readRows(text: string): Record<string, unknown>[] | null {
  let value: unknown;
  try {
    value = parseLosslessJson(text);
  } catch {
    return null;
  }
  const parsed = SqlKeyedRowsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The single value of a one-row, one-column answer (migrate_region, procedure_state). */
function singleValue(text: string): { ok: true; value: unknown } | { ok: false } {
  const rows = readRows(text);
  const row = rows?.[0];
  if (rows?.length !== 1 || row === undefined) return { ok: false };
  const values = Object.values(row);
  return values.length === 1 ? { ok: true, value: values[0] } : { ok: false };
}

/** A failed frontend exchange as one sentence (the frontend's own text kept). */
export function answerProblem(answer: SqlAnswer): string {
  if (answer.kind === 'proxy-error') return answer.error.message;
  if (answer.kind === 'json') return 'unexpected answer';
  const text = answer.answer.body.toString('utf8');
  return explainFrontendError(answer.answer.status, readFrontendError(text));
}

function finished(
  record: TrackedMigration,
  outcome: NonNullable<TrackedMigration['outcome']>,
  atMs: number,
): TrackedMigration {
  return { ...record, phase: 'finished', outcome, finishedAtMs: atMs };
}

/** Submits `record.request` over SQL; the record returned is `following` or `finished`. */
export async function submitOverSql(
  record: TrackedMigration,
  access: SqlMigrationAccess,
  now: () => number,
): Promise<TrackedMigration> {
  const { request } = record;
  const known = await access.facts();
  if (!known.ok) {
    return finished(
      record,
      { kind: 'not-submitted', code: 'version-unknown', message: answerProblem(known.answer) },
      now(),
    );
  }
  const timeoutSecs = timeoutSecondsOf(request.replay_timeout);
  if (timeoutSecs === null) {
    return finished(
      record,
      {
        kind: 'not-submitted',
        code: 'bad-request',
        message: `migrate_region takes whole seconds (1 to 86400); ${request.replay_timeout} is not.`,
      },
      now(),
    );
  }
  const statement = migrateRegionStatement(
    { ...request, timeout_secs: String(timeoutSecs) },
    known.facts,
  );
  const detail: SqlMigrationDetail = {
    frontendAddr: null,
    statement,
    timeoutSecs,
    timeoutMeaning: known.facts.timeoutArgument.meaning,
    procedureState: null,
    failureReason: null,
  };
  const base: TrackedMigration = {
    ...record,
    boundMs: sqlProcedureBoundMs(timeoutSecs, detail.timeoutMeaning),
    sql: detail,
  };
  const answer = await access.runStatement(statement, { isMutating: true });
  const atMs = now();
  if (answer.kind === 'proxy-error') {
    if (answer.error.code === 'submission-outcome-unknown') {
      return {
        ...base,
        phase: 'following',
        submissionNote: answer.error.message,
        states: [{ code: 'submitted', label: 'Submitted (the frontend’s answer was lost)', atMs }],
      };
    }
    return finished(
      base,
      { kind: 'not-submitted', code: answer.error.code, message: answer.error.message },
      atMs,
    );
  }
  if (answer.kind !== 'frontend') {
    return finished(
      base,
      { kind: 'not-submitted', code: 'unexpected', message: 'unexpected answer' },
      atMs,
    );
  }
  const { addr, status, body } = answer.answer;
  const withAddr: TrackedMigration = {
    ...base,
    metasrvAddr: addr,
    sql: { ...detail, frontendAddr: addr },
  };
  const text = body.toString('utf8');
  if (status !== 200) {
    const error = readFrontendError(text);
    if (isAuthFailure(status, error)) {
      // The frontend refused us before anything ran: certainly not started.
      return finished(
        withAddr,
        {
          kind: 'not-submitted',
          code: 'frontend-auth',
          message: explainFrontendError(status, error),
        },
        atMs,
      );
    }
    return finished(
      withAddr,
      { kind: 'refused', status, text: error?.error ?? text, metasrvAddr: addr },
      atMs,
    );
  }
  const value = singleValue(text);
  if (value.ok && value.value === null) return finished(withAddr, { kind: 'already-there' }, atMs);
  if (value.ok && typeof value.value === 'string' && value.value !== '') {
    return {
      ...withAddr,
      phase: 'following',
      procedureId: value.value,
      states: [{ code: 'submitted', label: `Submitted as procedure ${value.value}`, atMs }],
    };
  }
  return {
    ...withAddr,
    phase: 'following',
    submissionNote: `The frontend ${addr} answered 200 with a body the console cannot read (${text.slice(0, 120)}); a procedure may have started, so region_peers is followed.`,
    states: [{ code: 'submitted', label: 'Submitted (procedure id unreadable)', atMs }],
  };
}

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

/** One `procedure_state` read (API.md §3.3): the JSON text, its status and its error. */
export async function readProcedureState(
  procedureId: string,
  access: Pick<SqlMigrationAccess, 'facts' | 'runStatement'>,
): Promise<Read<{ json: string; status: string; error: string | null }>> {
  const known = await access.facts();
  if (!known.ok) return { ok: false, problem: answerProblem(known.answer) };
  const answer = await access.runStatement(procedureStateStatement(procedureId, known.facts), {
    isMutating: false,
  });
  if (answer.kind !== 'frontend' || answer.answer.status !== 200) {
    return { ok: false, problem: `procedure_state: ${answerProblem(answer)}` };
  }
  const value = singleValue(answer.answer.body.toString('utf8'));
  if (!value.ok || typeof value.value !== 'string') {
    return { ok: false, problem: 'procedure_state answered a shape the console cannot read' };
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof ProcedureStateSchema>>;
  try {
    parsed = ProcedureStateSchema.safeParse(JSON.parse(value.value));
  } catch {
    parsed = ProcedureStateSchema.safeParse(undefined);
  }
  if (!parsed.success) {
    return { ok: false, problem: `procedure_state is not its JSON: ${value.value.slice(0, 120)}` };
  }
  return {
    ok: true,
    value: { json: value.value, status: parsed.data.status, error: parsed.data.error ?? null },
  };
}

/**
 * Where a region's leader is now, by region_peers; the plan executor (server/plans) asks this
 * before each move on a SQL-path cluster, as it reads `/admin/route` on a legacy one.
 */
export async function readRegionStateOverSql(
  region: { regionId: string; tableId: number },
  access: SqlMigrationAccess,
): Promise<Read<RegionState>> {
  const known = await access.facts();
  if (!known.ok) return { ok: false, problem: answerProblem(known.answer) };
  const answer = await access.runStatement(tableRegionsStatement(String(region.tableId)), {
    isMutating: false,
  });
  if (answer.kind !== 'frontend' || answer.answer.status !== 200) {
    return { ok: false, problem: `region_peers: ${answerProblem(answer)}` };
  }
  const rows = readRows(answer.answer.body.toString('utf8'));
  if (rows === null) return { ok: false, problem: 'region_peers answered an unreadable shape' };
  const regionRows = rows.filter((row) => String(row.region_id) === region.regionId);
  if (regionRows.length === 0) return { ok: true, value: { kind: 'missing' } };
  const leader = regionRows.find((row) => row.is_leader === 'Yes');
  const peerId = leader?.peer_id;
  if (typeof peerId !== 'number' && typeof peerId !== 'bigint') {
    return { ok: true, value: { kind: 'no-leader' } };
  }
  const status = typeof leader?.status === 'string' ? leader.status : '';
  return {
    ok: true,
    value: {
      kind: 'led',
      leaderPeerId: String(peerId),
      // v0.8-v0.9.3 `DOWNGRADED`, v0.9.4+ `DOWNGRADING` (API.md §3.5).
      isDowngraded: status === known.facts.downgradedStatus || status.startsWith('DOWNGRAD'),
    },
  };
}

/**
 * The id of a region-migration procedure still running for the region, by procedure_info
 * (the plan executor's check before each move). Versions before v0.9.4 have no such table:
 * the read fails and the caller falls back on region_peers' downgraded status.
 */
export async function readRunningMigrationProcedure(
  regionId: string,
  access: SqlMigrationAccess,
): Promise<Read<string | null>> {
  const answer = await access.runStatement(MIGRATION_PROCEDURES_STATEMENT, { isMutating: false });
  if (answer.kind !== 'frontend' || answer.answer.status !== 200) {
    return { ok: false, problem: `procedure_info: ${answerProblem(answer)}` };
  }
  const rows = readRows(answer.answer.body.toString('utf8'));
  if (rows === null) return { ok: false, problem: 'procedure_info answered an unreadable shape' };
  const lockKey = `__region_lock/${regionId}`;
  const running = rows.find(
    (row) =>
      typeof row.status === 'string' &&
      !TERMINAL_STATUSES.has(row.status) &&
      typeof row.lock_keys === 'string' &&
      row.lock_keys.split(',').includes(lockKey),
  );
  if (running === undefined) return { ok: true, value: null };
  return {
    ok: true,
    value: typeof running.procedure_id === 'string' ? running.procedure_id : '(id unreadable)',
  };
}

/**
 * The region's replicas as the datanodes report them (information_schema.region_info, v1.1+,
 * API.md §3.5), e.g. `Leader(Downgrading) on datanode 0 (read-only), Follower on datanode 1`
 * while the source is demoted and the candidate catches up. null before v1.1 or when the read
 * fails: region_peers stays the deciding evidence, this only shows what the datanodes say.
 */
export async function readRegionInfoSummary(
  region: { regionId: string; tableId: number },
  access: SqlMigrationAccess,
): Promise<string | null> {
  const known = await access.facts();
  if (!known.ok || !known.facts.hasRegionInfo) return null;
  const answer = await access.runStatement(regionInfoStatement(String(region.tableId)), {
    isMutating: false,
  });
  if (answer.kind !== 'frontend' || answer.answer.status !== 200) return null;
  const rows = readRows(answer.answer.body.toString('utf8'));
  if (rows === null) return null;
  const replicas = rows
    .filter((row) => String(row.region_id) === region.regionId)
    .map((row) => {
      const node =
        typeof row.node_id === 'number' || typeof row.node_id === 'bigint'
          ? String(row.node_id)
          : '?';
      const state = typeof row.state === 'string' ? row.state : '?';
      return `${state} on datanode ${node}${row.writable === false ? ' (read-only)' : ''}`;
    });
  return replicas.length === 0 ? 'not reported by any datanode' : replicas.join(', ');
}

/**
 * One follow step over SQL: procedure_state (when there is an id), region_info (v1.1+), then
 * region_peers.
 */
export async function followOverSql(
  record: TrackedMigration,
  access: SqlMigrationAccess,
  now: () => number,
): Promise<TrackedMigration> {
  if (record.phase !== 'following' || record.sql === undefined) return record;
  const procedure =
    record.procedureId === null ? null : await readProcedureState(record.procedureId, access);
  const regionInfo = await readRegionInfoSummary(
    { regionId: record.request.region_id, tableId: record.tableId },
    access,
  );
  const region = await readRegionStateOverSql(
    { regionId: record.request.region_id, tableId: record.tableId },
    access,
  );
  const atMs = now();
  let next = record;
  if (procedure?.ok === true) {
    const { json, status, error } = procedure.value;
    next = withSeenState(
      { ...next, sql: { ...record.sql, procedureState: json, failureReason: error } },
      {
        code: 'procedure-state',
        label: `Procedure ${status}${error === null ? '' : `: ${error}`}`,
      },
      atMs,
    );
  }
  if (regionInfo !== null) {
    next = withSeenState(next, { code: 'region-info', label: `region_info: ${regionInfo}` }, atMs);
  }
  if (!region.ok) return applyReadFailure(next, region.problem, atMs);
  // Without procedure_state (no id, or forgotten after a leader change): region_peers alone,
  // by the same rules as the legacy route.
  if (procedure === null || !procedure.ok) {
    const observed = applyObservation(next, region.value, atMs);
    return procedure === null ? observed : { ...observed, lastReadError: procedure.problem };
  }
  const state = region.value;
  next = { ...withSeenState(next, describeState(state, next), atMs), lastReadError: null };
  const { status, error } = procedure.value;
  if (!TERMINAL_STATUSES.has(status)) return giveUpIfPastBound(next, atMs);
  const { from_peer_id: source, to_peer_id: target } = next.request;
  const leader = state.kind === 'led' ? state : null;
  if (status === 'Done') {
    if (leader?.leaderPeerId === target && !leader.isDowngraded) {
      return finished(next, { kind: 'done' }, atMs);
    }
    // The upgrade has not cleared the downgraded status yet.
    if (leader?.leaderPeerId === target) return giveUpIfPastBound(next, atMs);
    return finished(
      next,
      {
        kind: 'diverged',
        reason:
          `procedure_state says Done, but region_peers shows ${leader === null ? 'no leader' : `the leader on datanode ${leader.leaderPeerId}`}, ` +
          `not datanode ${target}: a skipped procedure also ends Done, so this is not a completed move.`,
      },
      atMs,
    );
  }
  // Failed or Poisoned: the rollback put the leader back, or something else happened.
  if (leader?.isDowngraded === true) return giveUpIfPastBound(next, atMs);
  if (leader?.leaderPeerId === source) {
    // procedure_state carries GreptimeDB's own reason: it is the evidence the user needs.
    const evidence = `procedure_state says ${status}${error === null ? '' : `: ${error}`}; region_peers shows the leader on datanode ${source}.`;
    return finished(next, { kind: 'rolled-back', evidence }, atMs);
  }
  return finished(
    next,
    {
      kind: 'diverged',
      reason: `The procedure ended ${status}${error === null ? '' : ` (${error})`} and region_peers shows ${leader === null ? 'no leader' : `the leader on datanode ${leader.leaderPeerId}`}.`,
    },
    atMs,
  );
}
