/**
 * Search, filter and sort of the cluster-wide region list, as index arrays over the model's
 * regions: at 100k regions a sort is one pass over numbers, with no row objects rebuilt.
 * TanStack Table's row model would materialise a row object per region on every change; the
 * grid only ever renders the ~30 rows in view, so ordering is done here instead.
 */
import { selectIndexes, type RegionListQuery } from '../../domain/region-list-query';
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

export function selectRegions(model: DistributionModel, query: RegionListQuery): Uint32Array {
  const { regions } = model;
  const search = query.search.trim();
  const tableMatch = /^\d+$/.test(search) ? Number(search) : null;
  const keep = (i: number): boolean => {
    const r = regions[i];
    if (r === undefined) return false;
    if (query.datanodeIndex !== null && r.datanodeIndex !== query.datanodeIndex) return false;
    return search === '' || r.tableId === tableMatch || regionIdText(r).startsWith(search);
  };
  const sign = query.isDescending ? -1 : 1;
  const compare = (a: ClusterRegion, b: ClusterRegion): number => {
    switch (query.sort) {
      case 'regionId':
        return sign * compareRegionId(a, b);
      case 'bytes':
        return sign * (a.bytes - b.bytes) || compareRegionId(a, b);
      case 'datanode':
        return sign * (a.datanodeIndex - b.datanodeIndex) || compareRegionId(a, b);
    }
  };
  const isNaturalOrder = query.sort === 'regionId' && !query.isDescending;
  // The summary already lists regions by table, then region number.
  return selectIndexes(
    regions.length,
    keep,
    isNaturalOrder
      ? null
      : (a, b) => {
          const ra = regions[a];
          const rb = regions[b];
          return ra === undefined || rb === undefined ? 0 : compare(ra, rb);
        },
  );
}
