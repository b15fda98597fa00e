/**
 * Region sizes for the grid's Size and Rows columns, where the cluster reports
 * information_schema.region_statistics (SQL path, v0.9.4+); nothing at all elsewhere, so a
 * legacy cluster shows no size column rather than an empty or zero one. The query is the
 * maintenance feature's (one cache entry: a flush or compaction refreshes the grid too).
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { connectionQuery, createClusterApi } from '../../api/cluster-api-resolver';
import type { RegionSize } from '../../../contract/sql-types';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import type { RegionRow } from '../../domain/region-row';

export interface GridRegionSizes {
  /** Per row: null while loading, undefined without statistics. Undefined: no size columns. */
  byRow: readonly (RegionSize | undefined | null)[] | undefined;
  /** Why sizes could not be read, while none are shown. */
  error: Error | null;
}

export function useRegionSizes(
  clusterId: string,
  tableId: string,
  rows: readonly RegionRow[],
): GridRegionSizes {
  const { data: connection } = useQuery(connectionQuery(clusterId));
  const isSupported =
    connection !== undefined && createClusterApi(clusterId, connection).regionSizes.isSupported;
  const sizesQuery = useQuery({
    ...maintenanceQueries.regionSizes(clusterId, tableId),
    enabled: isSupported,
    refetchInterval: useRefreshInterval(),
  });
  const { data, error } = sizesQuery;

  return useMemo((): GridRegionSizes => {
    if (!isSupported) return { byRow: undefined, error: null };
    if (data === undefined || data === null) {
      const byRow = new Array<null | undefined>(rows.length).fill(
        error === null ? null : undefined,
      );
      return { byRow, error };
    }
    const byId = new Map(data.map((size) => [size.regionId, size]));
    return { byRow: rows.map((row) => byId.get(row.regionId)), error: null };
  }, [isSupported, data, error, rows]);
}
