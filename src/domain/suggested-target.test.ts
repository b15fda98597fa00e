import { describe, expect, it } from 'vitest';
import type { DatanodeFigures } from './datanode-figures';
import {
  availableWeightings,
  candidatesFromFigures,
  suggestTarget,
  type TargetCandidate,
} from './suggested-target';

const candidate = (
  peerId: string,
  regions: number | null,
  { isAlive = true, bytes = null, load = null }: Partial<TargetCandidate> = {},
): TargetCandidate => ({ peerId, isAlive, regions, bytes, load });

describe('suggestTarget', () => {
  it('suggests the alive datanode with the fewest regions, and says why', () => {
    const suggestion = suggestTarget(
      [candidate('0', 400), candidate('3', 212), candidate('1', 250)],
      'count',
    );
    expect(suggestion?.peerId).toBe('3');
    expect(suggestion?.reason).toBe('datanode 3: fewest regions (212) among alive datanodes');
  });

  it('never suggests a dead datanode, however empty', () => {
    const suggestion = suggestTarget(
      [candidate('0', 0, { isAlive: false }), candidate('1', 9), candidate('2', 5)],
      'count',
    );
    expect(suggestion?.peerId).toBe('2');
  });

  it('never suggests an excluded datanode (the region’s current leader)', () => {
    const suggestion = suggestTarget([candidate('0', 1), candidate('1', 9)], 'count', ['0']);
    expect(suggestion?.peerId).toBe('1');
  });

  it('breaks ties on the lowest peer id, compared as u64 decimals, and names the others', () => {
    const suggestion = suggestTarget(
      [candidate('10', 5), candidate('9', 5), candidate('2', 7), candidate('11', 5)],
      'count',
    );
    expect(suggestion?.peerId).toBe('9');
    expect(suggestion?.tiedWith).toEqual(['10', '11']);
    expect(suggestion?.reason).toBe(
      'datanode 9: fewest regions (5) among alive datanodes, tied with datanodes 10, 11 (lowest id first)',
    );
  });

  it('ranks by bytes when bytes are the weighting', () => {
    const suggestion = suggestTarget(
      [
        candidate('0', 1, { bytes: 3 * 1024 ** 3 }),
        candidate('1', 40, { bytes: 2048 }),
        candidate('2', 2, { bytes: 5 * 1024 ** 2 }),
      ],
      'bytes',
    );
    expect(suggestion?.peerId).toBe('1');
    expect(suggestion?.reason).toBe('datanode 1: fewest bytes (2.0 KiB) among alive datanodes');
  });

  it('ranks by query load where the version reports it', () => {
    const suggestion = suggestTarget(
      [candidate('0', 1, { load: 1_200 }), candidate('1', 40, { load: 30 })],
      'load',
    );
    expect(suggestion?.reason).toBe(
      'datanode 1: lowest query load (30 read/write units) among alive datanodes',
    );
  });

  it('suggests nothing when no datanode is alive, or none has the figure', () => {
    expect(suggestTarget([candidate('0', 0, { isAlive: false })], 'count')).toBeNull();
    expect(suggestTarget([], 'count')).toBeNull();
    expect(suggestTarget([candidate('0', 3), candidate('1', 4)], 'load')).toBeNull();
    expect(suggestTarget([candidate('0', 3)], 'count', ['0'])).toBeNull();
  });
});

describe('availableWeightings', () => {
  it('offers bytes and load only when an alive datanode reports them', () => {
    expect(availableWeightings([candidate('0', 1)])).toEqual(['count']);
    expect(availableWeightings([candidate('0', 1, { bytes: 5, load: 2 })])).toEqual([
      'count',
      'bytes',
      'load',
    ]);
    expect(availableWeightings([candidate('0', 1, { isAlive: false, load: 2 })])).toEqual([
      'count',
    ]);
  });
});

describe('candidatesFromFigures', () => {
  const base: DatanodeFigures = {
    peerId: '1',
    addr: 'dn-1:4001',
    liveness: { kind: 'alive', ageMs: 1_000 },
    tableRegions: null,
    clusterRegions: 7,
    bytes: 900,
    rows: null,
    units: null,
    node: null,
    storage: null,
  };

  it('takes disk size on the SQL path, heartbeat bytes on legacy, units only when reported', () => {
    expect(candidatesFromFigures([base])).toEqual([
      { peerId: '1', isAlive: true, regions: 7, bytes: 900, load: null },
    ]);
    const sql: DatanodeFigures = {
      ...base,
      bytes: null,
      liveness: { kind: 'expired', expiredForMs: 5_000 },
      storage: {
        diskSize: 4_096,
        memtableSize: 0,
        sstSize: 0,
        indexSize: 0,
        manifestSize: 0,
        rows: 0,
      },
    };
    expect(candidatesFromFigures([sql])).toEqual([
      { peerId: '1', isAlive: false, regions: 7, bytes: 4_096, load: null },
    ]);
    expect(candidatesFromFigures([{ ...base, units: { read: 80, write: 40 } }])[0]?.load).toBe(120);
  });
});
