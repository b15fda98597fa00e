/**
 * The ClusterApi of a legacy cluster (MetaSrv admin HTTP API, GreptimeDB v0.6/v0.7): the
 * existing fetchers of cluster-api.ts, and the reasons for what that API cannot do.
 */
import type { ConnectionInfo } from '../../contract/sql-contract';
import type { ClusterApi, Unsupported } from './cluster-api-interface';
import {
  fetchCatalogs,
  fetchMetasrvStatus,
  fetchNodeLeases,
  fetchSchemas,
  fetchTableInfos,
  fetchTableRoute,
  fetchTables,
} from './cluster-api';

function unsupported(reason: string): Unsupported {
  return { isSupported: false, reason };
}

export function createLegacyClusterApi(clusterId: string, connection: ConnectionInfo): ClusterApi {
  return {
    clusterId,
    generation: 'legacy',
    connection,
    label: 'MetaSrv v0.6/v0.7 · legacy admin API',
    timeoutField: { kind: 'humantime', label: 'Replay timeout' },
    fetchMetasrvStatus: (signal) => fetchMetasrvStatus(clusterId, signal),
    fetchTableRoute: (query, signal) => fetchTableRoute(clusterId, query, signal),
    fetchNodeLeases: (signal) => fetchNodeLeases(clusterId, signal),
    fetchCatalogs: (signal) => fetchCatalogs(clusterId, signal),
    fetchSchemas: (catalog, signal) => fetchSchemas(clusterId, catalog, signal),
    fetchTableNames: async (catalog, schema, signal) =>
      (await fetchTables(clusterId, catalog, schema, signal)).map((name) => ({
        name,
        tableId: null,
      })),
    fetchTablesByIds: (tableIds, signal) => fetchTableInfos(clusterId, tableIds, signal),
    tables: unsupported(
      'The legacy admin API lists table names per schema without their ids; ' +
        'information_schema.tables over SQL needs GreptimeDB v0.8 or later.',
    ),
    clusterNodes: unsupported(
      'The legacy admin API lists datanodes only through their leases; versions and uptimes ' +
        'come from information_schema.cluster_info, which needs GreptimeDB v0.8 or later.',
    ),
    regionSizes: unsupported(
      'Per-region disk, memtable, SST and index sizes come from ' +
        'information_schema.region_statistics (GreptimeDB v0.9.4 or later); legacy MetaSrv ' +
        'reports only approximate bytes in its heartbeats.',
    ),
    procedureState: unsupported(
      'Legacy MetaSrv has no HTTP endpoint for procedure state; the route is the only evidence.',
    ),
    maintenance: unsupported(
      'Flush and compact are SQL functions on the frontend; the legacy admin API has no ' +
        'endpoint for them.',
    ),
    migrationEvents: unsupported(
      'A cluster-wide history of region moves (greptime_private.events) exists from ' +
        'GreptimeDB v0.16; only this console’s own journal is available.',
    ),
    // The legacy route itself says whether a table is logical (`type: logical`).
    metricTableRegions: unsupported(
      'The legacy route names a logical table’s physical table itself; no SQL is needed.',
    ),
    regionStates: unsupported(
      'Region states (information_schema.region_info) need GreptimeDB v1.1 or later.',
    ),
  };
}
