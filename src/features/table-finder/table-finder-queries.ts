import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../../api/cluster-api-resolver';

/** Names change rarely; a minute of freshness keeps browsing snappy and the cluster quiet. */
const NAMES_STALE_MS = 60_000;

/** Legacy: /admin/catalogs, /admin/schemas, /admin/tables; SQL path: information_schema.tables. */
export const tableNameQueries = {
  all: (clusterId: string) => ['table-names', clusterId] as const,
  catalogs: (clusterId: string) =>
    queryOptions({
      queryKey: [...tableNameQueries.all(clusterId), 'catalogs'] as const,
      queryFn: async ({ signal, client }) =>
        (await resolveClusterApi(client, clusterId)).fetchCatalogs(signal),
      staleTime: NAMES_STALE_MS,
    }),
  schemas: (clusterId: string, catalog: string) =>
    queryOptions({
      queryKey: [...tableNameQueries.all(clusterId), 'schemas', catalog] as const,
      queryFn: async ({ signal, client }) =>
        (await resolveClusterApi(client, clusterId)).fetchSchemas(catalog, signal),
      staleTime: NAMES_STALE_MS,
    }),
  tables: (clusterId: string, catalog: string, schema: string) =>
    queryOptions({
      queryKey: [...tableNameQueries.all(clusterId), 'tables', catalog, schema] as const,
      queryFn: async ({ signal, client }) =>
        (await resolveClusterApi(client, clusterId)).fetchTableNames(catalog, schema, signal),
      staleTime: NAMES_STALE_MS,
    }),
};
