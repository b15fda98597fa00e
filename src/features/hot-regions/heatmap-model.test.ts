import { describe, expect, it } from 'vitest';
import type { HeatmapRowStart } from '../../../contract/hot-regions';
import {
  colourAt,
  columnAtSlot,
  fromUnit,
  hottestCells,
  placeLabels,
  rowRegions,
  tableGroups,
  timeAxis,
  toUnit,
} from './heatmap-model';

const T0 = 1_700_000_000_000;
const WIDTH = 30_000;

describe('the time axis', () => {
  it('places columns by their start, so a gap while nothing was sampled stays a gap', () => {
    // Sampled for a minute, the console down for a minute, then sampled again.
    const axis = timeAxis({
      columnStartsMs: [T0, T0 + WIDTH, T0 + 4 * WIDTH],
      columnWidthMs: WIDTH,
    });
    expect(axis).not.toBeNull();
    if (axis === null) return;
    expect(axis.startMs).toBe(T0);
    expect(axis.endMs).toBe(T0 + 5 * WIDTH);
    expect(axis.slotCount).toBe(5);
    expect(Array.from(axis.columnSlots)).toEqual([0, 1, 4]);
    expect([0, 1, 2, 3, 4].map((slot) => columnAtSlot(axis, slot))).toEqual([0, 1, -1, -1, 2]);
  });

  it('has nothing to draw before the first column', () => {
    expect(timeAxis({ columnStartsMs: [], columnWidthMs: WIDTH })).toBeNull();
  });
});

const rows: HeatmapRowStart[] = [
  { tableId: 1024, regionNumber: 0, tableName: 'cpu' },
  { tableId: 1024, regionNumber: 1, tableName: 'cpu' },
  { tableId: 1024, regionNumber: 4, tableName: 'cpu' },
  { tableId: 1025, regionNumber: 0, tableName: null },
  { tableId: 1030, regionNumber: 2, tableName: 'mem' },
];

describe('what a row covers', () => {
  it('from its start to just before the next row’s', () => {
    expect(rowRegions(rows, 0)).toBe('region 0');
    expect(rowRegions(rows, 1)).toBe('regions 1–3');
    expect(rowRegions(rows, 2)).toBe('from region 4 to the table’s last');
  });

  it('a row of cold tables merged together says where it really ends', () => {
    expect(rowRegions(rows, 3)).toBe('from region 0 to just before table 1030');
    expect(rowRegions(rows, 4)).toBe('from region 2 to the last sampled');
  });

  it('rows are grouped by table for the labels, named or by id', () => {
    expect(tableGroups(rows)).toEqual([
      { tableId: 1024, label: 'cpu (1024)', firstRow: 0, rowCount: 3 },
      { tableId: 1025, label: 'table 1025', firstRow: 3, rowCount: 1 },
      { tableId: 1030, label: 'mem (1030)', firstRow: 4, rowCount: 1 },
    ]);
  });

  it('labels that would overlap the one above are left to the hover', () => {
    const placed = placeLabels(tableGroups(rows), 10, 14);
    // cpu centred on its 30 px; table 1025 (top 30) fits below it (ends at 22); mem at 40 not.
    expect(placed.map((label) => [label.tableId, label.top])).toEqual([
      [1024, 8],
      [1025, 30],
    ]);
  });
});

describe('the colour scale', () => {
  it('is logarithmic from 0 to the hottest cell, and the legend inverts it', () => {
    expect(toUnit(0, 500)).toBe(0);
    expect(toUnit(500, 500)).toBe(1);
    // A tenth of the hottest is well past a tenth of the scale: cold cells stay told apart.
    expect(toUnit(50, 500)).toBeGreaterThan(0.6);
    expect(fromUnit(toUnit(50, 500), 500)).toBeCloseTo(50);
    expect(toUnit(Number.NaN, 500)).toBe(0);
    expect(toUnit(3, 0)).toBe(0);
  });

  it('runs from viridis’ dark end to its light end', () => {
    expect(colourAt(0)).toEqual([68, 1, 84]);
    expect(colourAt(1)).toEqual([253, 231, 37]);
    expect(colourAt(2)).toEqual([253, 231, 37]);
  });
});

it('the hottest cells, hottest first, without cells of no known rate', () => {
  // 2 rows × 3 columns.
  const cells = Float32Array.from([1, Number.NaN, 9, 4, 7, 0]);
  expect(hottestCells(cells, 3, 3)).toEqual([
    { row: 0, column: 2, value: 9 },
    { row: 1, column: 1, value: 7 },
    { row: 1, column: 0, value: 4 },
  ]);
  expect(hottestCells(cells, 3, 10)).toHaveLength(4);
  expect(hottestCells(new Float32Array(0), 0, 10)).toEqual([]);
});
