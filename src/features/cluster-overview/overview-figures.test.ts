/**
 * The overview's figures say what the cluster view says: datanodes alive by lease, leader
 * regions, and count and byte skew over the datanodes that hold regions or could take them.
 */
import { describe, expect, it } from 'vitest';
import type { RegionDistribution } from '../../../contract/region-distribution';
import type { NodeLeases } from '../../domain/cluster-types';
import { overviewFigures } from './overview-figures';

function datanode(peerId: string, regionCount: number, bytes: number) {
  return {
    peerId,
    addr: `dn-${peerId}:4001`,
    statTimestampMs: 0,
    regionCount,
    bytes,
    rows: 0,
    readUnits: 0,
    writeUnits: 0,
  };
}

const SUMMARY: RegionDistribution = {
  datanodes: [datanode('0', 2, 100), datanode('1', 2, 300), datanode('2', 0, 0)],
  tables: [
    {
      tableId: 1024,
      regionNumbers: [0, 1, 2, 3],
      datanodeIndexes: [0, 0, 1, 1],
      bytes: [50, 50, 150, 150],
      rows: [0, 0, 0, 0],
    },
  ],
  regionCount: 4,
  rowsReported: false,
  unitsReported: false,
  duplicateLeaders: 0,
  heartbeatBytes: 1,
};

const NOW = 1_000_000;
function leases(alive: readonly string[], dead: readonly string[]): NodeLeases {
  return {
    metasrvNowMs: NOW,
    leases: [
      ...alive.map((peerId) => ({ peerId, addr: '', timestampMs: NOW - 1_000, humanTime: '' })),
      ...dead.map((peerId) => ({ peerId, addr: '', timestampMs: NOW - 60_000, humanTime: '' })),
    ],
  };
}

describe('overviewFigures', () => {
  it('counts datanodes alive of all, and regions and tables', () => {
    const figures = overviewFigures(SUMMARY, leases(['0', '1', '2'], []));
    expect(figures).toMatchObject({
      datanodesAlive: 3,
      datanodesTotal: 3,
      regionCount: 4,
      tableCount: 1,
    });
  });

  it('counts an alive empty datanode in the skew, and leaves a dead empty one out', () => {
    // 2, 2, 0 over three candidates: CV = sqrt(8/9) / (4/3).
    const withEmpty = overviewFigures(SUMMARY, leases(['0', '1', '2'], []));
    expect(withEmpty.countSkew.cv).toBeCloseTo(Math.sqrt(8 / 9) / (4 / 3), 6);
    const withDead = overviewFigures(SUMMARY, leases(['0', '1'], ['2']));
    expect(withDead.datanodesAlive).toBe(2);
    expect(withDead.countSkew.cv).toBe(0);
    // Bytes 100 and 300: CV = 100 / 200.
    expect(withDead.byteSkew.cv).toBeCloseTo(0.5, 6);
  });

  it('says nothing about liveness when the leases could not be read', () => {
    const figures = overviewFigures(SUMMARY, undefined);
    expect(figures.datanodesAlive).toBeNull();
    expect(figures.datanodesTotal).toBe(3);
  });
});
