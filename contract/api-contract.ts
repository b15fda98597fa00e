/**
 * The contract between the browser and our own server (`/api/...`). Both sides import it:
 * the server validates every request with these schemas before it builds an upstream
 * MetaSrv request, and the browser builds requests with the same names.
 *
 * Relayed endpoints answer with MetaSrv's status and body unchanged, plus the headers in
 * RELAY_HEADERS. The server's own answers (errors, the MetaSrv status summary) are JSON
 * described by the schemas below and carry `x-console-origin: proxy`.
 */
import { z } from 'zod';
import { parseU32, parseU64 } from './region-id.ts';
import { parseHumantimeDuration } from './duration.ts';

export const API_PREFIX = '/api';
export const DEFAULT_CLUSTER_ID = 'default';

export const RELAY_HEADERS = {
  /** host:port of the MetaSrv node that answered. */
  metasrvAddr: 'x-metasrv-addr',
  /** The upstream `Date` header: MetaSrv's clock, used for lease ages. */
  metasrvDate: 'x-metasrv-date',
  /** Present (value `proxy`) on answers the server made itself rather than relayed. */
  origin: 'x-console-origin',
} as const;

export const ClusterIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'invalid cluster id');

export const U64StringSchema = z
  .string()
  .refine((s) => parseU64(s) !== null, 'must be an unsigned 64-bit integer in decimal');
export const U32StringSchema = z
  .string()
  .refine((s) => parseU32(s) !== null, 'must be an unsigned 32-bit integer in decimal');
export const DurationStringSchema = z
  .string()
  .refine((s) => parseHumantimeDuration(s).ok, 'must be a duration MetaSrv accepts, e.g. 5m');
const NameSchema = z.string().min(1).max(255);

/** GET .../route: exactly one way of naming the table. */
export const RouteQuerySchema = z.union([
  z.strictObject({ table_id: U32StringSchema }),
  z.strictObject({ region_id: U64StringSchema }),
  z.strictObject({ catalog: NameSchema, schema: NameSchema, table: NameSchema }),
]);
export type RouteQuery = z.infer<typeof RouteQuerySchema>;

export const MaintenanceSetBodySchema = z.strictObject({ enable: z.boolean() });
export type MaintenanceSetBody = z.infer<typeof MaintenanceSetBodySchema>;

export const SchemasQuerySchema = z.strictObject({ catalog: NameSchema });
export const TablesQuerySchema = z.strictObject({ catalog: NameSchema, schema: NameSchema });
/** How many table ids one `table-info` read may name: one MetaSrv request, a bounded answer. */
export const TABLE_INFO_BATCH_LIMIT = 100;
/** Tables' metadata by id: `table_ids` is comma-separated, as `/admin/table?table_ids=` takes it. */
export const TableInfoQuerySchema = z.strictObject({
  table_ids: z
    .string()
    .transform((ids) => ids.split(','))
    .pipe(z.array(U32StringSchema).min(1).max(TABLE_INFO_BATCH_LIMIT)),
});

/** POST .../region-migration, JSON body. The replay timeout is always sent. */
export const RegionMigrationRequestSchema = z.strictObject({
  region_id: U64StringSchema,
  from_peer_id: U64StringSchema,
  to_peer_id: U64StringSchema,
  replay_timeout: DurationStringSchema,
});
export type RegionMigrationRequest = z.infer<typeof RegionMigrationRequestSchema>;

/** Paths under `/api/clusters/:clusterId/`. */
export const CLUSTER_ENDPOINTS = {
  metasrv: 'metasrv',
  route: 'route',
  nodeLease: 'node-lease',
  heartbeat: 'heartbeat',
  catalogs: 'catalogs',
  schemas: 'schemas',
  tables: 'tables',
  /** `/admin/table?table_ids=` (v0.6/v0.7): a table's name from its id. */
  tableInfo: 'table-info',
  regionMigration: 'region-migration',
  /** Migrations the server submitted and follows (server/migrations, tracked-migration.ts). */
  migrations: 'migrations',
  /** `/admin/maintenance` (v0.7.2+; older versions answer 404). */
  maintenance: 'maintenance',
  /** POST `{enable}` -> `/admin/maintenance/set?enable=`. */
  maintenanceSet: 'maintenance-set',
  /** POST `{enable}` -> POST `/admin/maintenance/enable|disable` (MetaSrv's HTTP admin, v0.16+). */
  maintenanceSwitch: 'maintenance-switch',
  /** `/admin/procedure-manager/status` (newer versions only). */
  procedureManager: 'procedure-manager',
  /** Our own summary of the heartbeat: regions per datanode and table (region-distribution.ts). */
  clusterSummary: 'cluster-summary',
  /** Drain/rebalance plan runs, executed by the server (plan-run-contract.ts). */
  planRuns: 'plan-runs',
  planRunControl: 'plan-run-control',
  /** Hot regions sampled from region_statistics (hot-regions.ts), v1.0+ SQL path. */
  hotRegions: 'hot-regions',
  hotRegionsHeatmap: 'hot-regions/heatmap',
  /** Split/merge procedures the server submitted and follows (repartition/repartition-api.ts). */
  repartitions: 'repartitions',
} as const;

