/**
 * Chooses the ClusterApi of a cluster from the server's `connection` answer, once per
 * cluster and query-client lifetime (re-checked after CONNECTION_STALE_MS, e.g. after an
 * upgrade). Query functions call `resolveClusterApi(client, clusterId)`; components use the
 * `connectionQuery` through features/connection.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../contract/sql-contract';
import { isApiError } from './api-error';
import type { ClusterApi } from './cluster-api-interface';
import { createLegacyClusterApi } from './legacy-cluster-api';
import { createSqlClusterApi } from './sql-cluster-api';
import { fetchConnection } from './sql/sql-fetchers';

export const CONNECTION_STALE_MS = 5 * 60_000;
/**
 * While the server reports a problem (credentials refused, frontend down), ask again this
 * often: the header recovers by itself once the operator fixes the cause.
 */
export const CONNECTION_PROBLEM_RECHECK_MS = 5_000;

/** A console server without the `connection` endpoint only speaks the legacy API. */
const LEGACY_ASSUMED: Omit<ConnectionInfo, 'checkedAtMs'> = {
  generation: 'legacy',
  version: null,
  detectedBy: 'legacy-endpoints',
  frontendAddr: null,
  frontendOrigin: null,
  hasFrontendCredentials: false,
  problem: null,
};

export function connectionQuery(clusterId: string) {
  return queryOptions({
    queryKey: ['connection', clusterId] as const,
    queryFn: async ({ signal }): Promise<ConnectionInfo> => {
      try {
        return await fetchConnection(clusterId, signal);
      } catch (error) {
        if (isApiError(error, 'proxy') && error.detail.code === 'not-found') {
          return { ...LEGACY_ASSUMED, checkedAtMs: Date.now() };
        }
        throw error;
      }
    },
    staleTime: (query) =>
      query.state.data?.problem == null ? CONNECTION_STALE_MS : CONNECTION_PROBLEM_RECHECK_MS,
    refetchInterval: (query) =>
      query.state.data?.problem == null ? false : CONNECTION_PROBLEM_RECHECK_MS,
  });
}

export function createClusterApi(clusterId: string, connection: ConnectionInfo): ClusterApi {
  return connection.generation === 'sql'
    ? createSqlClusterApi(clusterId, connection)
    : createLegacyClusterApi(clusterId, connection);
}

export async function resolveClusterApi(
  client: QueryClient,
  clusterId: string,
): Promise<ClusterApi> {
  try {
    // Cached while fresh (CONNECTION_STALE_MS), asked again after.
    const connection = await client.query(connectionQuery(clusterId));
    return createClusterApi(clusterId, connection);
  } catch (error) {
    // The console server did not answer at all: the request that follows fails the same way
    // and shows why. Nothing is cached, so the next call asks about the connection again.
    if (isApiError(error, 'network')) {
      return createLegacyClusterApi(clusterId, { ...LEGACY_ASSUMED, checkedAtMs: Date.now() });
    }
    throw error;
  }
}
