/**
 * MetaSrv v1.1.4 admin surfaces (API.md §3.1):
 * - `handleSqlAdmin`: the axum router on the HTTP port. Method-strict (405 with `allow`),
 *   unknown paths 404 empty, JSON with `application/json`, errors 500 `text/plain; charset=utf-8`.
 * - `handleSqlTonicAdmin`: the deprecated tonic router still on the gRPC port (the address
 *   `/admin/leader` reports). Most handlers ignore the method; maintenance and procedure-manager
 *   look at it. Plain bodies have no Content-Type, as in the legacy router.
 */
import type { EmulatedCluster } from '../model/cluster.ts';
import type { SqlApiVersion } from '../model/types.ts';
import { MetasrvError, errors } from '../model/errors.ts';
import type { HttpExchange } from './http-listener.ts';
import { GRPC_UNIMPLEMENTED, parseQuery } from './legacy-admin.ts';
import type { AdminResponse } from './legacy-admin.ts';
import { v1HeartbeatBody, v1NodeLeaseBody } from './sql-wire.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const TEXT_TYPE = { 'content-type': 'text/plain; charset=utf-8' };

function json(body: string): AdminResponse {
  return { status: 200, headers: JSON_TYPE, body };
}

function requireLeader(cluster: EmulatedCluster): void {
  if (!cluster.withoutElection && cluster.leader() === null) throw errors.noLeader();
}

function leaderAddr(cluster: EmulatedCluster): string {
  if (cluster.withoutElection) return 'election info is None';
  const index = cluster.leader();
  const node = index === null ? undefined : cluster.metasrvs[index];
  // The election's leader value is the leader's gRPC `server_addr`, i.e. the reported address.
  if (node === undefined) throw new MetasrvError('Keyvalue backend error');
  return node.addr;
}

const enabled = (on: boolean) => `{"enabled":${on ? 'true' : 'false'}}`;
const managerStatus = (cluster: EmulatedCluster) =>
  `{"status":"${cluster.procedureManagerPaused ? 'paused' : 'running'}"}`;

function nextTableId(cluster: EmulatedCluster): number {
  let max = 1023;
  for (const t of cluster.allTables()) max = Math.max(max, t.tableId);
  return cluster.nextTableIdOverride ?? max + 1;
}

type Route = {
  method: 'GET' | 'POST';
  run: (cluster: EmulatedCluster, ex: HttpExchange, version: SqlApiVersion) => AdminResponse;
};

const help = (indent: string) =>
  `\n${indent}- GET /heartbeat\n${indent}- GET /heartbeat?addr=127.0.0.1:3001\n${indent}`;

const AXUM_ROUTES = new Map<string, Route>([
  [
    '/admin/health',
    { method: 'GET', run: () => ({ status: 200, headers: TEXT_TYPE, body: 'OK\n' }) },
  ],
  [
    '/admin/leader',
    { method: 'GET', run: (c) => ({ status: 200, headers: TEXT_TYPE, body: leaderAddr(c) }) },
  ],
  [
    '/admin/node-lease',
    {
      method: 'GET',
      run: (c) => {
        requireLeader(c);
        return json(v1NodeLeaseBody(c));
      },
    },
  ],
  [
    '/admin/heartbeat',
    {
      method: 'GET',
      run: (c, ex, version) => {
        requireLeader(c);
        return json(v1HeartbeatBody(c, parseQuery(ex.query).get('addr'), version));
      },
    },
  ],
  [
    '/admin/heartbeat/help',
    { method: 'GET', run: () => ({ status: 200, headers: TEXT_TYPE, body: help('    ') }) },
  ],
  ['/admin/maintenance', { method: 'GET', run: (c) => json(enabled(c.maintenance)) }],
  ['/admin/maintenance/status', { method: 'GET', run: (c) => json(enabled(c.maintenance)) }],
  [
    '/admin/maintenance/enable',
    { method: 'POST', run: (c) => json(enabled((c.maintenance = true))) },
  ],
  [
    '/admin/maintenance/disable',
    { method: 'POST', run: (c) => json(enabled((c.maintenance = false))) },
  ],
  ['/admin/procedure-manager/status', { method: 'GET', run: (c) => json(managerStatus(c)) }],
  [
    '/admin/procedure-manager/pause',
    {
      method: 'POST',
      run: (c) => {
        c.procedureManagerPaused = true;
        return json(managerStatus(c));
      },
    },
  ],
  [
    '/admin/procedure-manager/resume',
    {
      method: 'POST',
      run: (c) => {
        c.procedureManagerPaused = false;
        return json(managerStatus(c));
      },
    },
  ],
  ['/admin/recovery/status', { method: 'GET', run: (c) => json(enabled(c.recovery)) }],
  ['/admin/recovery/enable', { method: 'POST', run: (c) => json(enabled((c.recovery = true))) }],
  ['/admin/recovery/disable', { method: 'POST', run: (c) => json(enabled((c.recovery = false))) }],
  [
    '/admin/sequence/table/next-id',
    { method: 'GET', run: (c) => json(`{"next_table_id":${nextTableId(c)}}`) },
  ],
  [
    '/admin/sequence/table/set-next-id',
    {
      method: 'POST',
      run: (c, ex) => {
        // These two handlers answer errors in the frontend's JSON error shape (derived texts).
        const fail = (code: number, message: string): AdminResponse => ({
          status: code === 1004 ? 400 : 500,
          headers: JSON_TYPE,
          body: `{"code":${code},"error":${JSON.stringify(message)},"execution_time_ms":0}`,
        });
        if (!c.recovery)
          return fail(1004, 'Setting next table id is only allowed in recovery mode');
        let parsed: unknown;
        try {
          parsed = JSON.parse(ex.body) as unknown;
        } catch {
          return fail(1004, 'Invalid request body, expected {"next_table_id":u32}');
        }
        const next: unknown =
          typeof parsed === 'object' && parsed !== null
            ? Reflect.get(parsed, 'next_table_id')
            : undefined;
        if (typeof next !== 'number' || !Number.isInteger(next) || next < 0 || next > 0xffff_ffff) {
          return fail(1004, 'Invalid request body, expected {"next_table_id":u32}');
        }
        if (next < nextTableId(c))
          return fail(
            1004,
            `The next table id ${next} is less than the current one ${nextTableId(c)}`,
          );
        c.nextTableIdOverride = next;
        return json(`{"next_table_id":${next}}`);
      },
    },
  ],
]);

