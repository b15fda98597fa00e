/**
 * What the distribution plot and the heatmap draw from the summary: the value axis's ticks, how
 * many datanode labels fit, and the region a heatmap cell opens.
 */
import { describe, expect, it } from 'vitest';
import type { RegionDistribution } from '../../../contract/region-distribution';
import {
  axisTicks,
  buildDistributionModel,
  formatWeight,
  formatWeightWithUnit,
  labelEvery,
  regionOnDatanode,
} from './distribution-model';

const GIB = 1024 ** 3;

describe('axisTicks', () => {
  it('steps counts by round whole numbers up to the first tick at or above the highest bar', () => {
    expect(axisTicks(23, 'count')).toEqual([0, 10, 20, 30]);
    expect(axisTicks(40, 'count')).toEqual([0, 10, 20, 30, 40]);
    expect(axisTicks(3, 'count')).toEqual([0, 1, 2, 3]);
    expect(axisTicks(2_400, 'rows')).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it('never steps a count by a fraction, and draws an axis when everything is 0', () => {
    expect(axisTicks(1, 'count')).toEqual([0, 1]);
    expect(axisTicks(0, 'count')).toEqual([0, 1]);
  });

  it('steps bytes by round amounts of the unit the highest bar is shown in', () => {
    const ticks = axisTicks(9 * GIB, 'bytes');
    expect(ticks.map((t) => formatWeight(t, 'bytes'))).toEqual(['0 B', '5.0 GiB', '10.0 GiB']);
    expect(axisTicks(1.5 * GIB, 'bytes').map((t) => t / GIB)).toEqual([0, 0.5, 1, 1.5]);
    expect(axisTicks(700, 'bytes')).toEqual([0, 200, 400, 600, 800]);
  });
});

describe('labelEvery', () => {
  it('labels every bar when a label fits in one', () => {
    expect(labelEvery(250, 30)).toBe(1);
  });

  it('labels every n-th bar, n in 1-2-5 steps, when a label is wider than a bar', () => {
    expect(labelEvery(5.5, 30)).toBe(10);
    expect(labelEvery(12, 30)).toBe(5);
    expect(labelEvery(20, 30)).toBe(2);
  });
});

describe('formatWeightWithUnit', () => {
  it('names what a value counts', () => {
    expect(formatWeightWithUnit(1_234, 'count')).toBe('1,234 regions');
    expect(formatWeightWithUnit(5, 'rows')).toBe('5 rows');
    expect(formatWeightWithUnit(2 * GIB, 'bytes')).toBe('2.0 GiB');
  });
});

describe('regionOnDatanode', () => {
  const datanode = (peerId: string) => ({
    peerId,
    addr: `dn-${peerId}:4001`,
    statTimestampMs: 0,
    regionCount: 0,
    bytes: 0,
    rows: 0,
    readUnits: 0,
    writeUnits: 0,
  });
  const summary: RegionDistribution = {
    datanodes: [datanode('0'), datanode('1'), datanode('2')],
    tables: [
      {
        tableId: 1024,
        regionNumbers: [3, 1, 2],
        datanodeIndexes: [1, 1, 0],
        bytes: [0, 0, 0],
        rows: [0, 0, 0],
      },
    ],
    regionCount: 3,
    rowsReported: false,
    unitsReported: false,
    duplicateLeaders: 0,
    heartbeatBytes: 0,
  };
  const model = buildDistributionModel(summary, undefined);

  it('opens the lowest region number of the table on that datanode', () => {
    expect(regionOnDatanode(model, 1024, 1)).toBe(String((1024n << 32n) | 1n));
    expect(regionOnDatanode(model, 1024, 0)).toBe(String((1024n << 32n) | 2n));
  });

  it('finds none where the datanode leads no region of the table', () => {
    expect(regionOnDatanode(model, 1024, 2)).toBeNull();
    expect(regionOnDatanode(model, 1025, 1)).toBeNull();
  });
});
