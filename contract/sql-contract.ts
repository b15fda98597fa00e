/**
 * The SQL-path half of the /api contract (GreptimeDB v0.8 and later): typed endpoints under
 * `/api/clusters/:clusterId/` that the server turns into SQL on the configured frontend.
 * The browser sends ids and names, never SQL text; the server validates them with these
 * schemas and writes every statement itself (contract/sql/statements.ts).
 *
 * Frontend answers are relayed unchanged (status and JSON body) with the header
 * FRONTEND_RELAY_HEADER naming the frontend, so the browser can tell a frontend's JSON error
 * from MetaSrv's plain text. `connection` is the server's own JSON.
 */
import { z } from 'zod';
import { U32StringSchema, U64StringSchema } from './api-contract.ts';

export const SQL_ENDPOINTS = {
  /** GET: which API generation and version this cluster speaks (server JSON). */
  connection: 'connection',
  /** GET: information_schema.tables (base tables, every schema). */
  tables: 'sql-tables',
  /** GET ?catalog=&schema=&table=: information_schema.tables row of one table. */
  tableByName: 'sql-table-by-name',
  /** GET ?table_id=: region_peers LEFT JOIN partitions for one table's regions. */
  tableRegions: 'sql-table-regions',
  /** GET [?table_id=]: information_schema.region_statistics (v0.9.4+). */
  regionStatistics: 'sql-region-statistics',
  /** GET: information_schema.cluster_info. */
  clusterInfo: 'sql-cluster-info',
  /** POST RegionMigrationSqlRequest: migrate_region in this version's statement form. */
  migrateRegion: 'sql-migrate-region',
  /** GET ?procedure_id=: procedure_state. */
  procedureState: 'sql-procedure-state',
  /** POST MaintenanceRequest: flush/compact a region or a table. */
  maintenance: 'sql-maintenance',
  /** GET [?table_id=]: greptime_private.events of type region_migration (v0.16+). */
  migrationEvents: 'sql-migration-events',
  /**
   * GET: greptime_private.events of types `repartition` and `repartition_group` (v1.2+, API.md
   * §6.3, §7.6); 404 on versions that write none.
   */
  repartitionEvents: 'sql-repartition-events',
  /** GET: MetaSrv `/admin/node-lease` without the cluster id that v0.13+ no longer takes. */
  sqlNodeLease: 'sql-node-lease',
  /**
   * GET ?table_id=: the metric-engine regions of this table and every metric region the
   * datanodes report (tells a logical table from its physical one, API.md §3.5).
   */
  metricTableRegions: 'sql-metric-table-regions',
  /** GET ?table_id=: information_schema.region_info rows of one table's regions (v1.1+). */
  regionInfo: 'sql-region-info',
} as const;

/** On every relayed frontend answer: the frontend's host:port (never credentials). */
export const FRONTEND_RELAY_HEADER = 'x-frontend-addr';

/** Each statement's limit; a cluster with more rows is cut, and the UI says so. */
export const SQL_ROW_LIMIT = 10_000;
export const EVENTS_ROW_LIMIT = 500;

export const TableIdQuerySchema = z.strictObject({ table_id: U32StringSchema });
export const OptionalTableIdQuerySchema = z.strictObject({ table_id: U32StringSchema.optional() });

/** A procedure id as MetaSrv prints it: a UUID (API.md §3.3). */
export const ProcedureIdSchema = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'must be a procedure id (a UUID)',
  );
export const ProcedureStateQuerySchema = z.strictObject({ procedure_id: ProcedureIdSchema });

/** Seconds for migrate_region's 4th argument; the meaning depends on the version. */
export const TimeoutSecondsSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/, 'must be a whole number of seconds, 1 to 86400')
  .refine((s) => Number(s) <= 86_400, 'must be at most 86400 seconds (one day)');

export const RegionMigrationSqlRequestSchema = z.strictObject({
  region_id: U64StringSchema,
  from_peer_id: U64StringSchema,
  to_peer_id: U64StringSchema,
  /** Always sent by the console (the cluster's defaults differ by version). */
  timeout_secs: TimeoutSecondsSchema,
});
export type RegionMigrationSqlRequest = z.infer<typeof RegionMigrationSqlRequestSchema>;

/**
 * A schema or table name as a SQL string literal will carry it. GreptimeDB names are far
 * narrower; refusing backslashes and control characters keeps quoting unambiguous whether
 * or not the dialect treats a backslash as an escape.
 */
export const SqlNameSchema = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\\\u0000-\u001f\u007f]+$/, 'must not contain backslashes or control characters');

export const TableNameQuerySchema = z.strictObject({
  catalog: SqlNameSchema,
  schema: SqlNameSchema,
  table: SqlNameSchema,
});

export const MaintenanceRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('flush_region'), region_id: U64StringSchema }),
  z.strictObject({ action: z.literal('compact_region'), region_id: U64StringSchema }),
  z.strictObject({ action: z.literal('flush_table'), schema: SqlNameSchema, table: SqlNameSchema }),
  z.strictObject({
    action: z.literal('compact_table'),
    schema: SqlNameSchema,
    table: SqlNameSchema,
    /** Strict-window compaction (`swcs`) instead of the regular one. */
    strict_window: z.boolean().optional(),
    /** Window in seconds, strict-window only. */
    window_secs: TimeoutSecondsSchema.optional(),
  }),
]);
export type MaintenanceRequest = z.infer<typeof MaintenanceRequestSchema>;

export const ApiGenerationSchema = z.enum(['legacy', 'sql']);
export type ApiGeneration = z.infer<typeof ApiGenerationSchema>;

/** GET .../connection: what the server found out about the cluster. */
export const ConnectionInfoSchema = z.object({
  generation: ApiGenerationSchema,
  /** e.g. `1.1.4` from cluster_info; null when it could not be read (legacy: unknown). */
  version: z.string().nullable(),
  /** How the generation was decided. */
  detectedBy: z.enum(['cluster-info', 'legacy-endpoints', 'frontend-error', 'no-legacy-endpoints']),
  /** The configured frontend's host:port; null when none is configured. */
  frontendAddr: z.string().nullable(),
  /** `http(s)://host:port` of the frontend, for copyable commands; never credentials. */
  frontendOrigin: z.string().nullable(),
  /** Whether the server sends credentials to the frontend (never what they are). */
  hasFrontendCredentials: z.boolean(),
  /** Why the SQL path is not fully usable (auth refused, frontend down...), in plain words. */
  problem: z
    .object({
      /** The frontend's status and JSON error body code, when it answered. */
      status: z.number().int().nullable(),
      code: z.number().int().nullable(),
      message: z.string(),
    })
    .nullable(),
  checkedAtMs: z.number(),
});
export type ConnectionInfo = z.infer<typeof ConnectionInfoSchema>;
