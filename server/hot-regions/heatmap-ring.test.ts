/**
 * The ring on disk is tested on a real temporary directory: atomic replacement and a torn file
 * are file-system facts, not logic a fake would prove.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeatmapColumn } from './heatmap.ts';
import type { RingShape } from './heatmap-ring.ts';
import { DEFAULT_RING_SHAPE, HeatmapRing, encodeRing, maxRingFileBytes } from './heatmap-ring.ts';
import { heatmapRingFile, loadHeatmapRing, saveHeatmapRing } from './heatmap-ring-file.ts';

const SHAPE: RingShape = { ...DEFAULT_RING_SHAPE, metric: 'queryCpuMsPerSec' };

function column(startMs: number, rows: number, value = 1): HeatmapColumn {
  return {
    startMs,
    rowStarts: Array.from({ length: rows }, (_, row) => ({
      tableId: 1024 + Math.floor(row / 100),
      regionNumber: row % 100,
    })),
    values: new Float32Array(rows).fill(value),
  };
}

let dataDir = '';
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-regions-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('HeatmapRing', () => {
  it('holds 6 h at 30 s: 720 columns of at most 1,536 rows', () => {
    expect(SHAPE).toMatchObject({ capacity: 720, maxRows: 1_536, columnWidthMs: 30_000 });
    const ring = new HeatmapRing(SHAPE);
    for (let c = 0; c < 800; c += 1) ring.put(column(c * 30_000, 2));
    const held = ring.columnsFrom(Number.NEGATIVE_INFINITY);
    expect(held).toHaveLength(720);
    expect(held[0]?.startMs).toBe(80 * 30_000);
    expect(ring.put(column(0, 1_537))).toBe(false);
  });

  it('replaces the newest column for the same bucket and refuses an older one', () => {
    const ring = new HeatmapRing(SHAPE);
    ring.put(column(30_000, 1, 1));
    ring.put(column(30_000, 1, 5));
    expect(ring.put(column(0, 1))).toBe(false);
    const held = ring.columnsFrom(0);
    expect(held).toHaveLength(1);
    expect(held[0]?.values[0]).toBe(5);
  });
});

describe('the ring in DATA_DIR', () => {
  it('never writes more than its stated maximum, 13,279,712 bytes for 720 × 1,536', () => {
    expect(maxRingFileBytes(SHAPE)).toBe(13_279_712);
    const ring = new HeatmapRing(SHAPE);
    for (let c = 0; c < SHAPE.capacity + 5; c += 1) ring.put(column(c * 30_000, SHAPE.maxRows));
    const file = heatmapRingFile(dataDir, 'default', SHAPE);
    saveHeatmapRing(file, ring);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(maxRingFileBytes(SHAPE));
    expect(fs.statSync(file).size).toBe(maxRingFileBytes(SHAPE));
  }, 30_000);

  it('survives a restart: written by one instance, read back by a new one', () => {
    const ring = new HeatmapRing(SHAPE);
    ring.put(column(0, 3, 0.25));
    ring.put({
      startMs: 30_000,
      rowStarts: [{ tableId: 4_294_967_295, regionNumber: 4_294_967_295 }],
      values: Float32Array.of(Number.NaN),
    });
    const file = heatmapRingFile(dataDir, 'default', SHAPE);
    saveHeatmapRing(file, ring);
    expect(fs.readdirSync(dataDir)).toEqual([path.basename(file)]);

    const log = vi.fn();
    const restarted = loadHeatmapRing(file, SHAPE, log);
    expect(log).not.toHaveBeenCalled();
    expect(restarted.columnsFrom(Number.NEGATIVE_INFINITY)).toEqual(
      ring.columnsFrom(Number.NEGATIVE_INFINITY),
    );
  });

  it('starts empty without a word when there is no file yet', () => {
    const log = vi.fn();
    const ring = loadHeatmapRing(path.join(dataDir, 'none.ring'), SHAPE, log);
    expect(ring.columnsFrom(Number.NEGATIVE_INFINITY)).toEqual([]);
    expect(log).not.toHaveBeenCalled();
  });

  it.each([
    ['torn', (bytes: Uint8Array) => bytes.subarray(0, bytes.length - 7)],
    ['altered', (bytes: Uint8Array) => Uint8Array.from(bytes, (b, i) => (i === 40 ? b ^ 1 : b))],
    ['empty', () => new Uint8Array(0)],
    ['not a ring', () => new TextEncoder().encode('{"v":1}')],
  ])('starts empty and logs once when the file is %s', (_, damage) => {
    const ring = new HeatmapRing(SHAPE);
    ring.put(column(0, 10));
    const file = heatmapRingFile(dataDir, 'default', SHAPE);
    fs.writeFileSync(file, damage(encodeRing(ring)));
    const log = vi.fn();
    expect(loadHeatmapRing(file, SHAPE, log).columnsFrom(Number.NEGATIVE_INFINITY)).toEqual([]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toContain('starts empty');
  });

  it('does not read a ring written for another metric or shape', () => {
    const ring = new HeatmapRing(SHAPE);
    ring.put(column(0, 1));
    const file = heatmapRingFile(dataDir, 'default', SHAPE);
    saveHeatmapRing(file, ring);
    const log = vi.fn();
    const other: RingShape = { ...SHAPE, metric: 'writtenBytesPerSec' };
    expect(loadHeatmapRing(file, other, log).columnsFrom(Number.NEGATIVE_INFINITY)).toEqual([]);
    expect(log).toHaveBeenCalledTimes(1);
  });
});
