import { describe, expect, it } from 'vitest';
import { inferPartitionColumns } from './partition-columns.ts';

describe('inferPartitionColumns', () => {
  it('reads the kinds from the current rules, where strings print unquoted', () => {
    expect(inferPartitionColumns(['host'], ['host < iz', 'host >= iz'])).toEqual([
      { name: 'host', kind: 'string', basis: 'non-number bound' },
    ]);
    expect(inferPartitionColumns(['id'], ['id < 10', 'id >= 10 AND id < 20', 'id >= 20'])).toEqual([
      { name: 'id', kind: 'number', basis: 'number bounds' },
    ]);
    expect(inferPartitionColumns(['id', 'area'], ['id < 10', null])[1]).toEqual({
      name: 'area',
      kind: 'number',
      basis: 'no bound',
    });
  });
});
