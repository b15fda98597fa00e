/**
 * Time × region heatmap, compressed the way TiDB's Key Visualizer does it
 * (pingcap/tidb-dashboard `pkg/keyvisual/matrix`: `chunk.Divide`, `chunk.Focus`, `Plane.Pixel`):
 *
 * - The key axis is the regions ordered by table id, then region number, so each table is one
 *   contiguous range of rows ("grouped by table").
 * - Adjacent regions are merged into one row until the row's summed value reaches a threshold;
 *   a region at or above the threshold always gets a row of its own, so a hot spot never
 *   dissolves into its cold neighbours. The threshold is binary-searched so that these cuts
 *   give about two thirds of the row budget; the last third goes to a cap on how many regions
 *   one row may hold, so cold stretches stay readable too.
 * - Rows never span two tables while the tables fit in two thirds of the budget; beyond that,
 *   cold tables share rows (Key Visualizer's "merge cold logical ranges").
 * - Each time column is compressed on its own when it is stored (at most MAX_HEATMAP_ROWS rows).
 *   To draw several columns on one axis, their row starts are united, each column's row value
 *   is spread evenly over the united keys it covers, and the united axis is compressed again
 *   by the values summed over time (Key Visualizer's `compact` with its average split).
 *
 * A cell is the sum of its regions' rates; NaN where no region in it had a known rate.
 */

/** Issue 17: at most 1,536 rows, Key Visualizer's display height. */
export const MAX_HEATMAP_ROWS = 1_536;
/** Share of the rows given to threshold cuts (Key Visualizer's `target * 2 / 3`). */
const THRESHOLD_ROWS_SHARE = 2 / 3;
/** Bisection steps: the threshold to within 2^-30 of the total, far finer than any colour step. */
const THRESHOLD_SEARCH_STEPS = 30;

/** A region's place on the key axis; ids are u32 each, so plain numbers. */
export interface RegionKey {
  tableId: number;
  regionNumber: number;
}

export function compareRegionKeys(a: RegionKey, b: RegionKey): number {
  return a.tableId - b.tableId || a.regionNumber - b.regionNumber;
}

/** One time bucket: rows start at `rowStarts[i]` and end where the next row starts. */
export interface HeatmapColumn {
  startMs: number;
  rowStarts: RegionKey[];
  values: Float32Array;
}

export interface KeyedValue extends RegionKey {
  /** A rate, or null when unknown this interval. */
  value: number | null;
}

/** How many rows `focus` makes without a run cap, counted without building them. */
function countThresholdRows(
  values: Float64Array,
  tableIds: Uint32Array,
  threshold: number,
  keepTables: boolean,
): number {
  let rows = 1;
  let startTable = tableIds[0];
  let sum = values[0] ?? 0;
  for (let i = 1; i < values.length; i += 1) {
    const value = values[i] ?? 0;
    if (value >= threshold || sum >= threshold || (keepTables && tableIds[i] !== startTable)) {
      rows += 1;
      startTable = tableIds[i];
      sum = 0;
    }
    sum += value;
  }
  return rows;
}

/** Row starts (indexes into the items) of a greedy scan; see the file comment. */
function focus(
  values: Float64Array,
  tableIds: Uint32Array,
  threshold: number,
  maxRun: number,
  keepTables: boolean,
): number[] {
  const starts = [0];
  let start = 0;
  let sum = values[0] ?? 0;
  for (let i = 1; i < values.length; i += 1) {
    const value = values[i] ?? 0;
    if (
      value >= threshold ||
      sum >= threshold ||
      i - start >= maxRun ||
      (keepTables && tableIds[i] !== tableIds[start])
    ) {
      starts.push(i);
      start = i;
      sum = 0;
    }
    sum += value;
  }
  return starts;
}

/**
 * Row starts for at most `maxRows` rows over items in key order. `values` are the summed rates
 * (unknown = 0), `tableIds` the items' tables.
 */
