import { queryOptions } from '@tanstack/react-query';
import { fetchCatalogs, fetchSchemas, fetchTables } from '../../api/cluster-api';

/** Names change rarely; a minute of freshness keeps browsing snappy and MetaSrv quiet. */
const NAMES_STALE_MS = 60_000;

export const tableNameQueries = {
  all: (clusterId: string) => ['table-names', clusterId] as const,
  catalogs: (clusterId: string) =>
    queryOptions({
      queryKey: [...tableNameQueries.all(clusterId), 'catalogs'] as const,
      queryFn: ({ signal }) => fetchCatalogs(clusterId, signal),
      staleTime: NAMES_STALE_MS,
    }),
  schemas: (clusterId: string, catalog: string) =>
    queryOptions({
      queryKey: [...tableNameQueries.all(clusterId), 'schemas', catalog] as const,
      queryFn: ({ signal }) => fetchSchemas(clusterId, catalog, signal),
      staleTime: NAMES_STALE_MS,
    }),
  tables: (clusterId: string, catalog: string, schema: string) =>
    queryOptions({
      queryKey: [...tableNameQueries.all(clusterId), 'tables', catalog, schema] as const,
      queryFn: ({ signal }) => fetchTables(clusterId, catalog, schema, signal),
      staleTime: NAMES_STALE_MS,
    }),
};
