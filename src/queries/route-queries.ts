import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../api/cluster-api-resolver';
import type { RouteQuery } from '../../contract/api-contract';

/** How often the migrate dialog re-reads the route while a procedure runs. */
export const MIGRATION_ROUTE_POLL_INTERVAL_MS = 1_000;

export const routeQueries = {
  /** Everything route-related of a cluster: what a migration invalidates. */
  all: (clusterId: string) => ['route', clusterId] as const,
  detail: (clusterId: string, query: RouteQuery) =>
    queryOptions({
      queryKey: [...routeQueries.all(clusterId), query] as const,
      // Legacy `/admin/route` or SQL region_peers, as the connected cluster speaks.
      queryFn: async ({ signal, client }) =>
        (await resolveClusterApi(client, clusterId)).fetchTableRoute(query, signal),
    }),
  byTableId: (clusterId: string, tableId: string) =>
    routeQueries.detail(clusterId, { table_id: tableId }),
};
