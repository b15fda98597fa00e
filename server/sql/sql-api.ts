/**
 * The SQL-path endpoints (contract/sql-path-contract.ts) of one cluster: each validates its
 * parameters, builds its statement (contract/sql/statements.ts) and sends it to the configured frontend;
 * the frontend's status and JSON body are relayed unchanged. `connection` is the server's own
 * JSON. Mutating statements (migrate, flush, compact) are sent once: re-sent only when no
 * connection was ever made.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { API_PREFIX } from '../../contract/api-contract.ts';
import type { ConnectionInfo } from '../../contract/sql-contract.ts';
import {
  MaintenanceRequestSchema,
  OptionalTableIdQuerySchema,
  ProcedureStateQuerySchema,
  RegionMigrationSqlRequestSchema,
  SQL_ENDPOINTS,
  TableIdQuerySchema,
  TableNameQuerySchema,
} from '../../contract/sql-contract.ts';
import { parseGreptimeVersion, sqlFacts } from '../../contract/greptime-version.ts';
import type { SqlFacts } from '../../contract/greptime-version.ts';
import type { ProxyError } from '../proxy/responses.ts';
import { badRequest, readRequestInput } from '../proxy/request-body.ts';
import { validate } from '../proxy/validation.ts';
import type { Validated } from '../proxy/validation.ts';
import type { ConnectionDetector } from './connection-detector.ts';
import { readFrontendError } from './frontend-answer.ts';
import type { FrontendResult, FrontendTarget, SendSql } from './frontend-client.ts';
import {
  CLUSTER_INFO_STATEMENT,
  TABLES_STATEMENT,
  maintenanceStatement,
  metricTableRegionsStatement,
  migrateRegionStatement,
  migrationEventsStatement,
  procedureStateStatement,
  repartitionEventsStatement,
  regionInfoStatement,
  regionStatisticsStatement,
  tableByNameStatement,
  tableRegionsStatement,
} from '../../contract/sql/statements.ts';

export type FrontendAnswer = Extract<FrontendResult, { kind: 'response' }>;

export type SqlAnswer =
  | { kind: 'frontend'; answer: FrontendAnswer }
  | { kind: 'json'; value: ConnectionInfo }
  | { kind: 'proxy-error'; error: ProxyError; status?: number; headers?: Record<string, string> };

/** Flush and compaction run while the statement waits; they can take minutes on big tables. */
export const MAINTENANCE_TIMEOUT_MS = 10 * 60_000;

type Plan =
  | { kind: 'connection' }
  | { kind: 'read'; statement: string }
  /**
   * Needs the version (statement form) before the statement can be written; a null statement
   * means the version has nothing to read there, and `absent` says why (404).
   */
  | {
      kind: 'versioned';
      isMutating: boolean;
      build: (facts: SqlFacts) => string | null;
      absent?: string;
    };

interface SqlEndpoint {
  method: 'GET' | 'POST';
  plan(query: Record<string, string>, body: unknown): Validated<Plan>;
  /** Reads greptime_private.events, which exists only once something was recorded. */
  readsEvents?: boolean;
}

const NoQuerySchema = z.strictObject({});

function withQuery<T>(schema: z.ZodType<T>, toPlan: (value: T) => Plan): SqlEndpoint {
  return {
    method: 'GET',
    plan: (query) => {
      const checked = validate(schema, query);
      return checked.ok ? { ok: true, value: toPlan(checked.value) } : checked;
    },
  };
}

function withBody<T>(schema: z.ZodType<T>, toPlan: (value: T) => Plan): SqlEndpoint {
  return {
    method: 'POST',
    plan: (query, body) => {
      // Everything travels in the JSON body; a query string is refused, not ignored.
      const noQuery = validate(NoQuerySchema, query);
      const checked = validate(schema, body);
      if (!noQuery.ok || !checked.ok) {
        return {
          ok: false,
          issues: [...(noQuery.ok ? [] : noQuery.issues), ...(checked.ok ? [] : checked.issues)],
        };
      }
      return { ok: true, value: toPlan(checked.value) };
    },
  };
}

