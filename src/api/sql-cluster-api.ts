/**
 * The ClusterApi of a SQL-path cluster (GreptimeDB v0.8 and later). Leader and MetaSrv nodes
 * still come from MetaSrv (`/admin/leader`); tables, regions, datanodes, sizes, procedures,
 * maintenance and events come from the frontend through the server's typed SQL endpoints.
 */
import { splitRegionId } from '../../contract/region-id';
import { parseGreptimeVersion, sqlFacts } from '../../contract/greptime-version';
import type { SqlFacts } from '../../contract/greptime-version';
import type { ConnectionInfo } from '../../contract/sql-contract';
import { ApiError } from './api-error';
import type { ClusterApi, MigrationTimeoutField } from './cluster-api-interface';
import { fetchMetasrvStatus } from './cluster-api';
import {
  fetchClusterNodes,
  fetchMetricTableRegions,
  fetchMigrationEvents,
  fetchRegionStates,
  fetchSqlNodeLeases,
  fetchProcedureState,
  fetchRegionSizes,
  fetchSqlTableByName,
  fetchSqlTableRoute,
  fetchSqlTables,
  runSqlMaintenance,
} from './sql/sql-fetchers';
import { catalogsOf, schemasOf, tableNamesOf } from './sql/table-names';

/** The latest facts, for a cluster whose version could not be read (e.g. auth refused). */
const LATEST_FACTS = sqlFacts({ major: 1, minor: 1, patch: 4, text: '1.1.4' });

export function timeoutFieldFor(facts: SqlFacts): MigrationTimeoutField {
  const { meaning, defaultSeconds } = facts.timeoutArgument;
  return meaning === 'replay'
    ? {
        kind: 'seconds',
        label: 'Replay timeout (seconds)',
        clusterDefaultSeconds: defaultSeconds,
        description: `How long the target datanode may take to replay the region's WAL (this version's default: ${defaultSeconds} s).`,
      }
    : {
        kind: 'seconds',
        label: 'Overall timeout (seconds)',
        clusterDefaultSeconds: defaultSeconds,
        description: `Bound on the downgrade and upgrade steps of the whole migration (this version's default: ${defaultSeconds} s).`,
      };
}

/** The facts of the connected version (statement forms for copyable commands, labels). */
export function connectionFacts(connection: ConnectionInfo): SqlFacts {
  const version = connection.version === null ? null : parseGreptimeVersion(connection.version);
  return version === null ? LATEST_FACTS : sqlFacts(version);
}

export function createSqlClusterApi(clusterId: string, connection: ConnectionInfo): ClusterApi {
  const version = connection.version === null ? null : parseGreptimeVersion(connection.version);
  const facts = connectionFacts(connection);
  const versionText =
    version === null ? 'GreptimeDB (version unknown)' : `GreptimeDB v${version.text}`;

  return {
    clusterId,
    generation: 'sql',
    connection,
    label: `${versionText} · SQL path`,
    timeoutField: timeoutFieldFor(facts),
    fetchMetasrvStatus: (signal) => fetchMetasrvStatus(clusterId, signal),
    fetchTableRoute: async (query, signal) => {
      if ('table_id' in query) return fetchSqlTableRoute(clusterId, Number(query.table_id), signal);
      if ('region_id' in query) {
        return fetchSqlTableRoute(clusterId, splitRegionId(query.region_id).tableId, signal);
      }
      // By name: information_schema.tables gives the id.
      const [table] = await fetchSqlTableByName(
        clusterId,
        { catalog: query.catalog, schema: query.schema, table: query.table },
        signal,
      );
      if (table === undefined) {
        throw new ApiError(
          {
            endpoint: 'sql-table-by-name',
            method: 'GET',
            url: `table ${query.catalog}.${query.schema}.${query.table}`,
          },
          {
            kind: 'frontend',
            status: 404,
            code: 4001,
            message: `Table not found: ${query.catalog}.${query.schema}.${query.table}`,
            frontendAddr: connection.frontendAddr,
          },
        );
      }
      return fetchSqlTableRoute(clusterId, table.tableId, signal);
    },
    fetchNodeLeases: (signal) => fetchSqlNodeLeases(clusterId, signal),
    fetchCatalogs: async (signal) => catalogsOf(await fetchSqlTables(clusterId, signal)),
    fetchSchemas: async (catalog, signal) =>
      schemasOf(await fetchSqlTables(clusterId, signal), catalog),
    fetchTableNames: async (catalog, schema, signal) =>
      tableNamesOf(await fetchSqlTables(clusterId, signal), catalog, schema),
    fetchTablesByIds: async (tableIds, signal) => {
      const asked = new Set(tableIds);
      return (await fetchSqlTables(clusterId, signal)).filter((table) =>
        asked.has(String(table.tableId)),
      );
    },
    tables: { isSupported: true, fetch: (signal) => fetchSqlTables(clusterId, signal) },
    clusterNodes: { isSupported: true, fetch: (signal) => fetchClusterNodes(clusterId, signal) },
    regionSizes: facts.hasRegionStatistics
      ? {
          isSupported: true,
          fetch: (tableId, signal) => fetchRegionSizes(clusterId, tableId, signal),
        }
      : {
          isSupported: false,
          reason: 'information_schema.region_statistics exists from GreptimeDB v0.9.4.',
        },
    procedureState: {
      isSupported: true,
      fetch: (procedureId, signal) => fetchProcedureState(clusterId, procedureId, signal),
    },
    maintenance: { isSupported: true, run: (request) => runSqlMaintenance(clusterId, request) },
    migrationEvents: facts.hasEvents
      ? {
          isSupported: true,
          // Before the recorder created greptime_private.events the server answers no rows.
          fetch: (tableId, signal) => fetchMigrationEvents(clusterId, tableId, signal),
        }
      : {
          isSupported: false,
          reason:
            'greptime_private.events records region moves from GreptimeDB v0.16; this cluster is older.',
        },
    metricTableRegions: facts.hasRegionStatistics
      ? {
          isSupported: true,
          fetch: (tableId, signal) => fetchMetricTableRegions(clusterId, tableId, signal),
        }
      : {
          isSupported: false,
          reason:
            'Telling a logical table from its physical table needs information_schema.region_statistics (GreptimeDB v0.9.4 or later).',
        },
    regionStates: facts.hasRegionInfo
      ? {
          isSupported: true,
          fetch: (tableId, signal) => fetchRegionStates(clusterId, tableId, signal),
        }
      : {
          isSupported: false,
          reason: 'information_schema.region_info (region states) exists from GreptimeDB v1.1.',
        },
  };
}
