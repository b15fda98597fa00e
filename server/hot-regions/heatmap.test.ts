import { describe, expect, it } from 'vitest';
import type { HeatmapColumn, KeyedValue, RegionKey } from './heatmap.ts';
import { MAX_HEATMAP_ROWS, buildHeatmap, compareRegionKeys, compressColumn } from './heatmap.ts';

/** `tables` tables of `regionsPerTable` regions, each at 1, with the listed keys hot. */
function cluster(
  tables: number,
  regionsPerTable: number,
  hot: ReadonlyMap<string, number> = new Map(),
): KeyedValue[] {
  const regions: KeyedValue[] = [];
  for (let t = 0; t < tables; t += 1) {
    for (let n = 0; n < regionsPerTable; n += 1) {
      regions.push({ tableId: 1024 + t, regionNumber: n, value: hot.get(`${1024 + t}:${n}`) ?? 1 });
    }
  }
  return regions;
}

/** The row of the column that holds `key`: the last row starting at or before it. */
function rowOf(column: HeatmapColumn, key: RegionKey): number {
  let low = 0;
  let high = column.rowStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const start = column.rowStarts[middle];
    if (start !== undefined && compareRegionKeys(start, key) <= 0) low = middle;
    else high = middle - 1;
  }
  return low;
}

function total(values: Iterable<number>): number {
  let sum = 0;
  for (const value of values) if (!Number.isNaN(value)) sum += value;
  return sum;
}

describe('compressColumn', () => {
  it('keeps one row per region while they fit', () => {
    const column = compressColumn(0, cluster(2, 3));
    expect(column.rowStarts).toHaveLength(6);
    expect(Array.from(column.values)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('compresses 100k regions into at most 1,536 rows, hot regions alone, tables never shared', () => {
    const hot = new Map([
      ['1030:17', 5_000],
      ['1060:1999', 3_000],
      ['1024:0', 2_000],
    ]);
    const regions = cluster(50, 2_000, hot);
    const column = compressColumn(30_000, regions);
    expect(column.rowStarts.length).toBeLessThanOrEqual(MAX_HEATMAP_ROWS);
    expect(column.rowStarts.length).toBeGreaterThan(MAX_HEATMAP_ROWS / 2);
    expect(total(column.values)).toBeCloseTo(total(regions.map((r) => r.value ?? 0)), -1);
    for (const [key, value] of hot) {
      const [tableId = 0, regionNumber = 0] = key.split(':').map(Number);
      const row = rowOf(column, { tableId, regionNumber });
      expect(column.rowStarts[row]).toEqual({ tableId, regionNumber });
      expect(column.values[row]).toBe(value);
    }
    // One expect for 100k regions: Vitest's matchers cost more than the compression.
    const sharedRows = regions.filter(
      (region) => column.rowStarts[rowOf(column, region)]?.tableId !== region.tableId,
    );
    expect(sharedRows).toEqual([]);
  }, 30_000);

  it('lets cold tables share rows when there are more tables than rows, hot spots still alone', () => {
    const regions = cluster(3_000, 10, new Map([['2500:3', 10_000]]));
    const column = compressColumn(0, regions);
    expect(column.rowStarts.length).toBeLessThanOrEqual(MAX_HEATMAP_ROWS);
    const row = rowOf(column, { tableId: 2500, regionNumber: 3 });
    expect(column.values[row]).toBe(10_000);
  });

  it('stays within bounds when every region is idle, and marks unknown rows NaN', () => {
    const idle = cluster(1, 5_000).map((r) => ({ ...r, value: 0 }));
    expect(compressColumn(0, idle).rowStarts.length).toBeLessThanOrEqual(MAX_HEATMAP_ROWS);
    const unknown = compressColumn(0, [
      { tableId: 1, regionNumber: 0, value: null },
      { tableId: 1, regionNumber: 1, value: 2 },
    ]);
    expect(Array.from(unknown.values)).toEqual([Number.NaN, 2]);
  });
});

describe('buildHeatmap', () => {
  it('puts columns with different rows on one axis, keeping each column total and the hot spot', () => {
    const early = compressColumn(0, cluster(4, 1_000), 200);
    const late = compressColumn(30_000, cluster(4, 1_000, new Map([['1026:500', 9_000]])), 200);
    const heatmap = buildHeatmap([early, late], 300);
    expect(heatmap.columnStartsMs).toEqual([0, 30_000]);
    expect(heatmap.rowStarts.length).toBeLessThanOrEqual(300);
    const column = (index: number) =>
      heatmap.rowStarts.map((_, row) => heatmap.cells[row * 2 + index] ?? Number.NaN);
    expect(total(column(0))).toBeCloseTo(4_000, 0);
    expect(total(column(1))).toBeCloseTo(3_999 + 9_000, 0);
    const hottest = column(1).indexOf(Math.max(...column(1)));
    expect(heatmap.rowStarts[hottest]).toEqual({ tableId: 1026, regionNumber: 500 });
    expect(column(1)[hottest]).toBe(9_000);
  });

  it('leaves a cell NaN where its column has no data', () => {
    const small = compressColumn(0, [{ tableId: 1, regionNumber: 0, value: 1 }]);
    const wider = compressColumn(30_000, [
      { tableId: 1, regionNumber: 0, value: 1 },
      { tableId: 2, regionNumber: 0, value: 1 },
    ]);
    const heatmap = buildHeatmap([small, wider]);
    expect(heatmap.rowStarts).toEqual([
      { tableId: 1, regionNumber: 0 },
      { tableId: 2, regionNumber: 0 },
    ]);
    // The first column's only row runs to the end of the axis, so it covers table 2 too.
    expect(Array.from(heatmap.cells)).toEqual([0.5, 1, 0.5, 1]);
  });
});
