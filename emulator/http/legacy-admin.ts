/**
 * The legacy MetaSrv admin API (v0.6.0 and v0.7.2, API.md §1) for one MetaSrv node, as a pure
 * function from request URL to response. Faithful to the tonic router: exact path match, HTTP
 * method ignored, only the query string read (form-urlencoded, last repeated key wins), every
 * handler error a 500 with the error's Display text and no Content-Type.
 */
import { parseHumantimeDuration } from '../../contract/duration.ts';
import type { EmulatedCluster } from '../model/cluster.ts';
import { MetasrvError, errors } from '../model/errors.ts';
import type { ApiVersion, TableRecord } from '../model/types.ts';
import { writeJson } from './json.ts';
import type { JsonValue } from './json.ts';
import { heartbeatBody, nodeLeaseBody, routeBody, tableInfoJson, hashOrder } from './wire.ts';

export interface AdminResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface AdminContext {
  cluster: EmulatedCluster;
  api: ApiVersion;
  nodeIndex: number;
}

type Params = Map<string, string>;
type Handler = (ctx: AdminContext, path: string, params: Params) => AdminResponse;

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** Rust `str::parse::<u64>()`: digits with an optional leading `+`, no spaces, in range. */
export function parseRustUnsigned(text: string, max: bigint): bigint | null {
  if (!/^\+?[0-9]+$/.test(text)) return null;
  const value = BigInt(text.startsWith('+') ? text.slice(1) : text);
  return value <= max ? value : null;
}

/** url::form_urlencoded::parse into a map: `+` is a space, the last repeated key wins. */
export function parseQuery(rawQuery: string): Params {
  const params: Params = new Map();
  for (const [key, value] of new URLSearchParams(rawQuery)) params.set(key, value);
  return params;
}

function ok(body: string, headers: Record<string, string> = {}): AdminResponse {
  return { status: 200, headers, body };
}

/** util::to_text_response */
function text(body: string): AdminResponse {
  return ok(body, { 'Content-Type': 'text/plain' });
}

/** Help texts are raw string literals: a leading newline and 12-space indentation. */
function helpText(lines: string[]): string {
  return `\n${lines.map((l) => `            ${l}\n`).join('')}            `;
}

function required(params: Params, key: string): string {
  const value = params.get(key);
  if (value === undefined) throw errors.missingParameter(key);
  return value;
}

function u64Param(params: Params, key: string, fallback: (key: string) => bigint): bigint {
  const raw = params.get(key);
  if (raw === undefined) return fallback(key);
  const value = parseRustUnsigned(raw, U64_MAX);
  if (value === null) throw errors.parseNumber(`invalid ${key}: ${raw}`);
  return value;
}

function missing(key: string): never {
  throw errors.missingParameter(key);
}

const health: Handler = () => ok('OK\n');

const leader: Handler = (ctx) => {
  const { cluster } = ctx;
  if (cluster.withoutElection) return ok('election info is None');
  const index = cluster.leader();
  const node = index === null ? undefined : cluster.metasrvs[index];
  if (node === undefined) throw errors.noLeader();
  return ok(node.addr);
};

function tableIdFromParams(ctx: AdminContext, params: Params): number {
  const regionRaw = params.get('region_id');
  if (regionRaw !== undefined) {
    const id = parseRustUnsigned(regionRaw, U64_MAX);
    if (id === null) throw errors.parseNumber(`invalid region id: ${regionRaw}`);
    return Number(id >> 32n);
  }
  const tableRaw = params.get('table_id');
  if (tableRaw !== undefined) {
    const id = parseRustUnsigned(tableRaw, 0xffff_ffffn);
    if (id === null) throw errors.parseNumber(`invalid table id: ${tableRaw}`);
    return Number(id);
  }
  const catalog = required(params, 'catalog');
  const schema = required(params, 'schema');
  const table = required(params, 'table');
  const found = ctx.cluster.tableByName(catalog, schema, table);
  if (found === undefined) throw errors.tableNotFound(catalog, schema, table);
  return found.tableId;
}

