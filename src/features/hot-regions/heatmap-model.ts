/**
 * Pure geometry and wording for the time × region heatmap: where each column sits on the time
 * axis (columns are placed by their start time, so a gap while the console was down shows as
 * a gap), which regions a row covers, the colour scale, and the hottest cells that the page
 * lists as the chart's text equivalent.
 */
import type { HeatmapRowStart } from '../../../contract/hot-regions';
import type { HotRegionsHeatmap } from '../../api/hot-regions-api';
import { shownTableName } from './hot-regions-model';

/** More slots than pixels would only be averaged away; 6 h at 30 s is 720. */
export const MAX_TIME_SLOTS = 1_440;

export interface TimeAxis {
  startMs: number;
  endMs: number;
  slotCount: number;
  /** Per answer column, its slot on the axis. */
  columnSlots: Int32Array;
}

/** The axis from the oldest column's start to the newest one's end; null without columns. */
export function timeAxis(heatmap: Pick<HotRegionsHeatmap, 'columnStartsMs' | 'columnWidthMs'>) {
  const { columnStartsMs, columnWidthMs } = heatmap;
  const first = columnStartsMs[0];
  const last = columnStartsMs.at(-1);
  if (first === undefined || last === undefined) return null;
  const startMs = first;
  const endMs = last + columnWidthMs;
  const slotCount = Math.max(
    1,
    Math.min(MAX_TIME_SLOTS, Math.round((endMs - startMs) / columnWidthMs)),
  );
  const columnSlots = new Int32Array(columnStartsMs.length);
  columnStartsMs.forEach((start, column) => {
    columnSlots[column] = Math.min(
      slotCount - 1,
      Math.floor(((start - startMs) / (endMs - startMs)) * slotCount),
    );
  });
  return { startMs, endMs, slotCount, columnSlots } satisfies TimeAxis;
}

/** The answer column drawn at a slot, or -1 where no column was sampled. */
export function columnAtSlot(axis: TimeAxis, slot: number): number {
  // The newest column wins where two share a slot, as it is drawn last.
  return axis.columnSlots.findLastIndex((s) => s === slot);
}

export function tableLabel(start: Pick<HeatmapRowStart, 'tableId' | 'tableName'>): string {
  const name = shownTableName(start.tableName, start.tableId);
  return start.tableName === null ? name : `${name} (${start.tableId})`;
}

/**
 * The regions row `index` covers: from its start to just before the next row's start (the
 * key axis is cut at region boundaries, tables in id order).
 */
export function rowRegions(rowStarts: readonly HeatmapRowStart[], index: number): string {
  const start = rowStarts[index];
  if (start === undefined) return '';
  const next = rowStarts[index + 1];
  const from = start.regionNumber;
  if (next === undefined) return `from region ${from} to the last sampled`;
  if (next.tableId === start.tableId) {
    return next.regionNumber - 1 === from
      ? `region ${from}`
      : `regions ${from}–${next.regionNumber - 1}`;
  }
  // Cold tables may share one row (the compression's last resort): say where it really ends.
  return next.tableId === start.tableId + 1
    ? `from region ${from} to the table’s last`
    : `from region ${from} to just before table ${next.tableId}`;
}

export interface TableGroup {
  tableId: number;
  label: string;
  firstRow: number;
  rowCount: number;
}

/** Consecutive rows of one table, for the axis labels. */
export function tableGroups(rowStarts: readonly HeatmapRowStart[]): TableGroup[] {
  const groups: TableGroup[] = [];
  rowStarts.forEach((start, row) => {
    const last = groups.at(-1);
    if (last?.tableId === start.tableId) last.rowCount += 1;
    else
      groups.push({ tableId: start.tableId, label: tableLabel(start), firstRow: row, rowCount: 1 });
  });
  return groups;
}

export interface PlacedLabel extends TableGroup {
  /** Pixels from the plot's top. */
  top: number;
}

/**
 * Each table's label centred on its rows, skipping any that would overlap the one above: with
 * hundreds of tables in 400 px, the big tables are named and the hover names the rest.
 */
export function placeLabels(
  groups: readonly TableGroup[],
  rowHeight: number,
  labelHeight: number,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  let freeFrom = Number.NEGATIVE_INFINITY;
  for (const group of groups) {
    const groupHeight = group.rowCount * rowHeight;
    const top = group.firstRow * rowHeight + Math.max(0, (groupHeight - labelHeight) / 2);
    if (top < freeFrom) continue;
    placed.push({ ...group, top });
    freeFrom = top + labelHeight;
  }
  return placed;
}

export function maxCell(cells: Float32Array): number {
  let max = 0;
  for (const value of cells) if (value > max) max = value;
  return max;
}

/**
 * Log scale from 0 to the hottest cell: load is skewed (a few regions carry half of it), and on
 * a linear scale every other cell would be the same dark colour.
 */
export function toUnit(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(1, Math.log1p(value) / Math.log1p(max));
}

export function fromUnit(unit: number, max: number): number {
  return Math.expm1(unit * Math.log1p(max));
}

/**
 * Viridis (matplotlib's), ten stops: perceptually even, readable by most colour-blind people,
 * and its dark end and light end both stand out on a light page and on a dark one.
 */
const VIRIDIS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
];

export function colourAt(unit: number): readonly [number, number, number] {
  const position = Math.min(1, Math.max(0, unit)) * (VIRIDIS.length - 1);
  const low = Math.floor(position);
  const high = Math.min(VIRIDIS.length - 1, low + 1);
  const f = position - low;
  const a = VIRIDIS[low] ?? [0, 0, 0];
  const b = VIRIDIS[high] ?? a;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** The legend's gradient, from the same stops the canvas uses. */
export const LEGEND_GRADIENT = `linear-gradient(to right, ${VIRIDIS.map(
  ([r, g, b], i) => `rgb(${r} ${g} ${b}) ${((i / (VIRIDIS.length - 1)) * 100).toFixed(0)}%`,
).join(', ')})`;

export interface HotCell {
  row: number;
  column: number;
  value: number;
}

/** The `count` hottest cells, hottest first (NaN cells have no rate and are left out). */
export function hottestCells(cells: Float32Array, columnCount: number, count: number): HotCell[] {
  const top: HotCell[] = [];
  if (columnCount === 0) return top;
  cells.forEach((value, index) => {
    if (!(value > 0)) return;
    const weakest = top.at(-1);
    if (top.length === count && weakest !== undefined && value <= weakest.value) return;
    const cell = { row: Math.floor(index / columnCount), column: index % columnCount, value };
    const at = top.findIndex((t) => t.value < value);
    top.splice(at === -1 ? top.length : at, 0, cell);
    if (top.length > count) top.pop();
  });
  return top;
}