const ENDPOINT_HANDLERS: ReadonlyMap<string, SqlEndpoint> = new Map<string, SqlEndpoint>([
  [SQL_ENDPOINTS.connection, withQuery(NoQuerySchema, () => ({ kind: 'connection' }))],
  [
    SQL_ENDPOINTS.tables,
    withQuery(NoQuerySchema, () => ({ kind: 'read', statement: TABLES_STATEMENT })),
  ],
  [
    SQL_ENDPOINTS.clusterInfo,
    withQuery(NoQuerySchema, () => ({ kind: 'read', statement: CLUSTER_INFO_STATEMENT })),
  ],
  [
    SQL_ENDPOINTS.tableByName,
    withQuery(TableNameQuerySchema, ({ catalog, schema, table }) => ({
      kind: 'read',
      statement: tableByNameStatement(catalog, schema, table),
    })),
  ],
  [
    SQL_ENDPOINTS.tableRegions,
    withQuery(TableIdQuerySchema, ({ table_id }) => ({
      kind: 'read',
      statement: tableRegionsStatement(table_id),
    })),
  ],
  [
    SQL_ENDPOINTS.regionStatistics,
    withQuery(OptionalTableIdQuerySchema, ({ table_id }) => ({
      kind: 'read',
      statement: regionStatisticsStatement(table_id),
    })),
  ],
  [
    SQL_ENDPOINTS.metricTableRegions,
    withQuery(TableIdQuerySchema, ({ table_id }) => ({
      kind: 'read',
      statement: metricTableRegionsStatement(table_id),
    })),
  ],
  [
    SQL_ENDPOINTS.regionInfo,
    withQuery(TableIdQuerySchema, ({ table_id }) => ({
      kind: 'read',
      statement: regionInfoStatement(table_id),
    })),
  ],
  [
    SQL_ENDPOINTS.migrationEvents,
    {
      ...withQuery(OptionalTableIdQuerySchema, ({ table_id }) => ({
        kind: 'read',
        statement: migrationEventsStatement(table_id),
      })),
      readsEvents: true,
    },
  ],
  [
    SQL_ENDPOINTS.repartitionEvents,
    {
      ...withQuery(NoQuerySchema, () => ({
        kind: 'versioned',
        isMutating: false,
        build: (facts) => repartitionEventsStatement(facts),
        absent:
          'This GreptimeDB version writes no repartition events; greptime_private.events records ' +
          'repartitions from v1.2 (v0.16 to v1.1 record region migrations only).',
      })),
      readsEvents: true,
    },
  ],
  [
    SQL_ENDPOINTS.procedureState,
    withQuery(ProcedureStateQuerySchema, ({ procedure_id }) => ({
      kind: 'versioned',
      isMutating: false,
      build: (facts) => procedureStateStatement(procedure_id, facts),
    })),
  ],
  [
    SQL_ENDPOINTS.migrateRegion,
    withBody(RegionMigrationSqlRequestSchema, (request) => ({
      kind: 'versioned',
      isMutating: true,
      build: (facts) => migrateRegionStatement(request, facts),
    })),
  ],
  [
    SQL_ENDPOINTS.maintenance,
    withBody(MaintenanceRequestSchema, (request) => ({
      kind: 'versioned',
      isMutating: true,
      build: (facts) => maintenanceStatement(request, facts),
    })),
  ],
]);

const SQL_PATH = new RegExp(`^${API_PREFIX}/clusters/([^/]+)/([^/]+)$`);

/**
 * GreptimeDB's answer to a SELECT on greptime_private.events before MetaSrv's event recorder
 * created the table with its first insert (API.md §6.1): TableNotFound (4001, HTTP 400, §3.4)
 * with the planner's text, as `tests-integration/tests/sql.rs` shows it for another table.
 */
export const EVENTS_TABLE_NOT_FOUND = {
  status: 400,
  code: 4001,
  error: 'Failed to plan SQL: Table not found: greptime.greptime_private.events',
} as const;

/** Rows of no columns: what a read of a table with nothing in it gives the browser's schemas. */
const NO_ROWS_BODY = JSON.stringify({
  output: [{ records: { schema: { column_schemas: [] }, rows: [], total_rows: 0 } }],
});

/**
 * For an operator, an events table not created yet means no events recorded yet, not an
 * error: exactly that answer becomes an answer with no rows. Any other error stays as it is.
 */
function eventsNotYetRecorded(answer: SqlAnswer): SqlAnswer {
  if (answer.kind !== 'frontend' || answer.answer.status !== EVENTS_TABLE_NOT_FOUND.status) {
    return answer;
  }
  const error = readFrontendError(answer.answer.body.toString('utf8'));
  if (error?.code !== EVENTS_TABLE_NOT_FOUND.code || error.error !== EVENTS_TABLE_NOT_FOUND.error) {
    return answer;
  }
  return {
    kind: 'frontend',
    answer: {
      ...answer.answer,
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(NO_ROWS_BODY, 'utf8'),
    },
  };
}

/** Whether the path is one of ours (`/api/clusters/:id/<sql endpoint>`). */
export function isSqlEndpoint(pathname: string): boolean {
  const endpoint = SQL_PATH.exec(pathname)?.[2];
  return endpoint !== undefined && ENDPOINT_HANDLERS.has(endpoint);
}

export interface SqlApiDeps {
  frontend: FrontendTarget | null;
  detector: ConnectionDetector;
  sendSql: SendSql;
  timeoutMs: number;
}

export interface SqlApi {
  serve(req: IncomingMessage, url: URL): Promise<SqlAnswer>;
  /** The parsed JSON body of a POST, for the audit record. */
  bodyOf(req: IncomingMessage): unknown;
  /** Runs one statement built by the server (the migration tracker's follower uses it). */
  runStatement(statement: string, options: { isMutating: boolean }): Promise<SqlAnswer>;
  facts(): Promise<{ ok: true; facts: SqlFacts } | { ok: false; answer: SqlAnswer }>;
}

