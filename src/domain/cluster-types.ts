/**
 * Typed values the rest of the browser code works with. The zod schemas in `src/api/schemas`
 * produce them from MetaSrv's wire forms; nothing else constructs them from outside bytes.
 * Ids are decimal strings (see region-id.ts); timestamps are epoch milliseconds.
 */
import type { RegionIdString } from '../../contract/region-id.ts';

export interface Peer {
  id: string;
  addr: string;
}

/** One entry of `partition.value_list`, rendered for people, or kept raw when unparseable. */
export type DecodedPartitionBound = { kind: 'parsed'; text: string } | { kind: 'raw'; raw: string };

/**
 * A bound as a route holds it: decoded, or (a bare string) MetaSrv's JSON text of a
 * GreptimeDB PartitionBound not decoded yet. The grid decodes a row's bounds
 * (decodePartitionBound) when the row is shown: a 10k-region route carries 10k of them, only
 * the rows on screen need theirs, and the route keeps MetaSrv's own list of strings as is.
 */
export type PartitionBound = DecodedPartitionBound | string;

export interface RegionPartition {
  columns: readonly string[];
  bounds: readonly PartitionBound[];
}

export interface RegionRoute {
  regionId: RegionIdString;
  regionNumber: number;
  name: string;
  partition: RegionPartition | null;
  leaderPeer: Peer | null;
  /** Usually empty: one shared empty list then (a 10k-region route need not allocate 10k). */
  followerPeers: readonly Peer[];
  /**
   * `"Downgraded"` while a migration has demoted the leader; `"Staging"` while a repartition
   * moves the region's data (SQL path, region_peers `STAGING`, API.md §7.4); null otherwise.
   */
  leaderStatus: 'Downgraded' | 'Staging' | null;
  /** Absent in v0.6 (null then). */
  leaderDownSinceMs: number | null;
}

/**
 * How the route arrived: v0.6 as a JSON string holding JSON, v0.7 as an object, or (v0.8+)
 * assembled from information_schema.region_peers and partitions over SQL.
 */
export type RouteWireForm = 'string' | 'object' | 'sql';

export type TableRoute =
  | {
      type: 'physical';
      tableId: number;
      /** u64 route version, bumped by every route update. */
      version: string;
      regionRoutes: RegionRoute[];
      wireForm: RouteWireForm;
    }
  | {
      type: 'logical';
      tableId: number;
      physicalTableId: number;
      regionIds: RegionIdString[];
      wireForm: RouteWireForm;
    };

export interface DatanodeLease {
  peerId: string;
  addr: string;
  /** Time of the datanode's last heartbeat, by MetaSrv's clock. */
  timestampMs: number;
  humanTime: string;
}

export interface NodeLeases {
  leases: DatanodeLease[];
  /** MetaSrv's clock when it answered (its `Date` header), for lease ages. */
  metasrvNowMs: number;
}

/** `{"procedure_id": null}` means the region already sits on the target. */
export interface RegionMigrationSubmitted {
  procedureId: string | null;
}
