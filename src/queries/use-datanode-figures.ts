/**
 * The datanodes panel's figures, from the sources the connected cluster has (see
 * datanode-figures.ts), for the panel and the migrate picker alike, sharing their caches.
 */
import { useQuery } from '@tanstack/react-query';
import { connectionQuery, createClusterApi } from '../api/cluster-api-resolver';
import type { ApiGeneration } from '../../contract/sql-contract';
import { SQL_ROW_LIMIT } from '../../contract/sql-contract';
import { clusterSummaryQueries } from './cluster-summary-queries';
import { buildDatanodeFigures, type DatanodeFigures } from '../domain/datanode-figures';
import { datanodeQueries } from './datanode-queries';

interface Intervals {
  /** Lease polling: fast while the user picks a target. */
  leases: number | false;
  /** Everything else. */
  figures: number | false;
}

export interface DatanodeFiguresResult {
  /** Null until the connection is known. */
  generation: ApiGeneration | null;
  figures: DatanodeFigures[];
  leases: ReturnType<typeof useLeases>;
  /** Whether heartbeat rows / read-write units are reported (legacy summary). */
  rowsReported: boolean | null;
  unitsReported: boolean | null;
  /** A source that failed while the others answered, in plain words. */
  problems: string[];
  /** Why region_statistics is not used (older SQL-path versions), or null. */
  sizesUnsupported: string | null;
  /** region_statistics hit the statement's row limit: sums cover part of the cluster. */
  isSizesCut: boolean;
  /** Waiting for the counts and sizes. */
  isFiguresPending: boolean;
}

function useLeases(clusterId: string, interval: number | false) {
  return useQuery({ ...datanodeQueries.leases(clusterId), refetchInterval: interval });
}

export function useDatanodeFigures(
  clusterId: string,
  tableId: number | null,
  intervals: Intervals,
): DatanodeFiguresResult {
  const connection = useQuery(connectionQuery(clusterId)).data;
  const api = connection === undefined ? null : createClusterApi(clusterId, connection);
  const hasNodes = api?.clusterNodes.isSupported === true;
  const hasSizes = api?.regionSizes.isSupported === true;
  const leases = useLeases(clusterId, intervals.leases);
  const summary = useQuery({
    ...clusterSummaryQueries.summary(clusterId),
    refetchInterval: intervals.figures,
    // Also while the connection is unknown: the picker must not wait for it to show figures.
    enabled: !hasSizes,
  });
  const nodes = useQuery({
    ...datanodeQueries.nodes(clusterId),
    refetchInterval: intervals.figures,
    enabled: hasNodes,
  });
  const sizes = useQuery({
    ...datanodeQueries.regionSizes(clusterId),
    refetchInterval: intervals.figures,
    enabled: hasSizes,
  });

  const problems = [
    summary.isError
      ? `The heartbeat could not be summarised, so region counts and sizes are not shown: ${summary.error.message}`
      : null,
    nodes.isError
      ? `information_schema.cluster_info could not be read, so versions and uptimes are not shown: ${nodes.error.message}`
      : null,
    sizes.isError
      ? `information_schema.region_statistics could not be read, so region counts and sizes are not shown: ${sizes.error.message}`
      : null,
  ].filter((p): p is string => p !== null);

  return {
    generation: api?.generation ?? null,
    figures: buildDatanodeFigures(
      {
        leases: leases.data,
        summary: summary.data,
        nodes: nodes.data,
        sizes: sizes.data,
      },
      tableId,
    ),
    leases,
    rowsReported: hasSizes ? null : (summary.data?.rowsReported ?? null),
    unitsReported: hasSizes ? null : (summary.data?.unitsReported ?? null),
    problems,
    sizesUnsupported:
      api !== null && api.generation === 'sql' && !api.regionSizes.isSupported
        ? api.regionSizes.reason
        : null,
    isSizesCut: (sizes.data?.length ?? 0) >= SQL_ROW_LIMIT,
    isFiguresPending: hasSizes ? sizes.isPending : summary.isPending,
  };
}
