/**
 * SQL-path answers -> the typed values of domain/cluster-types.ts and contract/sql-types.ts.
 * A table's regions become the same TableRoute the legacy `/admin/route` gives, so the grid,
 * the dialog and the datanode panel work unchanged on either generation.
 */
import { z } from 'zod';
import type { Peer, RegionRoute, TableRoute } from '../../domain/cluster-types';
import { splitRegionId } from '../../../contract/region-id';
import type {
  ClusterNode,
  MigrationEvent,
  ProcedureState,
  RegionSize,
  TableSummary,
} from '../../../contract/sql-types';
import { PROCEDURE_STATUSES } from '../../../contract/sql-types';
import type { MetricRegion, RegionState } from '../../../contract/sql/region-runtime-types';
import { parseLosslessJson } from '../../../contract/lossless-json';
import {
  SqlCountSchema,
  SqlI64Schema,
  SqlU32Schema,
  SqlU64Schema,
  optional,
  sqlRowsSchema,
  sqlSingleValueSchema,
} from '../../../contract/sql/sql-records';

export const TablesAnswerSchema = sqlRowsSchema(
  z
    .object({
      table_catalog: z.string(),
      table_schema: z.string(),
      table_name: z.string(),
      table_id: SqlU32Schema,
      engine: optional(z.string()),
    })
    .transform((row): TableSummary => ({
      catalog: row.table_catalog,
      schema: row.table_schema,
      name: row.table_name,
      tableId: row.table_id,
      engine: row.engine,
    })),
);

const RegionPeerRowSchema = z.object({
  region_id: SqlU64Schema,
  peer_id: optional(SqlU64Schema),
  peer_addr: optional(z.string()),
  is_leader: z.enum(['Yes', 'No']),
  status: optional(z.string()),
  down_seconds: optional(SqlCountSchema),
  partition_name: optional(z.string()),
  partition_expression: optional(z.string()),
  partition_description: optional(z.string()),
});
type RegionPeerRow = z.infer<typeof RegionPeerRowSchema>;

/** A demoted leader: `DOWNGRADED` up to v0.9.3, `DOWNGRADING` since (API.md §3.5). */
const DOWNGRADED_STATUSES = new Set(['DOWNGRADED', 'DOWNGRADING']);

function peerOf(row: RegionPeerRow): Peer | null {
  return row.peer_id === null ? null : { id: row.peer_id, addr: row.peer_addr ?? '' };
}

function regionRouteOf(regionId: string, rows: RegionPeerRow[], nowMs: number): RegionRoute {
  const leader = rows.find((row) => row.is_leader === 'Yes') ?? null;
  const first = rows[0];
  const description = first?.partition_description ?? null;
  const columns = (first?.partition_expression ?? '')
    .split(',')
    .map((column) => column.trim())
    .filter((column) => column !== '');
  const isDowngraded = leader?.status != null && DOWNGRADED_STATUSES.has(leader.status);
  // A repartition's source and target leaders, from ApplyStaging to ExitStaging (API.md §7.4).
  const isStaging = leader?.status === 'STAGING';
  return {
    regionId,
    regionNumber: splitRegionId(regionId).regionNumber,
    name: first?.partition_name ?? '',
    partition:
      description === null && columns.length === 0
        ? null
        : { columns, bounds: description === null ? [] : [{ kind: 'parsed', text: description }] },
    leaderPeer: leader === null ? null : peerOf(leader),
    followerPeers: rows
      .filter((row) => row.is_leader === 'No')
      .map(peerOf)
      .filter((peer): peer is Peer => peer !== null),
    leaderStatus: isDowngraded ? 'Downgraded' : isStaging ? 'Staging' : null,
    // region_peers gives seconds since the demotion, as of the query; our clock dates it.
    leaderDownSinceMs:
      isDowngraded && leader.down_seconds !== null ? nowMs - leader.down_seconds * 1000 : null,
  };
}

/**
 * region_peers LEFT JOIN partitions (one row per peer) -> a physical TableRoute. The SQL path
 * has no route version, so `version` is empty. `nowMs` dates `down_seconds`.
 */
