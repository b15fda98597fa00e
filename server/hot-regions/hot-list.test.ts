import { describe, expect, it } from 'vitest';
import { datanodeLoads, rankHotRegions } from './hot-list.ts';
import type { RegionRates } from './load-rates.ts';

function region(
  regionNumber: number,
  datanodeId: string | null,
  cpu: number | null,
  written: number | null = 0,
): RegionRates {
  return {
    regionId: String(4398046511104 + regionNumber),
    tableId: 1024,
    regionNumber,
    datanodeId,
    queryCpuMsPerSec: cpu,
    queryScannedBytesPerSec: cpu === null ? null : cpu * 1_000,
    writtenBytesPerSec: written,
    rows: 100,
    unknownReason: cpu === null ? 'counter-reset' : null,
  };
}

const RATES = [
  region(0, '1', 10, 500),
  region(1, '1', 30, 100),
  region(2, '2', 5, 900),
  region(3, '2', null, null),
  region(4, '10', 60, 0),
  region(5, null, 1, 1),
];
const NAMES = new Map([[1024, 'monitor']]);

describe('rankHotRegions', () => {
  it('lists the top N by query CPU with table name, datanode and share of its load', () => {
    const list = rankHotRegions(RATES, { sortBy: 'queryCpuMsPerSec', limit: 3, tableNames: NAMES });
    expect(list.map((r) => [r.regionNumber, r.datanodeId, r.tableName])).toEqual([
      [4, '10', 'monitor'],
      [1, '1', 'monitor'],
      [0, '1', 'monitor'],
    ]);
    expect(list[1]?.shareOfDatanode.queryCpuMsPerSec).toBeCloseTo(0.75);
    expect(list[0]?.shareOfDatanode.queryCpuMsPerSec).toBe(1);
  });

  it('sorts by any rate and leaves out regions without it', () => {
    const list = rankHotRegions(RATES, {
      sortBy: 'writtenBytesPerSec',
      limit: 10,
      tableNames: NAMES,
    });
    expect(list.map((r) => r.regionNumber)).toEqual([2, 0, 1, 5, 4]);
    expect(list[0]?.shareOfDatanode.writtenBytesPerSec).toBe(1);
    // A region without a leader has no datanode to share.
    expect(list[3]?.shareOfDatanode.writtenBytesPerSec).toBeNull();
  });

  it('shows no name for a table it does not know', () => {
    const [first] = rankHotRegions(RATES, {
      sortBy: 'queryCpuMsPerSec',
      limit: 1,
      tableNames: new Map(),
    });
    expect(first?.tableName).toBeNull();
  });
});

describe('datanodeLoads', () => {
  it('sums known rates per datanode, counts the regions without one, orders ids numerically', () => {
    expect(datanodeLoads(RATES)).toEqual([
      {
        datanodeId: '1',
        regionCount: 2,
        totals: { queryCpuMsPerSec: 40, queryScannedBytesPerSec: 40_000, writtenBytesPerSec: 600 },
        regionsWithoutRate: 0,
      },
      {
        datanodeId: '2',
        regionCount: 2,
        totals: { queryCpuMsPerSec: 5, queryScannedBytesPerSec: 5_000, writtenBytesPerSec: 900 },
        regionsWithoutRate: 1,
      },
      {
        datanodeId: '10',
        regionCount: 1,
        totals: { queryCpuMsPerSec: 60, queryScannedBytesPerSec: 60_000, writtenBytesPerSec: 0 },
        regionsWithoutRate: 0,
      },
    ]);
  });
});
