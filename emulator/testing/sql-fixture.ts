/**
 * The cluster of the modern (v1.1.4) fixtures: datanodes 0..2, table 1024 `monitor` with regions
 * 4398046511104/05/06 on datanodes 0/1/2, on a ManualClock, plus helpers that run SQL through
 * the frontend handler exactly as an HTTP request would arrive: `runSql` for statements answered
 * at once, `runSqlWaiting` for one that waits for a procedure (the test then moves the clock).
 */
import { z } from 'zod';
import { SqlRecordsSchema } from '../../contract/sql/sql-records.ts';
import { ManualClock } from '../clock.ts';
import { handleFrontendRequest } from '../http/frontend-sql.ts';
import type { FrontendCredentials } from '../http/frontend-sql.ts';
import type { HttpExchange } from '../http/http-listener.ts';
import type { AdminResponse } from '../http/legacy-admin.ts';
import { EmulatedCluster } from '../model/cluster.ts';
import type { SqlApiVersion } from '../model/types.ts';

export const MODERN_TABLE = 1024;
export const R0 = 4398046511104n;
export const R1 = 4398046511105n;
export const R2 = 4398046511106n;

export function buildSqlCluster(): { clock: ManualClock; cluster: EmulatedCluster } {
  const clock = new ManualClock(Date.UTC(2026, 6, 24, 8, 0, 0));
  const cluster = new EmulatedCluster(clock, { seed: 1, datanodes: 3, empty: true });
  const h = { type: 'String', value: 'h' } as const;
  const p = { type: 'String', value: 'p' } as const;
  cluster.createPhysicalTable({
    tableId: MODERN_TABLE,
    name: 'monitor',
    leaderPeerIds: [0, 1, 2],
    partitions: [
      { kind: 'range', column: 'host', lower: null, upper: h },
      { kind: 'range', column: 'host', lower: h, upper: p },
      { kind: 'range', column: 'host', lower: p, upper: null },
    ],
    approximateBytes: [2691072, 2691072, 3215360],
    createdOnMs: clock.now() - 3_600_000,
  });
  clock.advance(10_000);
  return { clock, cluster };
}

export function exchange(
  target: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): HttpExchange {
  const q = target.indexOf('?');
  return {
    method: init.method ?? 'GET',
    target,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers: init.headers ?? {},
    body: init.body ?? '',
  };
}

/** The answer of a request none of whose statements waits for a procedure. */
export function answeredAtOnce(response: AdminResponse | Promise<AdminResponse>): AdminResponse {
  if (response instanceof Promise) {
    throw new Error('the statement waits for a procedure: use runSqlWaiting');
  }
  return response;
}

interface RunSqlOptions {
  db?: string;
  auth?: FrontendCredentials | null;
  headers?: Record<string, string>;
  version?: SqlApiVersion;
}

function sendSql(
  cluster: EmulatedCluster,
  sql: string,
  options: RunSqlOptions,
): AdminResponse | Promise<AdminResponse> {
  const params = new URLSearchParams({ sql });
  if (options.db !== undefined) params.set('db', options.db);
  return handleFrontendRequest(
    {
      cluster,
      version: options.version ?? 'v1.1',
      auth: options.auth ?? null,
      frontend: {
        peerAddr: 'greptimedb-frontend-0.greptimedb-frontend.my-greptimedb:4001',
        hostname: 'greptimedb-frontend-0',
        startMs: cluster.clock.now() - 3_000_000,
      },
    },
    exchange(`/v1/sql?${params.toString()}`, { headers: options.headers ?? {} }),
  );
}

export function runSql(
  cluster: EmulatedCluster,
  sql: string,
  options: RunSqlOptions = {},
): AdminResponse {
  return answeredAtOnce(sendSql(cluster, sql, options));
}

export function runSqlWaiting(
  cluster: EmulatedCluster,
  sql: string,
  options: RunSqlOptions = {},
): Promise<AdminResponse> {
  return Promise.resolve(sendSql(cluster, sql, options));
}

/** The body without its (timing-dependent) execution_time_ms. */
export function withoutTime(body: string): string {
  return body.replace(/"execution_time_ms":[0-9]+/, '"execution_time_ms":0');
}

const SqlRecordsAnswerSchema = z.object({
  output: z.tuple([
    z.object({
      records: SqlRecordsSchema.extend({ total_rows: z.number().optional() }),
    }),
  ]),
});

/** The records of a `/v1/sql` body with one output of rows. */
export function sqlRecords(body: string) {
  return SqlRecordsAnswerSchema.parse(JSON.parse(body)).output[0].records;
}
