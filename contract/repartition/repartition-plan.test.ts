/**
 * The split/merge checks against GreptimeDB's ground truth: table `repartition_mito_table`
 * (id 1024, rules `id < 10`, `id >= 10 AND id < 20`, `id >= 20`) and the rows of
 * fixtures sql-partitions-after-split.json / -after-merge.json (API.md §7.4), and the sqlness
 * error cases of sql-errors-v1.json (API.md §7.2 steps 4–6).
 */
import { describe, expect, it } from 'vitest';
import { checkMerge, checkSplit } from './repartition-plan.ts';
import type { RepartitionPlan, RepartitionTable } from './repartition-plan.ts';

// [partition_name, partition_description, greptime_partition_id] of the two fixtures (rows
// exact from repartition.rs@v1.2.0-beta.2); contract/ has no Node types to read them with.
const AFTER_SPLIT = [
  ['p0', 'id < 5', '4398046511104'],
  ['p1', 'id >= 10 AND id < 20', '4398046511105'],
  ['p2', 'id >= 20', '4398046511106'],
  ['p3', 'id >= 5 AND id < 10', '4398046511107'],
];
const AFTER_MERGE = [
  ['p0', 'id < 5', '4398046511104'],
  ['p1', 'id >= 10', '4398046511105'],
  ['p2', 'id >= 5 AND id < 10', '4398046511107'],
];

const mito: RepartitionTable = {
  catalog: 'greptime',
  schema: 'public',
  name: 'repartition_mito_table',
  partitionColumns: [{ name: 'id', kind: 'number' }],
  partitions: [
    { regionId: '4398046511104', description: 'id < 10' },
    { regionId: '4398046511105', description: 'id >= 10 AND id < 20' },
    { regionId: '4398046511106', description: 'id >= 20' },
  ],
};

