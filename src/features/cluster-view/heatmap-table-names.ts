import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import type { TableSummary } from '../../../contract/sql-types';

/** One request a table on legacy MetaSrv: the heatmap's first rows, bounded for MetaSrv. */
const LEGACY_NAME_LOOKUP_LIMIT = 100;

/**
 * Every name at once, when no lookup is pending: each arrival would widen the label column and
 * lay the grid out again (losing the keyboard's place). Unknown or unread tables are left out.
 */
function namesOnceSettled(
  results: UseQueryResult<TableSummary | null>[],
): ReadonlyMap<number, string> | undefined {
  if (results.length === 0 || results.some((result) => result.isPending)) return undefined;
  return new Map(
    results.flatMap(({ data }): [number, string][] =>
      data == null ? [] : [[data.tableId, `${data.catalog}.${data.schema}.${data.name}`]],
    ),
  );
}

/**
 * The names of the heatmap's rows. The SQL path's come with the page's table list (`listed`);
 * legacy MetaSrv lists names without ids (API.md §1.9), so there each table is asked by id
 * through `/admin/table` (the maintenance queries' `tableName`, which the table page's heading
 * reads too). Ids stand in while the names are read, and for tables they do not name.
 */
export function useHeatmapTableNames(
  clusterId: string,
  tableIds: readonly number[],
  listed: ReadonlyMap<number, string>,
): ReadonlyMap<number, string> {
  const isLegacy = useQuery(connectionQuery(clusterId)).data?.generation === 'legacy';
  const asked = isLegacy ? tableIds.slice(0, LEGACY_NAME_LOOKUP_LIMIT) : [];
  const lookedUp = useQueries({
    queries: asked.map((tableId) => maintenanceQueries.tableName(clusterId, String(tableId))),
    combine: namesOnceSettled,
  });
  return lookedUp ?? listed;
}
