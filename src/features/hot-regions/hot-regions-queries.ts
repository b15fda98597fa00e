/**
 * Hot regions as the console server keeps them (contract/hot-regions.ts). Both answers come
 * from the server's memory, not the cluster: the server samples region_statistics on its own
 * schedule whoever is watching, so refreshing follows that schedule (hot-regions-model.ts).
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { LoadRate } from '../../../contract/hot-regions';
import { fetchHotRegions, fetchHotRegionsHeatmap } from '../../api/hot-regions-api';

export interface HotListParams {
  /** Null: the server's default, query CPU or the best rate the version has. */
  sort: LoadRate | null;
  limit: number;
}

export const hotRegionsQueries = {
  all: (clusterId: string) => ['hot-regions', clusterId] as const,
  list: (clusterId: string, params: HotListParams) =>
    queryOptions({
      queryKey: [...hotRegionsQueries.all(clusterId), 'list', params] as const,
      queryFn: ({ signal }) =>
        fetchHotRegions(clusterId, { sort: params.sort ?? undefined, limit: params.limit }, signal),
      // Another sort or size keeps the last list on screen until the new one arrives.
      placeholderData: keepPreviousData,
    }),
  /** `windowMs` undefined: the server's default, the ring's whole 6 h. */
  heatmap: (clusterId: string, windowMs?: number) =>
    queryOptions({
      queryKey: [...hotRegionsQueries.all(clusterId), 'heatmap', { windowMs }] as const,
      queryFn: ({ signal }) => fetchHotRegionsHeatmap(clusterId, windowMs, signal),
    }),
};
