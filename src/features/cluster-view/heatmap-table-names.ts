import { useQuery } from '@tanstack/react-query';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import { TABLE_INFO_BATCH_LIMIT } from '../../../contract/api-contract';
import type { TableSummary } from '../../../contract/sql-types';

function namesOf(tables: readonly TableSummary[]): ReadonlyMap<number, string> {
  return new Map(
    tables.map((table): [number, string] => [
      table.tableId,
      `${table.catalog}.${table.schema}.${table.name}`,
    ]),
  );
}

/**
 * The names of the heatmap's rows. The SQL path's come with the page's table list (`listed`);
 * legacy MetaSrv lists names without ids (API.md §1.9), so there the heatmap's first
 * TABLE_INFO_BATCH_LIMIT tables are asked by id in one `/admin/table?table_ids=` read. Every
 * name arrives at once: names arriving one by one would widen the label column and lay the grid
 * out again each time (losing the keyboard's place). Ids stand in while the names are read, and
 * for tables MetaSrv does not name or when it cannot be read.
 */
export function useHeatmapTableNames(
  clusterId: string,
  tableIds: readonly number[],
  listed: ReadonlyMap<number, string>,
): ReadonlyMap<number, string> {
  const isLegacy = useQuery(connectionQuery(clusterId)).data?.generation === 'legacy';
  const asked = tableIds.slice(0, TABLE_INFO_BATCH_LIMIT).map(String);
  const lookedUp = useQuery({
    ...maintenanceQueries.tableNames(clusterId, asked),
    enabled: isLegacy && asked.length > 0,
    select: namesOf,
  });
  return isLegacy ? (lookedUp.data ?? listed) : listed;
}
