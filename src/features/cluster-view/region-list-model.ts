/**
 * The cluster-wide region grid's table model (TanStack Table v9), at module scope: one row per
 * region of the cluster summary, with the region id (a decimal string) as the row id, and the
 * toolbar's search, datanode filter and sort as the table's filters and sorting. Datanode
 * columns are the grid's virtualized second axis, drawn from the model, not table columns.
 */
import { useMemo } from 'react';
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  metaHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type SortingState,
} from '@tanstack/react-table';
import {
  asksRegionOrder,
  isInOrder,
  type RegionListQuery,
  type RegionSortKey,
} from '../../domain/region-list-query';
import { formatBytes } from '../../components/format-bytes';
import type { ClusterRegion, DistributionModel } from './distribution-model';

const TWO_POW_32 = 4_294_967_296;
/** tableId * 2^32 + regionNumber is exact in a double below this table id (2^53 / 2^32). */
const EXACT_TABLE_LIMIT = 2_097_152;

/** Region id as decimal text; plain arithmetic while exact, BigInt beyond 2^53. */
export function regionIdText(region: ClusterRegion): string {
  return region.tableId < EXACT_TABLE_LIMIT
    ? String(region.tableId * TWO_POW_32 + region.regionNumber)
    : ((BigInt(region.tableId) << 32n) | BigInt(region.regionNumber)).toString();
}

function compareRegionId(a: ClusterRegion, b: ClusterRegion): number {
  return a.tableId - b.tableId || a.regionNumber - b.regionNumber;
}

/** The search box: a table id, a region id, or the start of a region id. */
export function matchesClusterSearch(region: ClusterRegion, search: string): boolean {
  const text = search.trim();
  if (text === '') return true;
  return (
    (/^\d+$/.test(text) && region.tableId === Number(text)) || regionIdText(region).startsWith(text)
  );
}

export interface ClusterColumnMeta {
  /** Pixels; the fixed columns stay in place while datanode columns scroll under them. */
  width: number;
  sortKey: RegionSortKey | null;
}

export const clusterGridFeatures = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  columnMeta: metaHelper<ClusterColumnMeta>(),
});

const column = createColumnHelper<typeof clusterGridFeatures, ClusterRegion>();

export const CLUSTER_COLUMNS = column.columns([
  column.accessor((region) => regionIdText(region), {
    id: 'regionId',
    header: 'Region ID',
    sortFn: (a, b) => compareRegionId(a.original, b.original),
    filterFn: (row, _columnId, search: string) => matchesClusterSearch(row.original, search),
    meta: { width: 150, sortKey: 'regionId' },
  }),
  column.accessor('tableId', {
    header: 'Table',
    enableSorting: false,
    meta: { width: 64, sortKey: null },
  }),
  column.accessor('regionNumber', {
    header: 'No.',
    enableSorting: false,
    meta: { width: 44, sortKey: null },
  }),
  column.accessor('bytes', {
    header: 'Size',
    cell: ({ getValue }) => formatBytes(getValue()),
    sortFn: (a, b) =>
      a.original.bytes - b.original.bytes || compareRegionId(a.original, b.original),
    meta: { width: 76, sortKey: 'bytes' },
  }),
  // Not drawn: the leader's datanode column shows it. It sorts by datanode and filters by one.
  column.accessor('datanodeIndex', {
    id: 'leaderOn',
    header: 'Leader on',
    sortFn: (a, b) =>
      a.original.datanodeIndex - b.original.datanodeIndex ||
      compareRegionId(a.original, b.original),
    filterFn: (row, _columnId, index: number) => row.original.datanodeIndex === index,
    meta: { width: 0, sortKey: 'datanode' },
  }),
]);

/** The columns drawn before the datanode columns. */
export const FIXED_COLUMN_IDS = ['regionId', 'tableId', 'regionNumber', 'bytes'] as const;

const SORT_COLUMN: Record<RegionSortKey, string> = {
  regionId: 'regionId',
  bytes: 'bytes',
  datanode: 'leaderOn',
};

export function clusterSortingOf(query: RegionListQuery): SortingState {
  return [{ id: SORT_COLUMN[query.sort], desc: query.isDescending }];
}

export function clusterFiltersOf(query: RegionListQuery): ColumnFiltersState {
  const filters: ColumnFiltersState = [];
  if (query.search.trim() !== '') filters.push({ id: 'regionId', value: query.search });
  if (query.datanodeIndex !== null) filters.push({ id: 'leaderOn', value: query.datanodeIndex });
  return filters;
}

const getRowId = (region: ClusterRegion) => regionIdText(region);

const UNSORTED: SortingState = [];

/**
 * The grid's table. Each state slice keeps its identity until the query changes, so a
 * re-render (every scroll) reuses the sorted and filtered row models. Regions the summary
 * already lists in region-id order are not sorted again for that order (`asksRegionOrder`).
 */
export function useClusterRegionTable(model: DistributionModel, query: RegionListQuery) {
  const isInRegionOrder = useMemo(() => isInOrder(model.regions, compareRegionId), [model.regions]);
  const sorting = useMemo(
    () => (asksRegionOrder(query) && isInRegionOrder ? UNSORTED : clusterSortingOf(query)),
    [query, isInRegionOrder],
  );
  const columnFilters = useMemo(() => clusterFiltersOf(query), [query]);
  return useTable({
    features: clusterGridFeatures,
    columns: CLUSTER_COLUMNS,
    data: model.regions,
    getRowId,
    state: { sorting, columnFilters },
  });
}
