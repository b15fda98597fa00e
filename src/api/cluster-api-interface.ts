/**
 * The one cluster API the features call. Two implementations, chosen at connection time from
 * the server's `connection` answer: legacy-cluster-api.ts (MetaSrv admin HTTP API, v0.6/v0.7)
 * and sql-cluster-api.ts (SQL on the frontend, v0.8+). Both return the same domain values;
 * where a generation lacks a feature, the method is `unsupported` with the reason to show.
 */
import type { MetasrvStatus, RouteQuery } from '../../contract/api-contract';
import type { NodeLeases, TableRoute } from '../domain/cluster-types';
import type {
  ApiGeneration,
  ConnectionInfo,
  MaintenanceRequest,
} from '../../contract/sql-contract';
import type {
  ClusterNode,
  MigrationEvent,
  ProcedureState,
  RegionSize,
  TableSummary,
} from '../../contract/sql-types';
import type { MetricRegion, RegionState } from '../../contract/sql/region-runtime-types';

/** A table of one schema; the legacy admin API lists names without ids. */
export interface TableName {
  name: string;
  tableId: number | null;
}

/** A feature the connected cluster does not have, and why (shown as is). */
export interface Unsupported {
  isSupported: false;
  reason: string;
}
export type Capability<T> = ({ isSupported: true } & T) | Unsupported;

/** How the migrate dialog's timeout field reads and what it sends. */
export type MigrationTimeoutField =
  /** Legacy `/admin/region-migration?replay_timeout=`: a humantime duration. */
  | { kind: 'humantime'; label: 'Replay timeout' }
  /** migrate_region's 4th argument, whole seconds; its meaning depends on the version. */
  | {
      kind: 'seconds';
      label: 'Overall timeout (seconds)' | 'Replay timeout (seconds)';
      /** What the cluster itself uses when it is omitted. */
      clusterDefaultSeconds: number;
      description: string;
    };

export interface ClusterApi {
  readonly clusterId: string;
  readonly generation: ApiGeneration;
  readonly connection: ConnectionInfo;
  /** The header's words: "GreptimeDB v1.1.4 · SQL path". */
  readonly label: string;
  readonly timeoutField: MigrationTimeoutField;

  fetchMetasrvStatus(signal?: AbortSignal): Promise<MetasrvStatus>;
  fetchTableRoute(query: RouteQuery, signal?: AbortSignal): Promise<TableRoute>;
  fetchNodeLeases(signal?: AbortSignal): Promise<NodeLeases>;
  /** The table finder's names: catalogs, a catalog's schemas, a schema's tables. */
  fetchCatalogs(signal?: AbortSignal): Promise<string[]>;
  fetchSchemas(catalog: string, signal?: AbortSignal): Promise<string[]>;
  fetchTableNames(catalog: string, schema: string, signal?: AbortSignal): Promise<TableName[]>;
  /**
   * Tables' catalog, schema and name from their ids (at most TABLE_INFO_BATCH_LIMIT); ids the
   * cluster has no table for are left out.
   */
  fetchTablesByIds(tableIds: readonly string[], signal?: AbortSignal): Promise<TableSummary[]>;

  /** Every base table with its catalog, schema and name (information_schema.tables). */
  readonly tables: Capability<{ fetch(signal?: AbortSignal): Promise<TableSummary[]> }>;
  readonly clusterNodes: Capability<{ fetch(signal?: AbortSignal): Promise<ClusterNode[]> }>;
  readonly regionSizes: Capability<{
    fetch(tableId: number | null, signal?: AbortSignal): Promise<RegionSize[]>;
  }>;
  readonly procedureState: Capability<{
    fetch(procedureId: string, signal?: AbortSignal): Promise<ProcedureState>;
  }>;
  readonly maintenance: Capability<{ run(request: MaintenanceRequest): Promise<number> }>;
  readonly migrationEvents: Capability<{
    fetch(tableId: number | null, signal?: AbortSignal): Promise<MigrationEvent[]>;
  }>;
  /** A table's metric-engine regions and every reported metric region (logical tables). */
  readonly metricTableRegions: Capability<{
    fetch(tableId: number, signal?: AbortSignal): Promise<MetricRegion[]>;
  }>;
  /** Region states (information_schema.region_info, v1.1+). */
  readonly regionStates: Capability<{
    fetch(tableId: number, signal?: AbortSignal): Promise<RegionState[]>;
  }>;
}
