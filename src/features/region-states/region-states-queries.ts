import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../../api/cluster-api-resolver';
import type { RegionState } from '../../../contract/sql/region-runtime-types';

/** A table's region replicas by region id, as datanodes report them (region_info, v1.1+). */
export type RegionStatesById = ReadonlyMap<string, readonly RegionState[]>;

export const regionStatesQueries = {
  all: (clusterId: string) => ['region-states', clusterId] as const,
  /** null where the cluster has no region_info (legacy; SQL path before v1.1). */
  byTable: (clusterId: string, tableId: string) =>
    queryOptions({
      queryKey: [...regionStatesQueries.all(clusterId), tableId] as const,
      queryFn: async ({ signal, client }): Promise<RegionStatesById | null> => {
        const api = await resolveClusterApi(client, clusterId);
        if (!api.regionStates.isSupported) return null;
        const rows = await api.regionStates.fetch(Number(tableId), signal);
        const byId = new Map<string, RegionState[]>();
        for (const row of rows) byId.set(row.regionId, [...(byId.get(row.regionId) ?? []), row]);
        return byId;
      },
    }),
};
