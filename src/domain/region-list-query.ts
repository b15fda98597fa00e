/**
 * What the region grids (per table and cluster-wide) are asked to show: a search, a datanode
 * filter and a sort. Each grid's table model (TanStack Table) turns it into its sorting and
 * column filters.
 */

export type RegionSortKey = 'regionId' | 'bytes' | 'datanode';

export interface RegionListQuery {
  /** Digits: a region id or its start (the cluster grid also takes a table id). */
  search: string;
  /** Only regions on this datanode (an index into the grid's datanodes). */
  datanodeIndex: number | null;
  sort: RegionSortKey;
  isDescending: boolean;
}

export const INITIAL_REGION_LIST_QUERY: RegionListQuery = {
  search: '',
  datanodeIndex: null,
  sort: 'regionId',
  isDescending: false,
};

/** A sortable column's `aria-sort`, read from the query the grid shows. */
export function sortDirectionOf(
  query: RegionListQuery,
  key: RegionSortKey,
): 'ascending' | 'descending' | undefined {
  if (query.sort !== key) return undefined;
  return query.isDescending ? 'descending' : 'ascending';
}

/**
 * Whether rows already in ascending region-id order are what the query asks for: the grids'
 * data usually arrives that way (a route lists its regions by number, the summary by table and
 * region number), and a comparator sort of rows already in order still costs n·log n calls,
 * about 150 ms at 100k regions.
 */
export function asksRegionOrder(query: RegionListQuery): boolean {
  return query.sort === 'regionId' && !query.isDescending;
}

/** Whether `items` are in `compare`'s order already (one pass). */
export function isInOrder<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i += 1) {
    if (compare(items[i - 1] as T, items[i] as T) > 0) return false;
  }
  return true;
}

/** A click on a sortable header: the same key flips the direction, a new one sorts ascending. */
export function sortBy(query: RegionListQuery, key: RegionSortKey): RegionListQuery {
  return { ...query, sort: key, isDescending: query.sort === key ? !query.isDescending : false };
}
