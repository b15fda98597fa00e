/**
 * The per-table region grid's table model, at module scope (TanStack Table v9): its features,
 * its region columns, and how the toolbar's query becomes the table's sorting and filters.
 * Datanode columns are not table columns: they are the grid's second axis (one per peer of the
 * route, up to hundreds), virtualized and drawn from the grid model, so a row never builds a
 * cell object per datanode. All datanode columns have one width and rows one height, so both
 * virtualizers place them without measuring (long partition bounds are cut with an ellipsis
 * and shown whole on hover).
 */
import {
  columnFilteringFeature,
  columnVisibilityFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  metaHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type ColumnVisibilityState,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import type { RegionState } from '../../../contract/sql/region-runtime-types';
import type { RegionSize } from '../../../contract/sql-types';
import {
  asksRegionOrder,
  isInOrder,
  type RegionListQuery,
  type RegionSortKey,
} from '../../domain/region-list-query';
import {
  comparePeerIds,
  gridRowsOf,
  isOn,
  matchesRegionSearch,
  type DatanodeColumn,
  type GridModel,
  type RegionGridRow,
} from './grid-model';
import {
  LeaderOnCell,
  PartitionBoundsCell,
  RegionIdCell,
  RowsCell,
  SizeCell,
} from './region-grid-cells';

export interface RegionColumnMeta {
  /** Pixels; region columns stay in place while datanode columns scroll under them. */
  width: number;
  /** The toolbar's sort key this column's header button sets, if any. */
  sortKey: RegionSortKey | null;
}

export const regionGridFeatures = tableFeatures({
  columnFilteringFeature,
  columnVisibilityFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  columnMeta: metaHelper<RegionColumnMeta>(),
});

const column = createColumnHelper<typeof regionGridFeatures, RegionGridRow>();

export type RegionColumnId =
  'regionId' | 'regionNumber' | 'partition' | 'size' | 'rows' | 'leaderOn';

export const REGION_COLUMNS = column.columns([
  column.accessor((row) => row.region.regionId, {
    id: 'regionId',
    header: 'Region ID',
    // Within one table a region id orders like its region number (and numbers never overflow).
    sortFn: (a, b) => a.original.region.regionNumber - b.original.region.regionNumber,
    filterFn: (row, _columnId, search: string) => matchesRegionSearch(row.original.region, search),
    cell: ({ row }) => (
      <RegionIdCell
        regionId={row.original.region.regionId}
        states={row.original.states}
        isStaging={row.original.region.leaderStatus === 'Staging'}
      />
    ),
    meta: { width: 150, sortKey: 'regionId' },
  }),
  column.accessor((row) => row.region.regionNumber, {
    id: 'regionNumber',
    header: 'Region number',
    enableSorting: false,
    meta: { width: 140, sortKey: null },
  }),
  column.display({
    id: 'partition',
    header: 'Partition bounds',
    cell: ({ row }) => <PartitionBoundsCell row={row.original.region} />,
    meta: { width: 220, sortKey: null },
  }),
  // Size and Rows only where the cluster reports region_statistics (SQL path, v0.9.4+).
  column.accessor((row) => row.size?.diskSize ?? undefined, {
    id: 'size',
    header: 'Size',
    // Regions without a reported size come last, whichever the direction.
    sortUndefined: 'last',
    sortFn: (a, b) => (a.original.size?.diskSize ?? 0) - (b.original.size?.diskSize ?? 0),
    cell: ({ row }) => <SizeCell size={row.original.size} />,
    meta: { width: 84, sortKey: 'bytes' },
  }),
  column.display({
    id: 'rows',
    header: 'Rows',
    cell: ({ row }) => <RowsCell size={row.original.size} />,
    meta: { width: 104, sortKey: null },
  }),
  // Shown (pinned after the region columns) when the datanode columns are wider than the
  // grid, so each row names its leader even while the leader's own column is out of view.
  // Sorting by datanode and the datanode filter use it whether it is shown or not.
  column.accessor((row) => row.region.leaderPeerId ?? undefined, {
    id: 'leaderOn',
    header: 'Leader on',
    sortUndefined: 'last',
    sortFn: (a, b) =>
      comparePeerIds(a.original.region.leaderPeerId ?? '', b.original.region.leaderPeerId ?? ''),
    // The datanode filter keeps regions with any replica (leader or follower) on the datanode.
    filterFn: (row, _columnId, peerId: string) => isOn(row.original.region, peerId),
    cell: ({ row }) => <LeaderOnCell row={row.original.region} />,
    meta: { width: 128, sortKey: 'datanode' },
  }),
]);

const SORT_COLUMN: Record<RegionSortKey, RegionColumnId> = {
  regionId: 'regionId',
  bytes: 'size',
  datanode: 'leaderOn',
};

/** The toolbar's sort as the table's sorting state. */
export function sortingOf(query: RegionListQuery): SortingState {
  return [{ id: SORT_COLUMN[query.sort], desc: query.isDescending }];
}

/** The toolbar's search and datanode filter as the table's column filters. */
export function columnFiltersOf(
  query: RegionListQuery,
  datanodes: readonly DatanodeColumn[],
): ColumnFiltersState {
  const filters: ColumnFiltersState = [];
  if (query.search.trim() !== '') filters.push({ id: 'regionId', value: query.search });
  const peerId = query.datanodeIndex === null ? null : datanodes[query.datanodeIndex]?.peerId;
  // A filter on a datanode that is gone (the route changed) shows no region, not every one:
  // peer ids are digits, so this one matches none.
  if (query.datanodeIndex !== null) filters.push({ id: 'leaderOn', value: peerId ?? 'gone' });
  return filters;
}

export function columnVisibilityOf(
  hasSizes: boolean,
  isLeaderColumnShown: boolean,
): ColumnVisibilityState {
  return { size: hasSizes, rows: hasSizes, leaderOn: isLeaderColumnShown };
}

const getRowId = (row: RegionGridRow) => row.region.regionId;

const UNSORTED: SortingState = [];

/**
 * The grid's table: one row per region (row id = region id, a decimal string), sorted and
 * filtered as the query asks. Each state slice keeps its identity until the query changes, so
 * a re-render (every scroll) reuses the sorted and filtered row models. A route already listing
 * its regions by number is not sorted again for that order (`asksRegionOrder`).
 */
export function useRegionTable({
  model,
  sizes,
  states,
  query,
  isLeaderColumnShown,
}: {
  model: GridModel;
  sizes: readonly (RegionSize | null | undefined)[] | undefined;
  states?: ReadonlyMap<string, readonly RegionState[]> | undefined;
  query: RegionListQuery;
  isLeaderColumnShown: boolean;
}) {
  const data = useMemo(() => gridRowsOf(model.rows, sizes, states), [model.rows, sizes, states]);
  const isInRegionOrder = useMemo(
    () => isInOrder(model.rows, (a, b) => a.regionNumber - b.regionNumber),
    [model.rows],
  );
  const sorting = useMemo(
    () => (asksRegionOrder(query) && isInRegionOrder ? UNSORTED : sortingOf(query)),
    [query, isInRegionOrder],
  );
  const columnFilters = useMemo(
    () => columnFiltersOf(query, model.datanodes),
    [query, model.datanodes],
  );
  const hasSizes = sizes !== undefined;
  const columnVisibility = useMemo(
    () => columnVisibilityOf(hasSizes, isLeaderColumnShown),
    [hasSizes, isLeaderColumnShown],
  );
  return useTable({
    features: regionGridFeatures,
    columns: REGION_COLUMNS,
    data,
    getRowId,
    state: { sorting, columnFilters, columnVisibility },
  });
}

/** The grid's table instance. */
export type RegionTable = ReturnType<typeof useRegionTable>;

export const DATANODE_COLUMN_WIDTH = 132;
export const ROW_HEIGHT = 34;
export const HEADER_HEIGHT = 58;
export const FOOTER_HEIGHT = 36;
/** The grid grows with its rows up to this height, then scrolls. */
export const MAX_GRID_HEIGHT = 560;
