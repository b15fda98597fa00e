/**
 * Fetchers for the SQL-path endpoints (contract/sql-contract.ts). Same gate as every
 * other answer: a frontend's JSON error becomes ApiError kind `frontend`. Features do not
 * call these directly; they go through the ClusterApi (cluster-api-interface.ts).
 */
import type { TableRoute, NodeLeases } from '../../domain/cluster-types';
import type {
  ConnectionInfo,
  MaintenanceRequest,
  RegionMigrationSqlRequest,
} from '../../../contract/sql-contract';
import { ConnectionInfoSchema, SQL_ENDPOINTS } from '../../../contract/sql-contract';
import type {
  ClusterNode,
  MigrationEvent,
  ProcedureState,
  RegionSize,
  TableSummary,
} from '../../../contract/sql-types';
import type { MetricRegion, RegionState } from '../../../contract/sql/region-runtime-types';
import { requestThroughGate } from '../http-gate';
import { NodeLeasesAnswerSchema } from '../schemas/node-lease';
import {
  AffectedRowsAnswerSchema,
  ClusterInfoAnswerSchema,
  MigrateAnswerSchema,
  MetricTableRegionsAnswerSchema,
  MigrationEventsAnswerSchema,
  ProcedureStateAnswerSchema,
  RegionInfoAnswerSchema,
  RegionStatisticsAnswerSchema,
  TablesAnswerSchema,
  tableRegionsAnswerSchema,
} from './sql-schemas';

export function fetchConnection(clusterId: string, signal?: AbortSignal): Promise<ConnectionInfo> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.connection,
    bodyFormat: 'json',
    schema: ConnectionInfoSchema,
    signal,
  });
}

export function fetchSqlTables(clusterId: string, signal?: AbortSignal): Promise<TableSummary[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.tables,
    bodyFormat: 'json',
    schema: TablesAnswerSchema,
    signal,
  });
}

/** information_schema.tables rows of one table name (none when it does not exist). */
export function fetchSqlTableByName(
  clusterId: string,
  name: { catalog: string; schema: string; table: string },
  signal?: AbortSignal,
): Promise<TableSummary[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.tableByName,
    query: name,
    bodyFormat: 'json',
    schema: TablesAnswerSchema,
    signal,
  });
}

export function fetchSqlTableRoute(
  clusterId: string,
  tableId: number,
  signal?: AbortSignal,
): Promise<TableRoute> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.tableRegions,
    query: { table_id: String(tableId) },
    bodyFormat: 'json',
    schema: tableRegionsAnswerSchema(tableId, Date.now()),
    signal,
  });
}

export function fetchClusterNodes(clusterId: string, signal?: AbortSignal): Promise<ClusterNode[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.clusterInfo,
    bodyFormat: 'json',
    schema: ClusterInfoAnswerSchema,
    signal,
  });
}

export function fetchRegionSizes(
  clusterId: string,
  tableId: number | null,
  signal?: AbortSignal,
): Promise<RegionSize[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.regionStatistics,
    ...(tableId === null ? {} : { query: { table_id: String(tableId) } }),
    bodyFormat: 'json',
    schema: RegionStatisticsAnswerSchema,
    signal,
  });
}

/** No AbortSignal: once sent, abandoning the request would not stop the procedure. */
export function submitSqlMigration(
  clusterId: string,
  request: RegionMigrationSqlRequest,
): Promise<string | null> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.migrateRegion,
    method: 'POST',
    jsonBody: request,
    bodyFormat: 'json',
    schema: MigrateAnswerSchema,
  });
}

export function fetchProcedureState(
  clusterId: string,
  procedureId: string,
  signal?: AbortSignal,
): Promise<ProcedureState> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.procedureState,
    query: { procedure_id: procedureId },
    bodyFormat: 'json',
    schema: ProcedureStateAnswerSchema,
    signal,
  });
}

/** Flush or compact; resolves with the affected rows the cluster reports. */
export function runSqlMaintenance(clusterId: string, request: MaintenanceRequest): Promise<number> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.maintenance,
    method: 'POST',
    jsonBody: request,
    bodyFormat: 'json',
    schema: AffectedRowsAnswerSchema,
  });
}

export function fetchMigrationEvents(
  clusterId: string,
  tableId: number | null,
  signal?: AbortSignal,
): Promise<MigrationEvent[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.migrationEvents,
    ...(tableId === null ? {} : { query: { table_id: String(tableId) } }),
    bodyFormat: 'json',
    schema: MigrationEventsAnswerSchema,
    signal,
  });
}

/** v0.13+ `/admin/node-lease` (no cluster id); same lease shape with MetaSrv's clock. */
export function fetchSqlNodeLeases(clusterId: string, signal?: AbortSignal): Promise<NodeLeases> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.sqlNodeLease,
    bodyFormat: 'json',
    schemaInput: 'answer',
    schema: NodeLeasesAnswerSchema,
    signal,
  });
}

/** This table's metric-engine regions and every reported metric region (logical tables). */
export function fetchMetricTableRegions(
  clusterId: string,
  tableId: number,
  signal?: AbortSignal,
): Promise<MetricRegion[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.metricTableRegions,
    query: { table_id: String(tableId) },
    bodyFormat: 'json',
    schema: MetricTableRegionsAnswerSchema,
    signal,
  });
}

/** information_schema.region_info of one table's regions (v1.1+). */
export function fetchRegionStates(
  clusterId: string,
  tableId: number,
  signal?: AbortSignal,
): Promise<RegionState[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.regionInfo,
    query: { table_id: String(tableId) },
    bodyFormat: 'json',
    schema: RegionInfoAnswerSchema,
    signal,
  });
}
