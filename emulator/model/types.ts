/**
 * The cluster model's records. Ids that can pass 2^53 (region ids) are bigint; table ids are
 * u32 and datanode (peer) ids are small, so both are numbers.
 */

export type ApiVersion = 'v0.6' | 'v0.7';

/** The SQL generation: v1.1 = GreptimeDB v1.1.4, v1.2 = v1.2.0-beta.2 (API.md version labels). */
export type SqlApiVersion = 'v1.1' | 'v1.2';

/** What the emulator serves: a legacy MetaSrv version, or the SQL path + modern admin. */
export type EmulatorApi = ApiVersion | SqlApiVersion;

export function isSqlApi(api: EmulatorApi): api is SqlApiVersion {
  return api === 'v1.1' || api === 'v1.2';
}

/** The SQL version the v1 surfaces answer as (they are only open in a SQL mode). */
export function sqlVersionOf(api: EmulatorApi): SqlApiVersion {
  return isSqlApi(api) ? api : 'v1.1';
}

/** A literal in a partition rule, as GreptimeDB's datatypes `Value` (externally tagged). */
export type PartitionValue = { type: 'String'; value: string } | { type: 'Int32'; value: number };

/**
 * One region's share of the table's partition rule. It is kept abstract because v0.6 and v0.7
 * write it differently (`{"Value":...}`/`"MaxValue"` upper bounds vs `{"Expr":...}` rules);
 * `raw` keeps exact strings, for fixtures and for clients' handling of unparseable bounds.
 */
export type RegionPartition =
  | { kind: 'unpartitioned' }
  | {
      kind: 'range';
      column: string;
      /** Inclusive lower bound; null for the first region. */
      lower: PartitionValue | null;
      /** Exclusive upper bound; null for the last region. */
      upper: PartitionValue | null;
    }
  | { kind: 'raw'; columnList: string[]; valueList: string[] }
  /** `"partition": null` on the wire. */
  | { kind: 'none' };

export interface RegionRecord {
  regionNumber: number;
  regionId: bigint;
  partition: RegionPartition;
  leaderPeerId: number | null;
  followerPeerIds: number[];
  leaderStatus: 'Downgraded' | null;
  leaderDownSinceMs: number | null;
  /** Size reported in heartbeats at table creation; grows slowly with time. */
  approximateBytes: number;
  /** Bytes per emulated hour of growth. */
  bytesPerHour: number;
  /** Set on regions a repartition allocated; others are as old as their table. */
  createdOnMs?: number;
}

export type ColumnType = 'String' | 'Float64' | 'Int32' | 'TimestampMillisecond';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  isTimeIndex: boolean;
  isPrimaryKey: boolean;
}

export interface TableNaming {
  catalog: string;
  schema: string;
  name: string;
}

export interface PhysicalTable extends TableNaming {
  kind: 'physical';
  tableId: number;
  engine: 'mito' | 'metric';
  columns: ColumnSpec[];
  partitionColumn: string | null;
  /** Ordered by region number. */
  regions: RegionRecord[];
  regionsByNumber: Map<number, RegionRecord>;
  /** Route version (u64 in GreptimeDB), +1 per route update. */
  version: number;
  createdOnMs: number;
  /** False simulates a missing table-info key (v0.7.2 then refuses migrations). */
  hasTableInfo: boolean;
  /**
   * Route bytes written by GreptimeDB <= v0.5 have no `"type"` key; v0.6 echoes the stored
   * bytes, so its route then lacks `"type"` (v0.7 decodes and re-encodes, adding it).
   */
  writtenByV05: boolean;
}

export interface LogicalTable extends TableNaming {
  kind: 'logical';
  tableId: number;
  physicalTableId: number;
  columns: ColumnSpec[];
  createdOnMs: number;
  hasTableInfo: boolean;
}

export type TableRecord = PhysicalTable | LogicalTable;

export interface DatanodeRecord {
  id: number;
  addr: string;
  running: boolean;
  /** Process start time (heartbeat `node_epoch`). */
  epochMs: number;
  /** Heartbeats are sent at epochMs + phaseMs + k * 3 s while running. */
  phaseMs: number;
  stoppedAtMs: number | null;
}

export interface MetasrvRecord {
  index: number;
  running: boolean;
  /** host:port it listens on; set by the server once the listener is bound. */
  addr: string;
}

/** A region a datanode reports besides the ones it leads (opened candidate, downgraded source). */
export interface ExtraRegionReport {
  peerId: number;
  regionId: bigint;
  engine: 'mito' | 'metric';
  fromMs: number;
  /** null while still open. */
  untilMs: number | null;
}

/** A change of a region's leader peer, kept so heartbeat snapshots of the past stay right. */
export interface LeaderChange {
  atMs: number;
  regionId: bigint;
  fromPeerId: number | null;
  toPeerId: number;
}
