/**
 * What the region grids (per table and cluster-wide) are asked to show: a search, a datanode
 * filter and a sort. Each grid turns it into an index array over its own regions, so a
 * change at 100k regions is one pass over plain values, with no row objects rebuilt.
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

/**
 * Indexes 0..count-1 that `keep` accepts, ordered by `compare` (null: keep index order, which
 * both grids' models already sort by region id).
 */
export function selectIndexes(
  count: number,
  keep: (index: number) => boolean,
  compare: ((a: number, b: number) => number) | null,
): Uint32Array {
  const picked: number[] = [];
  for (let i = 0; i < count; i += 1) if (keep(i)) picked.push(i);
  if (compare !== null) picked.sort(compare);
  return Uint32Array.from(picked);
}
