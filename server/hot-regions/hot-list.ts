/**
 * The hot-regions list and the per-datanode load beside counts and bytes in the distribution
 * views. A datanode's load is the sum of its regions' known rates; a region's share is its rate
 * over that sum, so the shares of a datanode's regions add up to 1 where every rate is known.
 */
import type { DatanodeLoad, HotRegion, LoadRate } from '../../contract/hot-regions.ts';
import { LOAD_RATES } from '../../contract/hot-regions.ts';
import type { RegionRates } from './load-rates.ts';

function emptyTotals(): Record<LoadRate, number | null> {
  return { queryCpuMsPerSec: null, queryScannedBytesPerSec: null, writtenBytesPerSec: null };
}

/** Load per datanode, ordered by datanode id (numerically: ids are decimal u64 strings). */
export function datanodeLoads(rates: readonly RegionRates[]): DatanodeLoad[] {
  const byDatanode = new Map<string, DatanodeLoad>();
  for (const region of rates) {
    if (region.datanodeId === null) continue;
    let load = byDatanode.get(region.datanodeId);
    if (load === undefined) {
      load = {
        datanodeId: region.datanodeId,
        regionCount: 0,
        totals: emptyTotals(),
        regionsWithoutRate: 0,
      };
      byDatanode.set(region.datanodeId, load);
    }
    load.regionCount += 1;
    if (region.unknownReason !== null) load.regionsWithoutRate += 1;
    for (const rate of LOAD_RATES) {
      const value = region[rate];
      if (value !== null) load.totals[rate] = (load.totals[rate] ?? 0) + value;
    }
  }
  return [...byDatanode.values()].sort((a, b) =>
    BigInt(a.datanodeId) < BigInt(b.datanodeId) ? -1 : 1,
  );
}

export interface HotListOptions {
  sortBy: LoadRate;
  limit: number;
  /** Table names by table id (information_schema.tables); a missing id shows no name. */
  tableNames: ReadonlyMap<number, string>;
}

/** The `limit` regions highest in `sortBy`, highest first; regions without that rate are left out. */
export function rankHotRegions(
  rates: readonly RegionRates[],
  { sortBy, limit, tableNames }: HotListOptions,
): HotRegion[] {
  const totals = new Map(datanodeLoads(rates).map((load) => [load.datanodeId, load.totals]));
  return rates
    .filter((region) => region[sortBy] !== null)
    .sort(
      (a, b) =>
        (b[sortBy] ?? 0) - (a[sortBy] ?? 0) ||
        a.tableId - b.tableId ||
        a.regionNumber - b.regionNumber,
    )
    .slice(0, Math.max(0, limit))
    .map((region) => {
      const datanodeTotals = region.datanodeId === null ? undefined : totals.get(region.datanodeId);
      const shareOfDatanode = emptyTotals();
      for (const rate of LOAD_RATES) {
        const value = region[rate];
        const total = datanodeTotals?.[rate] ?? null;
        shareOfDatanode[rate] =
          value === null || total === null || total <= 0 ? null : value / total;
      }
      return { ...region, tableName: tableNames.get(region.tableId) ?? null, shareOfDatanode };
    });
}
