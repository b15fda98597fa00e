import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../api/cluster-api-resolver';

/** While the migrate dialog is open its target list must reflect current leases. */
export const LEASES_POLL_INTERVAL_MS = 5_000;

export const datanodeQueries = {
  all: (clusterId: string) => ['datanodes', clusterId] as const,
  /** Every datanode lease MetaSrv holds, expired ones included, with MetaSrv's clock. */
  leases: (clusterId: string) =>
    queryOptions({
      queryKey: [...datanodeQueries.all(clusterId), 'leases'] as const,
      queryFn: async ({ signal, client }) =>
        (await resolveClusterApi(client, clusterId)).fetchNodeLeases(signal),
    }),
  /** SQL path: information_schema.cluster_info (enable only where the API supports it). */
  nodes: (clusterId: string) =>
    queryOptions({
      queryKey: [...datanodeQueries.all(clusterId), 'cluster-info'] as const,
      queryFn: async ({ signal, client }) => {
        const { clusterNodes } = await resolveClusterApi(client, clusterId);
        if (!clusterNodes.isSupported) throw new Error(clusterNodes.reason);
        return clusterNodes.fetch(signal);
      },
    }),
  /** SQL path: information_schema.region_statistics of the whole cluster, with leader peers. */
  regionSizes: (clusterId: string) =>
    queryOptions({
      queryKey: [...datanodeQueries.all(clusterId), 'region-statistics'] as const,
      queryFn: async ({ signal, client }) => {
        const { regionSizes } = await resolveClusterApi(client, clusterId);
        if (!regionSizes.isSupported) throw new Error(regionSizes.reason);
        return regionSizes.fetch(null, signal);
      },
    }),
};
