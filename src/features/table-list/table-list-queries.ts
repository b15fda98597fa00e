/**
 * Every table of the cluster, across catalogs and schemas, as each API generation can list it:
 * - SQL path: one information_schema.tables read (base tables, with ids and engines);
 * - legacy (v0.6/v0.7): MetaSrv's `/admin/catalogs`, `/admin/schemas` per catalog and
 *   `/admin/tables` per schema, which name tables without their ids (API.md §1.9). The ids and
 *   kinds then come from each table's route by name (useTableList, bounded).
 */
import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../../api/cluster-api-resolver';
import type { NamedTable } from './table-list-model';

/** Tables are created and dropped rarely; a minute of freshness keeps the cluster quiet. */
export const TABLE_LIST_STALE_MS = 60_000;

export const tableListQueries = {
  all: (clusterId: string) => ['table-list', clusterId] as const,
  tables: (clusterId: string) =>
    queryOptions({
      queryKey: [...tableListQueries.all(clusterId), 'tables'] as const,
      queryFn: async ({ signal, client }): Promise<NamedTable[]> => {
        const api = await resolveClusterApi(client, clusterId);
        if (api.tables.isSupported) {
          return (await api.tables.fetch(signal)).map((t) => ({ ...t, kind: null }));
        }
        const catalogs = await api.fetchCatalogs(signal);
        const schemas = (
          await Promise.all(
            catalogs.map(async (catalog) =>
              (await api.fetchSchemas(catalog, signal)).map((schema) => ({ catalog, schema })),
            ),
          )
        ).flat();
        const perSchema = await Promise.all(
          schemas.map(async ({ catalog, schema }) =>
            (await api.fetchTableNames(catalog, schema, signal)).map((t): NamedTable => ({
              catalog,
              schema,
              name: t.name,
              tableId: t.tableId,
              engine: null,
              kind: null,
            })),
          ),
        );
        return perSchema.flat();
      },
      staleTime: TABLE_LIST_STALE_MS,
    }),
};