function planOf(result: ReturnType<typeof checkSplit>): RepartitionPlan {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

function tableAfter(plan: RepartitionPlan, maxRegionNumber?: number): RepartitionTable {
  return {
    ...mito,
    partitions: plan.resulting.map((p) => ({ regionId: p.regionId, description: p.rule })),
    maxRegionNumber,
  };
}

describe('checkSplit', () => {
  it('previews the split of fixture sql-partitions-after-split.json', () => {
    const plan = planOf(checkSplit(mito, '4398046511104', ['id < 5', 'id >= 5 AND id < 10']));
    expect(plan.resulting.map((p) => [p.partitionName, p.rule, p.regionId])).toEqual(AFTER_SPLIT);
    expect(plan.sourceExprs).toEqual(['id < 10']);
    expect(plan.targetExprs).toEqual(['id < 5', 'id >= 5 AND id < 10']);
    expect(plan.replaced).toEqual([{ regionId: '4398046511104', rule: 'id < 10' }]);
    expect(plan.allocatedRegionIds).toEqual(['4398046511107']);
    expect(plan.resulting.map((p) => p.change)).toEqual([
      'new rule',
      'unchanged',
      'unchanged',
      'new region',
    ]);
  });

  it('re-prints what the user wrote canonically', () => {
    const plan = planOf(checkSplit(mito, '4398046511104', ['id<005', '  id >=5.0 and id <   10 ']));
    expect(plan.targetExprs).toEqual(['id < 5', 'id >= 5 AND id < 10']);
  });

  it('never reuses a dropped region number once max_region_number is known', () => {
    // §7.4: 0,1,2 -> split 0 -> 0,1,2,3 -> merge 0+3 -> 0,1,2 (max stays 3) -> split 1 -> 4.
    const split = planOf(checkSplit(mito, '4398046511104', ['id < 5', 'id >= 5 AND id < 10']));
    const merged = planOf(checkMerge(tableAfter(split), ['4398046511104', '4398046511107']));
    expect(merged.deallocatedRegionIds).toEqual(['4398046511107']);
    const known = planOf(
      checkSplit(tableAfter(merged, 3), '4398046511105', [
        'id < 15 AND id >= 10',
        'id >= 15 AND id < 20',
      ]),
    );
    expect(known.allocatedRegionIds).toEqual(['4398046511108']);
    expect(known.isNumberingExact).toBe(true);
    const guessed = planOf(
      checkSplit(tableAfter(merged), '4398046511105', [
        'id < 15 AND id >= 10',
        'id >= 15 AND id < 20',
      ]),
    );
    expect(guessed.allocatedRegionIds).toEqual(['4398046511107']);
    expect(guessed.isNumberingExact).toBe(false);
  });

  const deviceTable: RepartitionTable = {
    catalog: 'greptime',
    schema: 'public',
    name: 'repartition_test_table',
    partitionColumns: [{ name: 'device_id', kind: 'number' }],
    partitions: [
      { regionId: '4398046511104', description: 'device_id < 100' },
      { regionId: '4398046511105', description: 'device_id >= 100 AND device_id < 200' },
      { regionId: '4398046511106', description: 'device_id >= 200' },
    ],
  };

  it("finds a gap with GreptimeDB's checkpoint text", () => {
    const result = checkSplit(deviceTable, '4398046511104', ['device_id < 50', 'device_id >= 100']);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          target: null,
          message: 'no new expression covers device_id=50, which is in device_id < 100',
          greptimeError: 'Checkpoint `device_id=50` is not covered',
        },
      ],
    });
  });

  it("finds an overlap with GreptimeDB's checkpoint text", () => {
    const result = checkSplit(deviceTable, '4398046511104', [
      'device_id < 100',
      'device_id >= 50 AND device_id < 150',
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toBe('device_id=50 falls in both new expression 1 and 2');
    expect(result.issues[0]?.greptimeError).toBe('Checkpoint `device_id=50` is overlapped');
  });

  it('refuses an expression reaching outside the partition being split', () => {
    const result = checkSplit(mito, '4398046511104', ['id < 5', 'id >= 5 AND id < 12']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      target: 1,
      message: 'new expression 2 reaches id=10, outside the partition being split (id < 10)',
      greptimeError: 'Checkpoint `id=10` is overlapped',
    });
  });

  it('names an unknown column and a wrong literal per expression', () => {
    const result = checkSplit(deviceTable, '4398046511104', [
      'device_id < 50',
      'device_id >= 50 AND device_id < 100 AND ts < 1000',
      "device_id < '7'",
    ]);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          target: 1,
          message: 'ts is not a partition column of this table (partition columns: device_id)',
          greptimeError: 'Cannot find column by name: ts',
        },
        {
          target: 2,
          message: "device_id is a number column: expected a number, found '7'",
        },
      ],
    });
  });

  it('refuses OR, values first, and a single expression', () => {
    const or = checkSplit(mito, '4398046511104', ['id < 5 OR id > 8', 'id >= 5']);
    expect(!or.ok && or.issues[0]?.message).toBe(
      'OR is not supported: write one expression per range',
    );
    const reversed = checkSplit(mito, '4398046511104', ['5 > id', 'id >= 5 AND id < 10']);
    expect(!reversed.ok && reversed.issues[0]?.message).toMatch(
      /^expected a partition column, found 5/,
    );
    const one = checkSplit(mito, '4398046511104', ['id < 10']);
    expect(!one.ok && one.issues[0]?.message).toBe('a split needs at least two new expressions');
  });

  it("refuses a table without partition columns with GreptimeDB's text", () => {
    const result = checkSplit(
      {
        ...mito,
        partitionColumns: [],
        partitions: [{ regionId: '4398046511104', description: null }],
      },
      '4398046511104',
      ['id < 5', 'id >= 5'],
    );
    expect(!result.ok && result.issues[0]?.greptimeError).toBe(
      'Invalid partition rule: table greptime.public.repartition_mito_table does not have partition columns, cannot repartition',
    );
  });

  it('reads string rules as partition_description prints them (unquoted) and quotes them in SQL', () => {
    const table: RepartitionTable = {
      catalog: 'greptime',
      schema: 'public',
      name: 'monitor',
      partitionColumns: [{ name: 'host', kind: 'string' }],
      partitions: [
        { regionId: '4402341478400', description: 'host < h' },
        { regionId: '4402341478401', description: 'host >= h' },
      ],
    };
    const plan = planOf(
      checkSplit(table, '4402341478401', ["host >= 'h' AND host < 'o''k'", "host >= 'o''k'"]),
    );
    expect(plan.sourceExprs).toEqual(["host >= 'h'"]);
    expect(plan.targetExprs).toEqual(["host >= 'h' AND host < 'o''k'", "host >= 'o''k'"]);
    expect(plan.resulting.map((p) => p.rule)).toEqual([
      'host < h',
      "host >= h AND host < o'k",
      "host >= o'k",
    ]);
    const backslash = checkSplit(table, '4402341478401', [
      "host >= 'h' AND host < 'a\\b'",
      "host >= 'a\\b'",
    ]);
    expect(!backslash.ok && backslash.issues[0]?.message).toMatch(/backslash/);
  });
});