const route: Handler = (ctx, path, params) => {
  if (path.endsWith('/help')) {
    return text(
      helpText([
        '- GET /table?region_id=123',
        '- GET /table?table_id=456',
        '- GET /table?catalog=foo&schema=bar&table=baz',
      ]),
    );
  }
  const tableId = tableIdFromParams(ctx, params);
  const table = ctx.cluster.table(tableId);
  if (table === undefined) throw errors.tableRouteNotFound(String(tableId));
  return ok(routeBody(ctx.cluster, table, ctx.api));
};

const regionMigration: Handler = (ctx, _path, params) => {
  const clusterId = u64Param(params, 'cluster_id', () => 0n);
  const regionId = u64Param(params, 'region_id', missing);
  const fromPeerId = u64Param(params, 'from_peer_id', missing);
  const toPeerId = u64Param(params, 'to_peer_id', missing);
  const rawTimeout = params.get('replay_timeout');
  let replayTimeoutMs = 1_000;
  if (rawTimeout !== undefined) {
    const parsed = parseHumantimeDuration(rawTimeout);
    if (!parsed.ok) throw errors.parseDuration(rawTimeout);
    replayTimeoutMs = Number(parsed.nanos / 1_000_000n);
  }
  const procedureId = ctx.cluster.submitRegionMigration(
    ctx.nodeIndex,
    { clusterId, regionId, fromPeerId, toPeerId, replayTimeoutMs },
    ctx.api,
  );
  return ok(writeJson({ procedure_id: procedureId }));
};

/** Reads served from the leader's memory (forwarded by followers) fail while nobody leads. */
function requireLeader(ctx: AdminContext): void {
  if (!ctx.cluster.withoutElection && ctx.cluster.leader() === null) throw errors.noLeader();
}

const nodeLease: Handler = (ctx, _path, params) => {
  const raw = params.get('cluster_id');
  if (raw === undefined) throw errors.missingParameter('cluster_id');
  const clusterId = parseRustUnsigned(raw, U64_MAX);
  if (clusterId === null) throw errors.parseNumber('`cluster_id` is not a valid number');
  requireLeader(ctx);
  return ok(nodeLeaseBody(ctx.cluster, clusterId, ctx.api));
};

const heartbeat: Handler = (ctx, path, params) => {
  if (path.endsWith('/help')) {
    return text(helpText(['- GET /heartbeat', '- GET /heartbeat?addr=127.0.0.1:3001']));
  }
  requireLeader(ctx);
  return ok(heartbeatBody(ctx.cluster, params.get('addr')));
};

const catalogs: Handler = (ctx) => {
  const names = new Set<string>(['greptime']);
  for (const t of ctx.cluster.allTables()) names.add(t.catalog);
  return ok(writeJson([...names].sort()));
};

const schemas: Handler = (ctx, path, params) => {
  if (path.endsWith('/help')) return text(helpText(['- GET /schemas?catalog=foo']));
  const catalog = required(params, 'catalog');
  const names = new Set<string>();
  if (catalog === 'greptime') {
    // TableMetadataManager::init creates these three in the default catalog.
    for (const s of ['greptime_private', 'information_schema', 'public']) names.add(s);
  }
  for (const t of ctx.cluster.allTables()) if (t.catalog === catalog) names.add(t.schema);
  return ok(writeJson([...names].sort()));
};

const tables: Handler = (ctx, path, params) => {
  if (path.endsWith('/help')) return text(helpText(['- GET /tables?catalog=foo&schema=bar']));
  const catalog = required(params, 'catalog');
  const schema = required(params, 'schema');
  const names: string[] = [];
  for (const t of ctx.cluster.allTables()) {
    if (t.catalog === catalog && t.schema === schema) names.push(t.name);
  }
  return ok(writeJson(names.sort()));
};

function parseIdList(raw: string, max: bigint, what: string): bigint[] {
  return raw.split(',').map((part) => {
    const id = parseRustUnsigned(part, max);
    if (id === null) throw errors.parseNumber(`invalid ${what}: ${part}`);
    return id;
  });
}