export function tableRegionsAnswerSchema(tableId: number, nowMs: number) {
  return sqlRowsSchema(RegionPeerRowSchema).transform((rows): TableRoute => {
    const byRegion = new Map<string, RegionPeerRow[]>();
    for (const row of rows)
      byRegion.set(row.region_id, [...(byRegion.get(row.region_id) ?? []), row]);
    const regionRoutes = [...byRegion.entries()]
      .map(([regionId, peers]) => regionRouteOf(regionId, peers, nowMs))
      .sort((a, b) => a.regionNumber - b.regionNumber);
    return { type: 'physical', tableId, version: '', regionRoutes, wireForm: 'sql' };
  });
}

/** `node_status` of a datanode: `{"workloads":[...],"leader_regions":n,"follower_regions":n}`. */
const NodeStatusSchema = z.object({
  workloads: z.array(z.string()).optional(),
  leader_regions: z.number().int().optional(),
  follower_regions: z.number().int().optional(),
});

interface NodeStatus {
  workloads: string[] | null;
  leader: number | null;
  follower: number | null;
}
const UNKNOWN_NODE_STATUS: NodeStatus = { workloads: null, leader: null, follower: null };

function decodeNodeStatus(text: string | null): NodeStatus {
  if (text === null) return UNKNOWN_NODE_STATUS;
  let decoded: unknown;
  try {
    decoded = parseLosslessJson(text);
  } catch {
    return UNKNOWN_NODE_STATUS;
  }
  const parsed = NodeStatusSchema.safeParse(decoded);
  return parsed.success
    ? {
        workloads: parsed.data.workloads ?? null,
        leader: parsed.data.leader_regions ?? null,
        follower: parsed.data.follower_regions ?? null,
      }
    : UNKNOWN_NODE_STATUS;
}

export const ClusterInfoAnswerSchema = sqlRowsSchema(
  z
    .object({
      peer_id: SqlI64Schema,
      peer_type: z.string(),
      peer_addr: z.string(),
      version: optional(z.string()),
      start_time: optional(z.number().int()),
      uptime: optional(z.string()),
      active_time: optional(z.string()),
      node_status: optional(z.string()),
    })
    .transform((row): ClusterNode => {
      const status = decodeNodeStatus(row.node_status);
      return {
        peerId: row.peer_id,
        peerType: row.peer_type,
        addr: row.peer_addr,
        version: row.version,
        uptime: row.uptime,
        activeTime: row.active_time,
        startTimeMs: row.start_time,
        workloads: status.workloads,
        leaderRegions: status.leader,
        followerRegions: status.follower,
      };
    }),
);

export const RegionStatisticsAnswerSchema = sqlRowsSchema(
  z
    .object({
      region_id: SqlU64Schema,
      table_id: SqlU32Schema,
      region_number: SqlU32Schema,
      leader_peer_id: optional(SqlU64Schema),
      region_rows: optional(SqlCountSchema),
      disk_size: optional(SqlCountSchema),
      memtable_size: optional(SqlCountSchema),
      manifest_size: optional(SqlCountSchema),
      sst_size: optional(SqlCountSchema),
      sst_num: optional(SqlCountSchema),
      index_size: optional(SqlCountSchema),
      engine: optional(z.string()),
      region_role: optional(z.string()),
    })
    .transform((row): RegionSize => ({
      regionId: row.region_id,
      tableId: row.table_id,
      regionNumber: row.region_number,
      leaderPeerId: row.leader_peer_id,
      rows: row.region_rows,
      diskSize: row.disk_size,
      memtableSize: row.memtable_size,
      manifestSize: row.manifest_size,
      sstSize: row.sst_size,
      sstNum: row.sst_num,
      indexSize: row.index_size,
      engine: row.engine,
      role: row.region_role,
    })),
);

/** migrate_region's value: a procedure id, or null (≤ v0.14: already on the target). */
export const MigrateAnswerSchema = sqlSingleValueSchema(z.string().min(1).nullable());

/** flush/compact: the affected rows. */
export const AffectedRowsAnswerSchema = sqlSingleValueSchema(SqlCountSchema);

const ProcedureStateJsonSchema = z.object({
  status: z.string(),
  error: z.string().optional(),
});

function isKnownStatus(status: string): status is ProcedureState['status'] {
  return PROCEDURE_STATUSES.some((known) => known === status);
}

