import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { ClusterView } from '../../features/cluster-view/cluster-view';
import { DatanodeLoadSummary } from '../../features/hot-regions/datanode-load-summary';
import { tableListQueries } from '../../features/table-list/table-list-queries';
import { GridMoveDialog } from './grid-move-dialog';

interface ClusterPageProps {
  clusterId: string;
  onOpenTable: (tableId: string, regionId?: string) => void;
}

/**
 * The cluster overview, with moves from its grid ending in the migrate dialog. Loaded lazily
 * with its route (routes/cluster-view-route.tsx): the first page does not carry it.
 */
export function ClusterPage({ clusterId, onOpenTable }: ClusterPageProps) {
  const tableNames = useTableNames(clusterId);
  return (
    <ClusterView
      clusterId={clusterId}
      onOpenTable={onOpenTable}
      tableNames={tableNames}
      datanodeLoad={<DatanodeLoadSummary clusterId={clusterId} />}
      renderMoveDialog={(move, onClose) => (
        <GridMoveDialog clusterId={clusterId} move={move} onClose={onClose} />
      )}
    />
  );
}

/**
 * Names of the tables by id, from the overview's table list (the same cached query). Only the
 * SQL path's list names a table by its id (information_schema.tables); legacy MetaSrv lists
 * names without ids (API.md §1.9), so there the list is not asked and the cluster view asks
 * MetaSrv for each table by id.
 */
function useTableNames(clusterId: string): ReadonlyMap<number, string> | undefined {
  const connection = useQuery(connectionQuery(clusterId)).data;
  const { data: tables } = useQuery({
    ...tableListQueries.tables(clusterId),
    enabled: connection?.generation === 'sql',
  });
  return useMemo(
    () =>
      tables === undefined
        ? undefined
        : new Map(
            tables.flatMap((t): [number, string][] =>
              t.tableId === null ? [] : [[t.tableId, `${t.catalog}.${t.schema}.${t.name}`]],
            ),
          ),
    [tables],
  );
}