const table: Handler = (ctx, path, params) => {
  if (path.endsWith('/help')) {
    return text(
      helpText([
        '- GET /table?region_ids=1,2,3,4,5',
        '- GET /table?table_ids=1,2,3,4,5',
        '- GET /table?catalog=foo&schema=bar&table=baz',
      ]),
    );
  }
  let ids: number[];
  const regionIds = params.get('region_ids');
  const tableIds = params.get('table_ids');
  if (regionIds !== undefined) {
    ids = parseIdList(regionIds, U64_MAX, 'region id').map((id) => Number(id >> 32n));
  } else if (tableIds !== undefined) {
    ids = parseIdList(tableIds, 0xffff_ffffn, 'table id').map(Number);
  } else {
    const catalog = required(params, 'catalog');
    const schema = required(params, 'schema');
    const name = required(params, 'table');
    const found = ctx.cluster.tableByName(catalog, schema, name);
    ids = found === undefined ? [] : [found.tableId];
  }
  const found = new Map<number, TableRecord>();
  for (const id of ids) {
    const t = ctx.cluster.table(id);
    if (t?.hasTableInfo === true) found.set(id, t);
  }
  const body: Record<string, JsonValue> = {};
  for (const t of hashOrder(
    [...found.values()].map((t) => ({ id: t.tableId, t })),
    ctx.cluster.options.seed,
  )) {
    body[String(t.id)] = tableInfoJson(ctx.cluster, t.t);
  }
  return ok(writeJson(body), { 'Content-Type': 'application/json' });
};

const maintenance: Handler = (ctx, path, params) => {
  if (path.endsWith('/set')) {
    const raw = params.get('enable');
    if (raw === undefined) throw errors.missingParameter('enable');
    if (raw !== 'true' && raw !== 'false') {
      throw errors.parseBool("'enable' must be 'true' or 'false'");
    }
    ctx.cluster.maintenance = raw === 'true';
    return ok(ctx.cluster.maintenance ? 'Maintenance mode enabled' : 'Maintenance mode disabled');
  }
  return ok(
    ctx.cluster.maintenance ? 'Maintenance mode is enabled' : 'Maintenance mode is disabled',
  );
};

function routesFor(api: ApiVersion): Map<string, Handler> {
  const routes = new Map<string, Handler>([
    ['/admin/health', health],
    ['/admin/node-lease', nodeLease],
    ['/admin/heartbeat', heartbeat],
    ['/admin/heartbeat/help', heartbeat],
    ['/admin/catalogs', catalogs],
    ['/admin/schemas', schemas],
    ['/admin/schemas/help', schemas],
    ['/admin/tables', tables],
    ['/admin/tables/help', tables],
    ['/admin/table', table],
    ['/admin/table/help', table],
    ['/admin/leader', leader],
    ['/admin/route', route],
    ['/admin/route/help', route],
    ['/admin/region-migration', regionMigration],
  ]);
  // The maintenance handler first shipped in v0.7.2.
  if (api === 'v0.7') {
    routes.set('/admin/maintenance', maintenance);
    routes.set('/admin/maintenance/set', maintenance);
  }
  return routes;
}

const ROUTES: Record<ApiVersion, Map<string, Handler>> = {
  'v0.6': routesFor('v0.6'),
  'v0.7': routesFor('v0.7'),
};

/** Splits a request target into its raw path and raw query (no decoding of the path). */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q < 0
    ? { path: target, query: '' }
    : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** Whether tonic routes the path to the admin service at all. */
export function isAdminPath(path: string): boolean {
  // tonic mounts a NamedService at `/<name>/*rest`, so a bare `/admin` falls through too.
  return path.startsWith('/admin/');
}

/** tonic's fallback for a path outside any registered service: gRPC "unimplemented". */
export const GRPC_UNIMPLEMENTED: AdminResponse = {
  status: 200,
  headers: { 'grpc-status': '12', 'content-type': 'application/grpc' },
  body: '',
};

export function handleAdminRequest(ctx: AdminContext, target: string): AdminResponse {
  const { path, query } = splitTarget(target);
  if (!isAdminPath(path)) return GRPC_UNIMPLEMENTED;
  const handler = ROUTES[ctx.api].get(path);
  if (handler === undefined) return { status: 404, headers: {}, body: '' };
  try {
    return handler(ctx, path, parseQuery(query));
  } catch (error) {
    if (error instanceof MetasrvError) return { status: 500, headers: {}, body: error.message };
    throw error;
  }
}
