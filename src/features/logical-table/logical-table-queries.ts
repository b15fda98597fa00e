import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../../api/cluster-api-resolver';
import { classifyMetricTable, type MetricTableKind } from './metric-table-kind';

/** Whether a table is logical changes only when tables are created or dropped. */
const METRIC_KIND_STALE_MS = 60_000;

export const logicalTableQueries = {
  all: (clusterId: string) => ['metric-table-kind', clusterId] as const,
  /** null where the connected cluster cannot tell (legacy: its route says it; SQL before v0.9.4). */
  kind: (clusterId: string, tableId: string) =>
    queryOptions({
      queryKey: [...logicalTableQueries.all(clusterId), tableId] as const,
      queryFn: async ({ signal, client }): Promise<MetricTableKind | null> => {
        const api = await resolveClusterApi(client, clusterId);
        if (!api.metricTableRegions.isSupported) return null;
        const rows = await api.metricTableRegions.fetch(Number(tableId), signal);
        return classifyMetricTable(Number(tableId), rows);
      },
      staleTime: METRIC_KIND_STALE_MS,
    }),
};