describe('checkMerge', () => {
  const split = planOf(checkSplit(mito, '4398046511104', ['id < 5', 'id >= 5 AND id < 10']));
  const afterSplit = tableAfter(split);

  it('previews the merge of fixture sql-partitions-after-merge.json', () => {
    const result = checkMerge(afterSplit, ['4398046511105', '4398046511106']);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { plan } = result;
    expect(plan.resulting.map((p) => [p.partitionName, p.rule, p.regionId])).toEqual(AFTER_MERGE);
    expect(plan.sourceExprs).toEqual(['id >= 10 AND id < 20', 'id >= 20']);
    expect(plan.targetExprs).toEqual(['id >= 10']);
    expect(plan.deallocatedRegionIds).toEqual(['4398046511106']);
    expect(plan.allocatedRegionIds).toEqual([]);
  });

  it('simplifies a two-column merge like GreptimeDB (API.md §7.1)', () => {
    const table: RepartitionTable = {
      catalog: 'greptime',
      schema: 'public',
      name: 't',
      partitionColumns: [
        { name: 'device_id', kind: 'number' },
        { name: 'area', kind: 'string' },
      ],
      partitions: [
        { regionId: '4398046511104', description: 'device_id < 100 AND area < South' },
        { regionId: '4398046511105', description: 'device_id < 100 AND area >= South' },
        { regionId: '4398046511106', description: 'device_id >= 100' },
      ],
    };
    const result = checkMerge(table, ['4398046511104', '4398046511105']);
    expect(result.ok && result.plan.targetExprs).toEqual(['device_id < 100']);
    expect(result.ok && result.plan.sourceExprs).toEqual([
      "device_id < 100 AND area < 'South'",
      "device_id < 100 AND area >= 'South'",
    ]);
  });

  it('refuses partitions that are not adjacent', () => {
    const result = checkMerge(afterSplit, ['4398046511104', '4398046511106']);
    expect(!result.ok && result.issues[0]?.message).toBe(
      'the selected partitions are not adjacent (id < 5, id >= 20): their union is not one range',
    );
  });

  it('refuses a single partition, a repeated one and an unknown region', () => {
    expect(checkMerge(afterSplit, ['4398046511104']).ok).toBe(false);
    expect(checkMerge(afterSplit, ['4398046511104', '4398046511104']).ok).toBe(false);
    const unknown = checkMerge(afterSplit, ['4398046511104', '4398046511199']);
    expect(!unknown.ok && unknown.issues[0]?.message).toBe(
      'region 4398046511199 is not a partition of repartition_mito_table',
    );
  });

  it('merges three partitions in any order; the first one listed survives', () => {
    const result = checkMerge(afterSplit, ['4398046511107', '4398046511106', '4398046511105']);
    expect(result.ok && result.plan.targetExprs).toEqual(['id >= 5']);
    expect(result.ok && result.plan.deallocatedRegionIds).toEqual([
      '4398046511106',
      '4398046511105',
    ]);
    expect(result.ok && result.plan.resulting.map((p) => [p.regionId, p.rule])).toEqual([
      ['4398046511104', 'id < 5'],
      ['4398046511107', 'id >= 5'],
    ]);
  });
});
