/** The cluster summary's columns are checked whole: every value, not a sample of them. */
import { describe, expect, it } from 'vitest';
import { DistributionTableSchema } from './region-distribution.ts';

const table = (
  column: Partial<Record<'regionNumbers' | 'datanodeIndexes' | 'bytes' | 'rows', unknown[]>>,
) => ({
  tableId: 1024,
  regionNumbers: [0, 1, 2],
  datanodeIndexes: [0, 1, 0],
  bytes: [10, 0, 2 ** 53 - 1],
  rows: [1, 2, 3],
  ...column,
});

describe('DistributionTableSchema', () => {
  it('reads a table whose columns are integers in range', () => {
    expect(DistributionTableSchema.parse(table({})).bytes).toEqual([10, 0, 2 ** 53 - 1]);
  });

  it.each([
    ['a region number above u32', { regionNumbers: [0, 1, 2 ** 32] }],
    ['a negative index', { datanodeIndexes: [0, -1, 0] }],
    ['a fraction', { rows: [1, 2.5, 3] }],
    ['a size beyond 2^53', { bytes: [10, 0, 2 ** 53] }],
    ['a string', { rows: [1, '2', 3] }],
    ['columns of different lengths', { rows: [1, 2] }],
  ])('refuses %s', (_, column) => {
    expect(DistributionTableSchema.safeParse(table(column)).success).toBe(false);
  });
});
