import { queryOptions } from '@tanstack/react-query';
import { fetchRegionDistribution } from '../api/region-distribution-api';

/**
 * Heartbeat stats are up to ~30 s old when MetaSrv hands them out (API.md §1.8), so polling
 * faster than that buys nothing and costs MetaSrv a large read each time. Background tabs do
 * not poll (TanStack Query's default).
 */
export const CLUSTER_SUMMARY_POLL_INTERVAL_MS = 30_000;

export const clusterSummaryQueries = {
  all: (clusterId: string) => ['cluster-summary', clusterId] as const,
  summary: (clusterId: string) =>
    queryOptions({
      queryKey: clusterSummaryQueries.all(clusterId),
      queryFn: ({ signal }) => fetchRegionDistribution(clusterId, signal),
      refetchInterval: CLUSTER_SUMMARY_POLL_INTERVAL_MS,
      staleTime: 10_000,
    }),
};
