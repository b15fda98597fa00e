/**
 * Server state of region maintenance, which the grid and the datanodes panel read too: a
 * table's name (flush_table and compact_table take it, the grid knows only the id), its
 * regions' sizes (what a flush or compaction changes), and the mutation that runs one
 * statement.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { resolveClusterApi } from '../api/cluster-api-resolver';
import type { MaintenanceRequest } from '../../contract/sql-contract';
import type { RegionSize, TableSummary } from '../../contract/sql-types';

/** Table names change rarely (a rename or re-creation). */
const TABLE_NAME_STALE_MS = 60_000;

export const maintenanceQueries = {
  /** information_schema.region_statistics of every region: what a flush or compaction changes. */
  regionSizesAll: (clusterId: string) => ['region-sizes', clusterId] as const,
  /** null where the cluster has no region_statistics (legacy, before v0.9.4). */
  regionSizes: (clusterId: string, tableId: string) =>
    queryOptions({
      queryKey: [...maintenanceQueries.regionSizesAll(clusterId), tableId] as const,
      queryFn: async ({ signal, client }): Promise<RegionSize[] | null> => {
        const api = await resolveClusterApi(client, clusterId);
        return api.regionSizes.isSupported ? api.regionSizes.fetch(Number(tableId), signal) : null;
      },
    }),
  /**
   * The table's catalog, schema and name: from information_schema.tables on the SQL path,
   * from `/admin/table` on the legacy API; null when the cluster has no such table.
   */
  tableName: (clusterId: string, tableId: string) =>
    queryOptions({
      queryKey: ['tables', clusterId, 'by-id', tableId] as const,
      queryFn: async ({ signal, client }): Promise<TableSummary | null> => {
        const api = await resolveClusterApi(client, clusterId);
        return (await api.fetchTablesByIds([tableId], signal))[0] ?? null;
      },
      staleTime: TABLE_NAME_STALE_MS,
    }),
  /**
   * Several tables' names in one read (at most TABLE_INFO_BATCH_LIMIT ids); tables the cluster
   * does not have are left out.
   */
  tableNames: (clusterId: string, tableIds: readonly string[]) =>
    queryOptions({
      queryKey: ['tables', clusterId, 'by-ids', tableIds] as const,
      queryFn: async ({ signal, client }): Promise<TableSummary[]> => {
        const api = await resolveClusterApi(client, clusterId);
        return api.fetchTablesByIds(tableIds, signal);
      },
      staleTime: TABLE_NAME_STALE_MS,
    }),
};

/**
 * Runs one flush or compaction and resolves with the affected rows. Sizes are re-read once it
 * has settled: even an answer that never arrived may have run.
 */
export function useRunMaintenance(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: MaintenanceRequest) => {
      const api = await resolveClusterApi(queryClient, clusterId);
      if (!api.maintenance.isSupported) throw new Error(api.maintenance.reason);
      return api.maintenance.run(request);
    },
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: maintenanceQueries.regionSizesAll(clusterId) }),
  });
}