function frontendFailure(
  result: Exclude<FrontendResult, FrontendAnswer>,
  isMutating: boolean,
): SqlAnswer {
  if (result.kind === 'connect-failed') {
    return {
      kind: 'proxy-error',
      error: {
        code: 'frontend-unreachable',
        message: `The frontend ${result.addr} could not be reached (${result.message}); nothing was sent.`,
      },
    };
  }
  if (isMutating) {
    return {
      kind: 'proxy-error',
      status: result.kind === 'timeout' ? 504 : 502,
      error: {
        code: 'submission-outcome-unknown',
        message:
          `The statement reached the frontend ${result.addr}, but ${result.message}. It may have ` +
          'run, so it was not sent again; the console re-reads the cluster instead.',
      },
    };
  }
  return {
    kind: 'proxy-error',
    error: {
      code: result.kind === 'timeout' ? 'frontend-timeout' : 'frontend-unreachable',
      message: `The frontend ${result.addr}: ${result.message}`,
    },
  };
}

export function createSqlApi(deps: SqlApiDeps): SqlApi {
  const bodies = new WeakMap<IncomingMessage, unknown>();

  async function runStatement(
    statement: string,
    { isMutating, timeoutMs = deps.timeoutMs }: { isMutating: boolean; timeoutMs?: number },
  ): Promise<SqlAnswer> {
    const { frontend } = deps;
    if (frontend === null) {
      return {
        kind: 'proxy-error',
        error: {
          code: 'frontend-not-configured',
          message:
            'No GreptimeDB frontend is configured for this cluster. Set FRONTEND_URL ' +
            '(and FRONTEND_USER / FRONTEND_PASSWORD when auth is on) on the console server.',
        },
      };
    }
    // Reads may be repeated after any failure; a mutation only when nothing was sent.
    let result = await deps.sendSql(frontend, statement, { timeoutMs });
    if (result.kind === 'connect-failed' || (!isMutating && result.kind === 'reset-after-send')) {
      result = await deps.sendSql(frontend, statement, { timeoutMs });
    }
    if (result.kind !== 'response') return frontendFailure(result, isMutating);
    // Credentials refused after the connection was checked: the next check must ask again.
    if (result.status === 401 || result.status === 403) deps.detector.forget();
    return { kind: 'frontend', answer: result };
  }

  async function facts(): Promise<
    { ok: true; facts: SqlFacts } | { ok: false; answer: SqlAnswer }
  > {
    let info = await deps.detector.current();
    if (info.version === null) info = await deps.detector.current(true);
    const version = info.version === null ? null : parseGreptimeVersion(info.version);
    if (version !== null) return { ok: true, facts: sqlFacts(version) };
    return {
      ok: false,
      answer: {
        kind: 'proxy-error',
        status: info.problem?.status === 401 ? 401 : 502,
        error: {
          code: info.frontendAddr === null ? 'frontend-not-configured' : 'frontend-unreachable',
          message:
            `The cluster's GreptimeDB version is unknown, so no statement was sent. ${info.problem?.message ?? ''}`.trim(),
        },
      },
    };
  }

  async function serve(req: IncomingMessage, url: URL): Promise<SqlAnswer> {
    const name = SQL_PATH.exec(url.pathname)?.[2] ?? '';
    const endpoint = ENDPOINT_HANDLERS.get(name);
    if (endpoint === undefined) {
      return {
        kind: 'proxy-error',
        error: { code: 'not-found', message: `No such endpoint: ${url.pathname}` },
      };
    }
    if (req.method !== endpoint.method) {
      return {
        kind: 'proxy-error',
        error: { code: 'method-not-allowed', message: `Use ${endpoint.method} for this endpoint.` },
        headers: { allow: endpoint.method },
      };
    }
    const input = await readRequestInput(req, url, endpoint.method, bodies);
    if (!('ok' in input)) return input;
    const plan = endpoint.plan(input.query, input.body);
    if (!plan.ok) return badRequest(plan.issues);
    const answer = await answerPlan(name, plan.value);
    return endpoint.readsEvents === true ? eventsNotYetRecorded(answer) : answer;
  }

  async function answerPlan(name: string, plan: Plan): Promise<SqlAnswer> {
    switch (plan.kind) {
      case 'connection':
        return { kind: 'json', value: await deps.detector.current() };
      case 'read':
        return runStatement(plan.statement, { isMutating: false });
      case 'versioned': {
        const known = await facts();
        if (!known.ok) return known.answer;
        const statement = plan.build(known.facts);
        if (statement === null) {
          return {
            kind: 'proxy-error',
            error: { code: 'not-found', message: plan.absent ?? 'Not on this version.' },
          };
        }
        return runStatement(statement, {
          isMutating: plan.isMutating,
          ...(name === SQL_ENDPOINTS.maintenance ? { timeoutMs: MAINTENANCE_TIMEOUT_MS } : {}),
        });
      }
    }
  }

  return {
    serve,
    bodyOf: (req) => bodies.get(req),
    runStatement: (statement, options) => runStatement(statement, options),
    facts,
  };
}