function guarded(run: () => AdminResponse, plainErrors: boolean): AdminResponse {
  try {
    return run();
  } catch (error) {
    if (error instanceof MetasrvError) {
      return { status: 500, headers: plainErrors ? {} : TEXT_TYPE, body: error.message };
    }
    throw error;
  }
}

export function handleSqlAdmin(
  cluster: EmulatedCluster,
  ex: HttpExchange,
  version: SqlApiVersion,
): AdminResponse {
  const route = AXUM_ROUTES.get(ex.path);
  if (route === undefined) return { status: 404, headers: {}, body: '' };
  const allowed = route.method === 'GET' ? ['GET', 'HEAD'] : ['POST'];
  if (!allowed.includes(ex.method)) {
    return { status: 405, headers: { allow: allowed.join(',') }, body: '' };
  }
  return guarded(() => route.run(cluster, ex, version), false);
}

function legacyMaintenance(cluster: EmulatedCluster, params: Map<string, string>): AdminResponse {
  const raw = params.get('enable');
  if (raw === undefined) throw errors.missingParameter('enable');
  if (raw !== 'true' && raw !== 'false')
    throw errors.parseBool("'enable' must be 'true' or 'false'");
  cluster.maintenance = raw === 'true';
  return json(enabled(cluster.maintenance));
}

function tonicMaintenance(cluster: EmulatedCluster, ex: HttpExchange): AdminResponse {
  const params = parseQuery(ex.query);
  const bare = ex.path === '/admin/maintenance';
  const notFound: AdminResponse = { status: 404, headers: {}, body: '' };
  switch (ex.method) {
    case 'GET':
      if (ex.path.endsWith('/status') || (bare && params.size === 0))
        return json(enabled(cluster.maintenance));
      return bare ? legacyMaintenance(cluster, params) : notFound;
    case 'PUT':
      return bare ? legacyMaintenance(cluster, params) : notFound;
    case 'POST':
      if (ex.path.endsWith('/enable')) return json(enabled((cluster.maintenance = true)));
      if (ex.path.endsWith('/disable')) return json(enabled((cluster.maintenance = false)));
      return bare ? legacyMaintenance(cluster, params) : notFound;
    default:
      throw new MetasrvError(`Unsupported operation http method ${ex.method}`);
  }
}

function tonicProcedureManager(cluster: EmulatedCluster, ex: HttpExchange): AdminResponse {
  if (ex.method === 'GET' && ex.path.endsWith('/status')) return json(managerStatus(cluster));
  if (ex.method === 'POST' && (ex.path.endsWith('/pause') || ex.path.endsWith('/resume'))) {
    cluster.procedureManagerPaused = ex.path.endsWith('/pause');
    return json(managerStatus(cluster));
  }
  return { status: 404, headers: {}, body: '' };
}

const TONIC_PATHS = new Set([
  '/admin/health',
  '/admin/node-lease',
  '/admin/heartbeat',
  '/admin/heartbeat/help',
  '/admin/leader',
  '/admin/maintenance',
  '/admin/maintenance/status',
  '/admin/maintenance/enable',
  '/admin/maintenance/disable',
  '/admin/procedure-manager/pause',
  '/admin/procedure-manager/resume',
  '/admin/procedure-manager/status',
]);

export function handleSqlTonicAdmin(
  cluster: EmulatedCluster,
  ex: HttpExchange,
  version: SqlApiVersion,
): AdminResponse {
  if (!ex.path.startsWith('/admin/')) return GRPC_UNIMPLEMENTED;
  if (!TONIC_PATHS.has(ex.path)) return { status: 404, headers: {}, body: '' };
  return guarded(() => {
    if (ex.path.startsWith('/admin/maintenance')) return tonicMaintenance(cluster, ex);
    if (ex.path.startsWith('/admin/procedure-manager')) return tonicProcedureManager(cluster, ex);
    switch (ex.path) {
      case '/admin/health':
        return { status: 200, headers: {}, body: 'OK\n' };
      case '/admin/leader':
        return { status: 200, headers: {}, body: leaderAddr(cluster) };
      case '/admin/node-lease':
        requireLeader(cluster);
        return { status: 200, headers: {}, body: v1NodeLeaseBody(cluster) };
      case '/admin/heartbeat/help':
        return {
          status: 200,
          headers: { 'Content-Type': 'text/plain' },
          body: help('            '),
        };
      default:
        requireLeader(cluster);
        return {
          status: 200,
          headers: {},
          body: v1HeartbeatBody(cluster, parseQuery(ex.query).get('addr'), version),
        };
    }
  }, true);
}
