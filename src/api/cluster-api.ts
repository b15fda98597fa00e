/**
 * Fetchers for the `/api/clusters/:clusterId/...` endpoints (domain/api-contract.ts). Each
 * one names its endpoint, how the body is decoded and the schema that types it; the gate
 * does the rest. All throw ApiError on failure (an abort is rethrown untouched).
 */
import {
  CLUSTER_ENDPOINTS,
  MetasrvStatusSchema,
  type MetasrvStatus,
  type RegionMigrationRequest,
  type RouteQuery,
} from '../../contract/api-contract';
import type { NodeLeases, RegionMigrationSubmitted, TableRoute } from '../domain/cluster-types';
import { requestThroughGate } from './http-gate';
import { NameListSchema } from './schemas/names';
import { TableInfoAnswerSchema, tableSummariesOf } from './schemas/table-info';
import type { TableSummary } from '../../contract/sql-types';
import { NodeLeasesAnswerSchema } from './schemas/node-lease';
import { RegionMigrationAnswerSchema } from './schemas/region-migration';
import { TableRouteAnswerSchema } from './schemas/table-route';

/** Our server's summary of every configured MetaSrv node and the leader it routes to. */
export function fetchMetasrvStatus(
  clusterId: string,
  signal?: AbortSignal,
): Promise<MetasrvStatus> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.metasrv,
    bodyFormat: 'json',
    schema: MetasrvStatusSchema,
    signal,
  });
}

/** The table route, from either wire form. An unknown table is ApiError kind `metasrv`. */
export function fetchTableRoute(
  clusterId: string,
  query: RouteQuery,
  signal?: AbortSignal,
): Promise<TableRoute> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.route,
    query,
    bodyFormat: 'json',
    schema: TableRouteAnswerSchema,
    signal,
  });
}

/** Every datanode lease (expired ones included), sorted by peer id, with MetaSrv's clock. */
export function fetchNodeLeases(clusterId: string, signal?: AbortSignal): Promise<NodeLeases> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.nodeLease,
    bodyFormat: 'json',
    schemaInput: 'answer',
    schema: NodeLeasesAnswerSchema,
    signal,
  });
}

/**
 * Submits one migration. Deliberately takes no AbortSignal: once sent, abandoning the
 * request would not stop the procedure, and the server alone decides about re-sending.
 */
export function submitRegionMigration(
  clusterId: string,
  request: RegionMigrationRequest,
): Promise<RegionMigrationSubmitted> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.regionMigration,
    method: 'POST',
    jsonBody: request,
    bodyFormat: 'json',
    schema: RegionMigrationAnswerSchema,
  });
}

export function fetchCatalogs(clusterId: string, signal?: AbortSignal): Promise<string[]> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.catalogs,
    bodyFormat: 'json',
    schema: NameListSchema,
    signal,
  });
}

export function fetchSchemas(
  clusterId: string,
  catalog: string,
  signal?: AbortSignal,
): Promise<string[]> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.schemas,
    query: { catalog },
    bodyFormat: 'json',
    schema: NameListSchema,
    signal,
  });
}

/**
 * Tables' catalog, schema and name from their ids (legacy `/admin/table`, one request for up to
 * TABLE_INFO_BATCH_LIMIT ids); unknown ids are left out.
 */
export async function fetchTableInfos(
  clusterId: string,
  tableIds: readonly string[],
  signal?: AbortSignal,
): Promise<TableSummary[]> {
  const answer = await requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.tableInfo,
    query: { table_ids: tableIds.join(',') },
    bodyFormat: 'json',
    schema: TableInfoAnswerSchema,
    signal,
  });
  return tableSummariesOf(answer);
}

export function fetchTables(
  clusterId: string,
  catalog: string,
  schema: string,
  signal?: AbortSignal,
): Promise<string[]> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.tables,
    query: { catalog, schema },
    bodyFormat: 'json',
    schema: NameListSchema,
    signal,
  });
}
