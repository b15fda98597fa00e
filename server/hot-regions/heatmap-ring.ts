/**
 * The heatmap's memory: the last `capacity` time columns, each already compressed to at most
 * `maxRows` rows (heatmap.ts), never raw samples, so its size is bounded whatever the number of
 * regions: 6 h at 30 s = 720 columns of ≤ 1,536 rows. `encodeRing` / `decodeRing` give the
 * bytes heatmap-ring-file.ts keeps in DATA_DIR, so the heatmap survives a restart.
 *
 * Layout (little-endian): header `GRHM`, format, metric, column width (ms), capacity, max rows,
 * column count; per column its start (f64 ms) and row count, then per row table id (u32),
 * region number (u32) and value (f32); a CRC-32 of everything before it closes the file, so a
 * torn or altered file is refused rather than half read.
 */
import { crc32 } from 'node:zlib';
import type { HeatmapColumn, RegionKey } from './heatmap.ts';
import { MAX_HEATMAP_ROWS, compareRegionKeys } from './heatmap.ts';
import type { LoadRate } from '../../contract/hot-regions.ts';
import { LOAD_RATES } from '../../contract/hot-regions.ts';

export const HEATMAP_WINDOW_MS = 6 * 60 * 60 * 1_000;
export const HEATMAP_COLUMN_MS = 30_000;

export interface RingShape {
  /** The rate the cells hold. */
  metric: LoadRate;
  columnWidthMs: number;
  /** Columns kept: the window over the column width. */
  capacity: number;
  maxRows: number;
}

export const DEFAULT_RING_SHAPE: Omit<RingShape, 'metric'> = {
  columnWidthMs: HEATMAP_COLUMN_MS,
  capacity: HEATMAP_WINDOW_MS / HEATMAP_COLUMN_MS,
  maxRows: MAX_HEATMAP_ROWS,
};

const MAGIC = 0x4d485247; // "GRHM" read as a little-endian u32
const FORMAT_VERSION = 1;
const HEADER_BYTES = 7 * 4;
const COLUMN_HEADER_BYTES = 8 + 4;
const ROW_BYTES = 4 + 4 + 4;
const CHECKSUM_BYTES = 4;

/** The largest file a ring of this shape can write. */
export function maxRingFileBytes(shape: Pick<RingShape, 'capacity' | 'maxRows'>): number {
  return (
    HEADER_BYTES +
    shape.capacity * (COLUMN_HEADER_BYTES + shape.maxRows * ROW_BYTES) +
    CHECKSUM_BYTES
  );
}

export class HeatmapRing {
  private readonly held: HeatmapColumn[] = [];

  constructor(readonly shape: RingShape) {}

  /**
   * Adds a column, or replaces the newest one when it is the same time bucket (a bucket fills
   * over several samples). A column older than the newest is refused: the clock went back.
   */
  put(column: HeatmapColumn): boolean {
    if (column.rowStarts.length > this.shape.maxRows) return false;
    const newest = this.held.at(-1);
    if (newest !== undefined && column.startMs < newest.startMs) return false;
    if (newest !== undefined && column.startMs === newest.startMs) this.held.pop();
    this.held.push(column);
    if (this.held.length > this.shape.capacity) this.held.shift();
    return true;
  }

  /** Columns starting at or after `fromMs`, oldest first. */
  columnsFrom(fromMs: number): HeatmapColumn[] {
    return this.held.filter((column) => column.startMs >= fromMs);
  }
}

export function encodeRing(ring: HeatmapRing): Uint8Array {
  const columns = ring.columnsFrom(Number.NEGATIVE_INFINITY);
  const rows = columns.reduce((sum, column) => sum + column.rowStarts.length, 0);
  const bytes = new Uint8Array(
    HEADER_BYTES + columns.length * COLUMN_HEADER_BYTES + rows * ROW_BYTES + CHECKSUM_BYTES,
  );
  const view = new DataView(bytes.buffer);
  const { shape } = ring;
  let at = 0;
  for (const value of [
    MAGIC,
    FORMAT_VERSION,
    LOAD_RATES.indexOf(shape.metric),
    shape.columnWidthMs,
    shape.capacity,
    shape.maxRows,
    columns.length,
  ]) {
    view.setUint32(at, value, true);
    at += 4;
  }
  for (const column of columns) {
    view.setFloat64(at, column.startMs, true);
    view.setUint32(at + 8, column.rowStarts.length, true);
    at += COLUMN_HEADER_BYTES;
    column.rowStarts.forEach((key, row) => {
      view.setUint32(at, key.tableId, true);
      view.setUint32(at + 4, key.regionNumber, true);
      view.setFloat32(at + 8, column.values[row] ?? Number.NaN, true);
      at += ROW_BYTES;
    });
  }
  view.setUint32(at, crc32(bytes.subarray(0, at)), true);
  return bytes;
}

export class RingDecodeError extends Error {
  override readonly name = 'RingDecodeError';
}

function refuse(reason: string): never {
  throw new RingDecodeError(reason);
}

/** The ring the bytes hold; throws RingDecodeError when they are not a ring of `shape`. */
export function decodeRing(bytes: Uint8Array, shape: RingShape): HeatmapRing {
  if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) refuse('shorter than a header');
  if (bytes.length > maxRingFileBytes(shape)) refuse('larger than its shape allows');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bodyEnd = bytes.length - CHECKSUM_BYTES;
  if (view.getUint32(bodyEnd, true) !== crc32(bytes.subarray(0, bodyEnd))) {
    refuse('checksum mismatch (torn or altered)');
  }
  const header = Array.from({ length: 7 }, (_, index) => view.getUint32(index * 4, true));
  const [magic, format, metric, width, capacity, maxRows, columnCount = 0] = header;
  if (magic !== MAGIC || format !== FORMAT_VERSION) refuse('not a heatmap ring of this format');
  if (
    metric !== LOAD_RATES.indexOf(shape.metric) ||
    width !== shape.columnWidthMs ||
    capacity !== shape.capacity ||
    maxRows !== shape.maxRows
  ) {
    refuse('written for another metric, column width, capacity or row count');
  }
  if (columnCount > shape.capacity) refuse('more columns than its capacity');
  const ring = new HeatmapRing(shape);
  let at = HEADER_BYTES;
  for (let c = 0; c < columnCount; c += 1) {
    if (at + COLUMN_HEADER_BYTES > bodyEnd) refuse('cut short');
    const startMs = view.getFloat64(at, true);
    const rowCount = view.getUint32(at + 8, true);
    at += COLUMN_HEADER_BYTES;
    if (!Number.isFinite(startMs) || rowCount > shape.maxRows) refuse('a column out of bounds');
    if (at + rowCount * ROW_BYTES > bodyEnd) refuse('cut short');
    const rowStarts: RegionKey[] = [];
    const values = new Float32Array(rowCount);
    for (let row = 0; row < rowCount; row += 1) {
      const key = { tableId: view.getUint32(at, true), regionNumber: view.getUint32(at + 4, true) };
      const previous = rowStarts.at(-1);
      if (previous !== undefined && compareRegionKeys(previous, key) >= 0) {
        refuse('row starts out of order');
      }
      rowStarts.push(key);
      values[row] = view.getFloat32(at + 8, true);
      at += ROW_BYTES;
    }
    if (!ring.put({ startMs, rowStarts, values })) refuse('columns out of order');
  }
  if (at !== bodyEnd) refuse('trailing bytes');
  return ring;
}
