/**
 * Column definitions of the region grid, at module scope so the table never sees a new
 * column array unless the set of datanodes changes. Datanode columns are made per peer id;
 * their header and footer read the current counts and liveness from the table's meta.
 */
import { createColumnHelper, tableFeatures, type HeaderContext } from '@tanstack/react-table';
import type { DatanodeColumn, RegionRow } from './grid-model';
import {
  DatanodeCountFooter,
  DatanodeHeader,
  PartitionBoundsCell,
  RegionIdCell,
  ReplicaMark,
} from './region-grid-cells';

export interface RegionGridMeta {
  datanodesById: ReadonlyMap<string, DatanodeColumn>;
  evenShare: number;
}

export const gridFeatures = tableFeatures({
  // Type-only slot (the value is ignored at runtime): types `table.options.meta`.
  tableMeta: {} as RegionGridMeta,
});
type GridFeatures = typeof gridFeatures;

const helper = createColumnHelper<GridFeatures, RegionRow>();

export const FIXED_COLUMNS = helper.columns([
  helper.accessor('regionId', {
    id: 'regionId',
    header: 'Region ID',
    cell: (info) => <RegionIdCell regionId={info.getValue()} />,
    footer: 'Regions per datanode',
  }),
  helper.accessor('regionNumber', {
    id: 'regionNumber',
    header: 'Region number',
  }),
  helper.display({
    id: 'partition',
    header: 'Partition bounds',
    cell: ({ row }) => <PartitionBoundsCell row={row.original} />,
  }),
]);

export const DATANODE_COLUMN_PREFIX = 'datanode-';

function datanodeOf(context: HeaderContext<GridFeatures, RegionRow>, peerId: string) {
  return context.table.options.meta?.datanodesById.get(peerId);
}

export function datanodeColumn(peerId: string) {
  return helper.display({
    id: `${DATANODE_COLUMN_PREFIX}${peerId}`,
    header: (context) => <DatanodeHeader peerId={peerId} datanode={datanodeOf(context, peerId)} />,
    cell: ({ row }) => <ReplicaMark row={row.original} peerId={peerId} />,
    footer: (context) => (
      <DatanodeCountFooter
        datanode={datanodeOf(context, peerId)}
        evenShare={context.table.options.meta?.evenShare ?? 0}
      />
    ),
  });
}
