import { queryOptions } from '@tanstack/react-query';
import { fetchClusters } from '../../api/console-api';

export const clusterQueries = {
  all: () => ['clusters'] as const,
  /** The configured clusters; fixed for the server's lifetime. */
  list: () =>
    queryOptions({
      queryKey: [...clusterQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => fetchClusters(signal),
      staleTime: Infinity,
    }),
};
