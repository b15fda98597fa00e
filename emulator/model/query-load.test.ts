import { describe, expect, it } from 'vitest';
import { HOT_CPU_SHARE, HOT_REGION_FRACTION, QueryLoad } from './query-load.ts';

/** `tables` tables of `perTable` regions: ids table << 32 | n. */
function regionIds(tables: number, perTable: number): bigint[] {
  const ids: bigint[] = [];
  for (let t = 0; t < tables; t += 1) {
    for (let n = 0; n < perTable; n += 1) ids.push((BigInt(1024 + t) << 32n) | BigInt(n));
  }
  return ids;
}

/** Share of all CPU between two instants carried by the busiest `fraction` of regions. */
function topShare(load: QueryLoad, ids: bigint[], fromMs: number, toMs: number, fraction: number) {
  const cpu = ids.map((id) => load.cpuTimeNs(id, fromMs, toMs)).sort((a, b) => b - a);
  const total = cpu.reduce((sum, value) => sum + value, 0);
  const top = cpu.slice(0, Math.round(ids.length * fraction)).reduce((sum, v) => sum + v, 0);
  return top / total;
}

const NOW = 1_787_500_000_000;
const HOUR_MS = 3_600_000;

describe('QueryLoad', () => {
  const ids = regionIds(100, 100);
  const load = new QueryLoad(42, ids);

  it('makes 1% of the regions carry half of the query CPU, over hours and at any instant', () => {
    expect(ids.filter((id) => load.isHot(id))).toHaveLength(ids.length * HOT_REGION_FRACTION);
    expect(topShare(load, ids, NOW, NOW + 6 * HOUR_MS, HOT_REGION_FRACTION)).toBeCloseTo(
      HOT_CPU_SHARE,
      1,
    );
    for (const at of [NOW, NOW + 1.5 * HOUR_MS, NOW + 4 * HOUR_MS]) {
      const share = topShare(load, ids, at, at + 30_000, HOT_REGION_FRACTION);
      expect(share).toBeGreaterThan(0.4);
      expect(share).toBeLessThan(0.6);
    }
  });

  it('has at least one hot region in a small cluster', () => {
    const small = regionIds(2, 10);
    expect(small.some((id) => new QueryLoad(7, small).isHot(id))).toBe(true);
  });

  it('is the same for the same seed, different for another, and varies with time', () => {
    const [id = 0n] = ids;
    const again = new QueryLoad(42, ids);
    expect(again.cpuTimeNs(id, NOW, NOW + 30_000)).toBe(load.cpuTimeNs(id, NOW, NOW + 30_000));
    const hotElsewhere = new QueryLoad(43, ids);
    expect(ids.filter((r) => hotElsewhere.isHot(r))).not.toEqual(ids.filter((r) => load.isHot(r)));
    const early = load.cpuTimeNs(id, NOW, NOW + 30_000);
    const later = load.cpuTimeNs(id, NOW + 0.5 * HOUR_MS, NOW + 0.5 * HOUR_MS + 30_000);
    expect(Math.abs(early - later) / early).toBeGreaterThan(0.01);
  });

  it('gives counters that only grow while a region stays open, and scanned bytes with the CPU', () => {
    const [id = 0n] = ids;
    let previous = 0;
    for (let at = NOW; at <= NOW + 3 * HOUR_MS; at += 60_000) {
      const counter = load.cpuTimeNs(id, NOW - HOUR_MS, at);
      expect(counter).toBeGreaterThanOrEqual(previous);
      previous = counter;
    }
    const cpu = load.cpuTimeNs(id, NOW, NOW + 30_000);
    const scanned = load.scannedBytes(id, NOW, NOW + 30_000);
    expect(scanned / cpu).toBeGreaterThanOrEqual(0.005);
    expect(scanned / cpu).toBeLessThanOrEqual(0.05);
  });

  it('makes a chosen region carry N times its datanode mean from the moment it is asked', () => {
    const model = new QueryLoad(42, ids);
    const datanode = ids.slice(0, 50);
    const [chosen = 0n] = datanode.filter((id) => !model.isHot(id));
    const before = model.cpuTimeNs(chosen, NOW - 30_000, NOW);
    model.setMultipleOfDatanodeMean(chosen, 8, datanode, NOW);

    const others = datanode.filter((id) => id !== chosen);
    for (const at of [NOW, NOW + HOUR_MS]) {
      const mean =
        others.reduce((sum, id) => sum + model.cpuTimeNs(id, at, at + 30_000), 0) / others.length;
      expect(model.cpuTimeNs(chosen, at, at + 30_000)).toBeCloseTo(8 * mean, 3);
    }
    // Before the action, and the counter across it, stay consistent.
    expect(model.cpuTimeNs(chosen, NOW - 30_000, NOW)).toBe(before);
    expect(model.cpuTimeNs(chosen, NOW - 30_000, NOW + 30_000)).toBeCloseTo(
      before + model.cpuTimeNs(chosen, NOW, NOW + 30_000),
      3,
    );

    model.clearOverride(chosen, NOW + 2 * HOUR_MS);
    const base = new QueryLoad(42, ids);
    const window = [NOW + 3 * HOUR_MS, NOW + 3 * HOUR_MS + 30_000] as const;
    expect(model.cpuTimeNs(chosen, ...window)).toBe(base.cpuTimeNs(chosen, ...window));
  });

  it('refuses a multiple that means nothing', () => {
    const model = new QueryLoad(1, ids);
    const [id = 0n] = ids;
    expect(() => {
      model.setMultipleOfDatanodeMean(id, 3, [id], NOW);
    }).toThrow(RangeError);
    expect(() => {
      model.setMultipleOfDatanodeMean(id, Number.NaN, ids, NOW);
    }).toThrow(RangeError);
    model.setMultipleOfDatanodeMean(id, 3, ids, NOW);
    expect(() => {
      model.clearOverride(id, NOW - 1);
    }).toThrow(RangeError);
  });
});