export function divideRows(values: Float64Array, tableIds: Uint32Array, maxRows: number): number[] {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows ${maxRows} < 1`);
  const count = values.length;
  if (count <= maxRows) return Array.from({ length: count }, (_, index) => index);
  const thresholdRows = Math.max(1, Math.floor(maxRows * THRESHOLD_ROWS_SHARE));
  let tableCount = 1;
  for (let i = 1; i < count; i += 1) if (tableIds[i] !== tableIds[i - 1]) tableCount += 1;
  const keepTables = tableCount <= thresholdRows;

  let total = 0;
  for (const value of values) total += value;
  // The smallest threshold whose cuts fit in `thresholdRows`: above the total, only table
  // borders cut, and those fit by the choice of keepTables.
  let low = 0;
  let high = total + 1;
  for (let step = 0; step < THRESHOLD_SEARCH_STEPS; step += 1) {
    const middle = (low + high) / 2;
    if (countThresholdRows(values, tableIds, middle, keepTables) > thresholdRows) low = middle;
    else high = middle;
  }
  const thresholdCuts = countThresholdRows(values, tableIds, high, keepTables);
  let maxRun = Math.floor(count / Math.max(1, maxRows - thresholdCuts)) + 1;
  let starts = focus(values, tableIds, high, maxRun, keepTables);
  // The run cap adds at most count / maxRun rows; doubling it converges on the threshold cuts.
  while (starts.length > maxRows) {
    maxRun *= 2;
    starts = focus(values, tableIds, high, maxRun, keepTables);
  }
  return starts;
}

function sumRange(values: ArrayLike<number | null>, from: number, to: number): number {
  let sum = Number.NaN;
  for (let i = from; i < to; i += 1) {
    const value = values[i];
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    sum = Number.isNaN(sum) ? value : sum + value;
  }
  return sum;
}

function isInKeyOrder(regions: readonly RegionKey[]): boolean {
  for (let i = 1; i < regions.length; i += 1) {
    if (compareRegionKeys(regions[i - 1] as RegionKey, regions[i] as RegionKey) > 0) return false;
  }
  return true;
}

/** One sample's (or one bucket's) per-region values -> a stored column. */
export function compressColumn(
  startMs: number,
  regions: readonly KeyedValue[],
  maxRows: number = MAX_HEATMAP_ROWS,
): HeatmapColumn {
  // The sampler's rows come ordered by region id, which is this key order: 100k regions are
  // checked in ~1 ms, where copying and sorting them took ~40 ms of every sample.
  const sorted = isInKeyOrder(regions) ? regions : [...regions].sort(compareRegionKeys);
  const values = Float64Array.from(sorted, (region) => region.value ?? 0);
  const tableIds = Uint32Array.from(sorted, (region) => region.tableId);
  const starts = divideRows(values, tableIds, maxRows);
  const raw = sorted.map((region) => region.value);
  return {
    startMs,
    rowStarts: starts.map((index) => {
      const { tableId, regionNumber } = sorted[index] as RegionKey;
      return { tableId, regionNumber };
    }),
    values: Float32Array.from(starts, (from, row) =>
      sumRange(raw, from, starts[row + 1] ?? sorted.length),
    ),
  };
}

export interface Heatmap {
  /** Column start times, oldest first. */
  columnStartsMs: number[];
  /** The shared key axis: row i starts at rowStarts[i]. */
  rowStarts: RegionKey[];
  /** Row-major: `cells[row * columnStartsMs.length + column]`. */
  cells: Float32Array;
}

/** Union of the columns' row starts, in key order. */
function unitedKeys(columns: readonly HeatmapColumn[]): RegionKey[] {
  const byText = new Map<string, RegionKey>();
  for (const column of columns) {
    for (const key of column.rowStarts) byText.set(`${key.tableId}:${key.regionNumber}`, key);
  }
  return [...byText.values()].sort(compareRegionKeys);
}

/**
 * Calls `spread(unitedIndex, share)` for every united key a column's rows cover, with the row's
 * value split evenly over them. Keys before the column's first row are not covered.
 */
function spreadColumn(
  column: HeatmapColumn,
  keys: readonly RegionKey[],
  spread: (unitedIndex: number, share: number) => void,
): void {
  let k = 0;
  for (let row = 0; row < column.rowStarts.length; row += 1) {
    const start = column.rowStarts[row] as RegionKey;
    const next = column.rowStarts[row + 1];
    while (k < keys.length && compareRegionKeys(keys[k] as RegionKey, start) < 0) k += 1;
    let end = k;
    while (
      end < keys.length &&
      (next === undefined || compareRegionKeys(keys[end] as RegionKey, next) < 0)
    ) {
      end += 1;
    }
    const value = column.values[row] ?? Number.NaN;
    if (!Number.isNaN(value) && end > k) {
      const share = value / (end - k);
      for (let i = k; i < end; i += 1) spread(i, share);
    }
    k = end;
  }
}

/** Columns (oldest first) on one axis of at most `maxRows` rows. */
export function buildHeatmap(
  columns: readonly HeatmapColumn[],
  maxRows: number = MAX_HEATMAP_ROWS,
): Heatmap {
  const keys = unitedKeys(columns);
  const overTime = new Float64Array(keys.length);
  for (const column of columns) {
    spreadColumn(column, keys, (index, share) => {
      overTime[index] = (overTime[index] ?? 0) + share;
    });
  }
  const starts = divideRows(
    overTime,
    Uint32Array.from(keys, (key) => key.tableId),
    maxRows,
  );
  // The output row of each united key.
  const rowOfKey = new Uint32Array(keys.length);
  starts.forEach((from, row) => rowOfKey.fill(row, from, starts[row + 1] ?? keys.length));
  const width = columns.length;
  const cells = new Float32Array(starts.length * width).fill(Number.NaN);
  columns.forEach((column, columnIndex) => {
    spreadColumn(column, keys, (index, share) => {
      const cell = (rowOfKey[index] ?? 0) * width + columnIndex;
      const current = cells[cell] ?? Number.NaN;
      cells[cell] = Number.isNaN(current) ? share : current + share;
    });
  });
  return {
    columnStartsMs: columns.map((column) => column.startMs),
    rowStarts: starts.map((index) => keys[index] as RegionKey),
    cells,
  };
}
