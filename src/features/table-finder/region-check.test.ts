/**
 * Issue 15: a region id whose region number its table lacks, or whose table has no regions,
 * is named with the numbers the table has.
 */
import { describe, expect, it } from 'vitest';
import type { RegionRoute, TableRoute } from '../../domain/cluster-types';
import { describeRegionNumbers, regionNotInRoute } from './region-check';

function routeOf(tableId: number, numbers: readonly number[]): TableRoute {
  return {
    type: 'physical',
    tableId,
    version: '1',
    wireForm: 'object',
    regionRoutes: numbers.map((n): RegionRoute => ({
      regionId: ((BigInt(tableId) << 32n) | BigInt(n)).toString(),
      regionNumber: n,
      name: '',
      partition: null,
      leaderPeer: null,
      followerPeers: [],
      leaderStatus: null,
      leaderDownSinceMs: null,
    })),
  };
}

const fourteen = Array.from({ length: 14 }, (_, n) => n);

describe('regionNotInRoute', () => {
  it('names the region numbers of the table (the issue’s example)', () => {
    // 4406636445799 = table 1026, region number 103.
    expect(regionNotInRoute('4406636445799', routeOf(1026, fourteen))).toBe(
      'Region 4406636445799 is not in table 1026, which has regions 0–13.',
    );
  });

  it('is null for a region of the table', () => {
    expect(regionNotInRoute('4406636445709', routeOf(1026, fourteen))).toBeNull();
  });

  it('says a table without regions has none', () => {
    expect(regionNotInRoute('42945377992704', routeOf(9999, []))).toBe(
      'Region 42945377992704 is not in table 9999, which has no regions in this cluster (no table has this id, or it is a logical table).',
    );
  });

  it('lists numbers that are not a contiguous run', () => {
    expect(describeRegionNumbers([5, 0, 2])).toBe('0, 2, 5');
    expect(describeRegionNumbers([7])).toBe('7');
  });
});