export function clusterPath(clusterId: string, endpoint: string): string {
  return `${API_PREFIX}/clusters/${encodeURIComponent(clusterId)}/${endpoint}`;
}

export const ProxyErrorCodeSchema = z.enum([
  'bad-request',
  'not-found',
  'method-not-allowed',
  'payload-too-large',
  'metasrv-unreachable',
  'metasrv-timeout',
  'leader-not-configured',
  'no-leader',
  /** A migration request may have reached MetaSrv but no answer came back: never re-sent. */
  'submission-outcome-unknown',
  /** Production guards (server/security): no session or wrong credentials. */
  'unauthorized',
  /** Host not allowed, Origin not the public origin, or the mutation header missing. */
  'forbidden',
  /** The server runs in read-only mode: no mutating call reaches MetaSrv. */
  'read-only',
  'uri-too-long',
  /** MetaSrv answered 200 with a body the server could not summarize (cluster-summary). */
  'metasrv-invalid-answer',
  /** The request clashes with the server's state (a plan run is already active). */
  'conflict',
  /** SQL path (server/sql-path): no frontend configured, or it could not be reached. */
  'frontend-not-configured',
  'frontend-unreachable',
  'frontend-timeout',
  /** Too many failed sign-ins from one address (server/security/login-rate-limit.ts). */
  'too-many-requests',
  /** The console's own DATA_DIR refused the journal write: nothing was sent to the cluster. */
  'data-dir-not-writable',
]);
export type ProxyErrorCode = z.infer<typeof ProxyErrorCodeSchema>;

export const ProxyErrorBodySchema = z.object({
  error: z.object({
    code: ProxyErrorCodeSchema,
    message: z.string(),
    /** The MetaSrv node concerned, when there is one. */
    metasrv: z.string().optional(),
    /** Per-field problems for `bad-request`. */
    issues: z.array(z.string()).optional(),
  }),
});
export type ProxyErrorBody = z.infer<typeof ProxyErrorBodySchema>;

/** GET .../metasrv: what each configured MetaSrv node answered to `/admin/leader`. */
export const MetasrvNodeStatusSchema = z.object({
  addr: z.string(),
  reachable: z.boolean(),
  /** `/admin/leader` status and body exactly as MetaSrv sent them; null when unreachable. */
  leaderAnswer: z.object({ status: z.number().int(), body: z.string() }).nullable(),
  /** Why the node could not be asked (connection refused, timeout...). */
  error: z.string().nullable(),
  /** Since when the server's poller has had no answer from it (epoch ms); absent: not polled. */
  unreachableSinceMs: z.number().nullable().optional(),
});
export const MetasrvStatusSchema = z.object({
  nodes: z.array(MetasrvNodeStatusSchema),
  /** The leader the server routes leader-only requests to, if one is known. */
  leader: z
    .object({
      /** Configured address the server uses. */
      addr: z.string(),
      /** The address MetaSrv reported (differs from addr when mapped by configuration). */
      reportedAddr: z.string(),
      /** True when the node runs without election (`election info is None`). */
      withoutElection: z.boolean(),
    })
    .nullable(),
  leaderError: z.object({ code: ProxyErrorCodeSchema, message: z.string() }).nullable(),
  checkedAtMs: z.number(),
});
export type MetasrvStatus = z.infer<typeof MetasrvStatusSchema>;

/**
 * Sent by the browser on every mutating request. A cross-site HTML form cannot set a header,
 * and a cross-site fetch that sets one needs a CORS preflight this server never grants.
 */
export const MUTATION_HEADER = { name: 'x-console-request', value: 'mutation' } as const;

/** Console-level endpoints, outside any one cluster. */
export const CONSOLE_PATHS = {
  /** GET: the configured clusters. */
  clusters: `${API_PREFIX}/clusters`,
  /** GET: who the browser is and what it may do; never 401, so the UI can show a login page. */
  session: `${API_PREFIX}/session`,
  /** POST `{token}`: exchanges a named token for an HttpOnly session cookie. */
  login: `${API_PREFIX}/login`,
  /** POST: ends the session. */
  logout: `${API_PREFIX}/logout`,
} as const;

export const ClusterSummarySchema = z.object({
  id: ClusterIdSchema,
  metasrvAddrs: z.array(z.string()),
  /** True when this is the embedded emulator the console server started (no real cluster). */
  isEmulated: z.boolean(),
});
export const ClusterListSchema = z.object({ clusters: z.array(ClusterSummarySchema) });
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;
export type ClusterList = z.infer<typeof ClusterListSchema>;

export const AuthModeSchema = z.enum(['none', 'basic', 'token']);
export type AuthMode = z.infer<typeof AuthModeSchema>;

export const SessionSchema = z.object({
  auth: AuthModeSchema,
  /** The user (basic) or token name (token); null when auth is off or nobody is logged in. */
  user: z.string().nullable(),
  /** Read-only mode: the UI hides every mutating control; the server refuses them anyway. */
  readOnly: z.boolean(),
});
export type Session = z.infer<typeof SessionSchema>;

export const LoginRequestSchema = z.strictObject({ token: z.string().min(1).max(1024) });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;
