import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GreptimeVersion } from '../../contract/greptime-version.ts';
import { parseGreptimeVersion } from '../../contract/greptime-version.ts';
import { HeatmapBucket } from './heatmap-bucket.ts';
import { DEFAULT_RING_SHAPE, HeatmapRing } from './heatmap-ring.ts';
import { heatmapRingFile, loadHeatmapRing, saveHeatmapRing } from './heatmap-ring-file.ts';
import { HotRegionsEngine, heatmapMetric } from './hot-regions-engine.ts';

function version(text: string): GreptimeVersion {
  const parsed = parseGreptimeVersion(text);
  if (parsed === null) throw new Error(text);
  return parsed;
}
const V1_2 = version('1.2.0');
const SHAPE = { ...DEFAULT_RING_SHAPE, metric: heatmapMetric(V1_2) };

/** Region n of table 1024 on datanode n % 2, its CPU counter at `cpuMs(n)`. */
function rows(count: number, cpuMs: (n: number) => number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) => ({
    region_id: 4398046511104 + n,
    table_id: 1024,
    region_number: n,
    leader_peer_id: n % 2,
    region_rows: 100,
    written_bytes_since_open: 0,
    query_cpu_time_millis: cpuMs(n),
    query_scanned_bytes: 0,
    region_role: 'Leader',
  }));
}

let dataDir = '';
afterEach(() => {
  if (dataDir !== '') fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('HotRegionsEngine', () => {
  it('shows query CPU on v1.2 and written bytes before', () => {
    expect(heatmapMetric(V1_2)).toBe('queryCpuMsPerSec');
    expect(heatmapMetric(version('1.1.4'))).toBe('writtenBytesPerSec');
  });

  it('finds the hot region, and its heatmap survives a restart', () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-regions-'));
    const file = heatmapRingFile(dataDir, 'default', SHAPE);
    const ring = new HeatmapRing(SHAPE);
    const engine = new HotRegionsEngine(V1_2, ring);
    // Region 3 burns 30x the CPU of the others.
    for (const at of [0, 30_000, 60_000]) {
      engine.sample(
        at,
        rows(8, (n) => (at / 1_000) * (n === 3 ? 300 : 10)),
      );
    }
    const [hottest] = engine.hotList({
      sortBy: 'queryCpuMsPerSec',
      limit: 1,
      tableNames: new Map(),
    });
    expect(hottest).toMatchObject({ regionNumber: 3, datanodeId: '1', queryCpuMsPerSec: 300 });
    expect(hottest?.shareOfDatanode.queryCpuMsPerSec).toBeCloseTo(300 / 330);
    expect(engine.datanodeLoads().map((load) => load.totals.queryCpuMsPerSec)).toEqual([40, 330]);

    const before = engine.heatmap(60_000);
    expect(before.columnStartsMs).toEqual([0, 30_000, 60_000]);
    saveHeatmapRing(file, ring);

    const restarted = new HotRegionsEngine(
      V1_2,
      loadHeatmapRing(file, SHAPE, () => undefined),
    );
    expect(restarted.heatmap(60_000)).toEqual(before);
    const sixHoursLater = 60_000 + SHAPE.columnWidthMs * SHAPE.capacity + 1;
    expect(restarted.heatmap(sixHoursLater).columnStartsMs).toEqual([]);
  });

  it('after a restart, keeps the column it was filling as saved and samples into the next', () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-regions-'));
    const file = heatmapRingFile(dataDir, 'default', SHAPE);
    const ring = new HeatmapRing(SHAPE);
    const engine = new HotRegionsEngine(V1_2, ring);
    for (const at of [60_000, 63_000])
      engine.sample(
        at,
        rows(4, (n) => (at / 1_000) * (n + 1)),
      );
    saveHeatmapRing(file, ring);
    const saved = engine.heatmap(63_000);

    const restarted = new HotRegionsEngine(
      V1_2,
      loadHeatmapRing(file, SHAPE, () => undefined),
    );
    // Its first sample has no rates yet: written into the same column it would blank it.
    restarted.sample(
      66_000,
      rows(4, (n) => 66 * (n + 1)),
    );
    restarted.sample(
      69_000,
      rows(4, (n) => 69 * (n + 1)),
    );
    expect(restarted.heatmap(69_000)).toEqual(saved);
    restarted.sample(
      90_000,
      rows(4, (n) => 90 * (n + 1)),
    );
    expect(restarted.heatmap(90_000).columnStartsMs).toEqual([60_000, 90_000]);
  });
});

describe('HeatmapBucket', () => {
  it('shows the mean of the samples in one bucket and starts afresh in the next', () => {
    const bucket = new HeatmapBucket(30_000, 10);
    bucket.add(30_000, [{ tableId: 1, regionNumber: 0, value: 2 }]);
    const filled = bucket.add(45_000, [{ tableId: 1, regionNumber: 0, value: 4 }]);
    expect(filled.startMs).toBe(30_000);
    expect(Array.from(filled.values)).toEqual([3]);
    const next = bucket.add(60_000, [{ tableId: 1, regionNumber: 0, value: null }]);
    expect(next.startMs).toBe(60_000);
    expect(Array.from(next.values)).toEqual([Number.NaN]);
  });
});
