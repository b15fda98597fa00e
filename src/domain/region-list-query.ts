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

/** A click on a sortable header: the same key flips the direction, a new one sorts ascending. */
export function sortBy(query: RegionListQuery, key: RegionSortKey): RegionListQuery {
  return { ...query, sort: key, isDescending: query.sort === key ? !query.isDescending : false };
}