/** procedure_state's value is itself JSON text (API.md §3.3); kept verbatim for display. */
export const ProcedureStateAnswerSchema = sqlSingleValueSchema(z.string()).transform(
  (text, ctx): ProcedureState => {
    let decoded: unknown;
    try {
      decoded = parseLosslessJson(text);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `procedure state is not JSON: ${text.slice(0, 80)}`,
      });
      return z.NEVER;
    }
    const parsed = ProcedureStateJsonSchema.safeParse(decoded);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        message: `procedure state has no status: ${text.slice(0, 80)}`,
      });
      return z.NEVER;
    }
    const { status, error } = parsed.data;
    return {
      status: isKnownStatus(status) ? status : 'Unknown',
      error: error === undefined || error === '' ? null : error,
      rawJson: text,
    };
  },
);

/** Exact nanoseconds: lossless numbers above 2^53 are bigint; both become decimal text. */
const NanosSchema = z.union([z.number().int(), z.bigint()]).transform(String);

/**
 * Json columns arrive as JSON values with sorted keys, not as strings, on every version that has
 * the table (v0.16 → v1.2, API.md §3.4, §6.1). A migration's payload is `{"timeout":"…"}`.
 */
const MigrationPayloadSchema = z.object({ timeout: z.string() });

/** v1.2 `procedure_trigger`, e.g. `{"attempt":2,"phase":"Execute","type":"Retrying"}` (§6.3). */
const ProcedureTriggerSchema = z.object({
  type: z.string(),
  attempt: z.number().int().positive().optional(),
});

export const MigrationEventsAnswerSchema = sqlRowsSchema(
  z
    .object({
      timestamp: NanosSchema,
      procedure_id: optional(z.string()),
      procedure_state: optional(z.string()),
      procedure_error: optional(z.string()),
      region_id: optional(SqlU64Schema),
      table_id: optional(SqlU32Schema),
      region_migration_trigger_reason: optional(z.string()),
      region_migration_src_node_id: optional(SqlU64Schema),
      region_migration_src_peer_addr: optional(z.string()),
      region_migration_dst_node_id: optional(SqlU64Schema),
      region_migration_dst_peer_addr: optional(z.string()),
      payload: optional(MigrationPayloadSchema),
      procedure_trigger: optional(ProcedureTriggerSchema),
      actor: optional(z.string()),
    })
    .transform((row): MigrationEvent => ({
      timestampNs: row.timestamp,
      procedureId: row.procedure_id,
      state: row.procedure_state,
      error: row.procedure_error === '' ? null : row.procedure_error,
      regionId: row.region_id,
      tableId: row.table_id,
      triggerReason: row.region_migration_trigger_reason,
      fromPeerId: row.region_migration_src_node_id,
      fromPeerAddr: row.region_migration_src_peer_addr,
      toPeerId: row.region_migration_dst_node_id,
      toPeerAddr: row.region_migration_dst_peer_addr,
      timeout: row.payload?.timeout ?? null,
      actor: row.actor,
      retryAttempt: row.procedure_trigger?.attempt ?? null,
    })),
);

/** sql-metric-table-regions rows; a region with several replicas reported arrives once per replica. */
export const MetricTableRegionsAnswerSchema = sqlRowsSchema(
  z
    .object({
      table_id: SqlU32Schema,
      table_catalog: z.string(),
      table_schema: z.string(),
      table_name: z.string(),
      region_id: SqlU64Schema,
      peer_id: optional(SqlU64Schema),
      reported_region_id: optional(SqlU64Schema),
    })
    .transform((row): MetricRegion => ({
      tableId: row.table_id,
      catalog: row.table_catalog,
      schema: row.table_schema,
      name: row.table_name,
      regionId: row.region_id,
      leaderPeerId: row.peer_id,
      isReported: row.reported_region_id !== null,
    })),
);

/** information_schema.region_info rows (v1.1+, API.md §3.5). */
export const RegionInfoAnswerSchema = sqlRowsSchema(
  z
    .object({
      region_id: SqlU64Schema,
      node_id: optional(SqlU64Schema),
      state: z.string(),
      role: z.string(),
      writable: z.boolean(),
    })
    .transform((row): RegionState => ({
      regionId: row.region_id,
      nodeId: row.node_id,
      state: row.state,
      role: row.role,
      isWritable: row.writable,
    })),
);
