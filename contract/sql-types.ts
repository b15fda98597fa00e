/**
 * Typed values read over the SQL path (information_schema, ADMIN functions, events). The
 * schemas in src/api/modern produce them; ids are decimal strings, times epoch milliseconds
 * except event timestamps, which stay exact nanoseconds (they pass 2^53).
 */

export interface TableSummary {
  catalog: string;
  schema: string;
  name: string;
  tableId: number;
  engine: string | null;
}

/** One node of `information_schema.cluster_info`. */
export interface ClusterNode {
  /** Decimal; `-1` for frontends and MetaSrv nodes. */
  peerId: string;
  peerType: string;
  addr: string;
  version: string | null;
  /** Humantime text as GreptimeDB prints it (`50m 10s 456ms`); null where not reported. */
  uptime: string | null;
  activeTime: string | null;
  startTimeMs: number | null;
  /** Decoded `node_status` JSON of a datanode (v1.0+): its workloads, e.g. `hybrid`. */
  workloads: string[] | null;
  leaderRegions: number | null;
  followerRegions: number | null;
}

/** One row of `information_schema.region_statistics`; sizes in bytes. */
export interface RegionSize {
  regionId: string;
  tableId: number;
  regionNumber: number;
  /** The datanode leading the region (region_peers' leader row); null when it has none. */
  leaderPeerId: string | null;
  rows: number | null;
  diskSize: number | null;
  memtableSize: number | null;
  manifestSize: number | null;
  sstSize: number | null;
  sstNum: number | null;
  indexSize: number | null;
  engine: string | null;
  role: string | null;
}

export const PROCEDURE_STATUSES = [
  'Running',
  'Done',
  'Retrying',
  'Failed',
  'PrepareRollback',
  'RollingBack',
  'Poisoned',
  'Unknown',
] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

/** `procedure_state` decoded, with the JSON text exactly as the cluster wrote it. */
export interface ProcedureState {
  status: ProcedureStatus;
  error: string | null;
  rawJson: string;
}

export function isTerminalProcedureStatus(status: ProcedureStatus): boolean {
  return status === 'Done' || status === 'Failed' || status === 'Poisoned';
}

/**
 * One row of `greptime_private.events` for a region move (v0.16+, API.md §6). v1.1 writes a row
 * at every state change; v1.2 only at lifecycle triggers (no `PrepareRollback` row, no row for
 * `Retrying` → `Running`) and adds `procedure_trigger`, `actor` and `event_context`.
 */
export interface MigrationEvent {
  /** Nanoseconds since the epoch, exact (a decimal string: it passes 2^53). */
  timestampNs: string;
  procedureId: string | null;
  state: string | null;
  error: string | null;
  regionId: string | null;
  tableId: number | null;
  triggerReason: string | null;
  fromPeerId: string | null;
  fromPeerAddr: string | null;
  toPeerId: string | null;
  toPeerAddr: string | null;
  /** The `timeout` of the Json `payload` column (`{"timeout":"5m"}`, humantime). */
  timeout: string | null;
  /** v1.2 `actor`: the database user that submitted it; null for background work and in v1.1. */
  actor: string | null;
  /** v1.2: the attempt a `Retrying` row reports (`procedure_trigger`); null otherwise. */
  retryAttempt: number | null;
}
