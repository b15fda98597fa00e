/**
 * The server's reading of a table it re-reads (partition column kinds from the rules) and of
 * what the browser asked (partitions named by rule), on API.md's two-column sqlness table
 * (`device_id`, `area`: §7.1's merge of `device_id < 100 AND area < 'South'` and
 * `device_id < 100 AND area >= 'South'` into `device_id < 100`).
 */
import { describe, expect, it } from 'vitest';
import type { RepartitionTable } from '../../contract/repartition/repartition-plan.ts';
import { checkChange } from './plan-change.ts';
import { inferPartitionColumns } from '../../contract/repartition/partition-columns.ts';

const RULES = [
  ['4398046511104', 'device_id < 100 AND area < South'],
  ['4398046511105', 'device_id < 100 AND area >= South'],
  ['4398046511106', 'device_id >= 100'],
] as const;

const table: RepartitionTable = {
  catalog: 'greptime',
  schema: 'public',
  name: 'repartition_test_table',
  partitionColumns: inferPartitionColumns(
    ['device_id', 'area'],
    RULES.map(([, rule]) => rule),
  ).map(({ name, kind }) => ({ name, kind })),
  partitions: RULES.map(([regionId, description]) => ({ regionId, description })),
};

describe('the partition columns of a re-read table', () => {
  it('are numbers unless a bound in the rules is not a number', () => {
    expect(table.partitionColumns).toEqual([
      { name: 'device_id', kind: 'number' },
      { name: 'area', kind: 'string' },
    ]);
  });
});

describe('the change the browser asked for', () => {
  it('names partitions by their rule as the table shows it or as SQL, and merges them', () => {
    const check = checkChange(table, {
      kind: 'merge',
      sources: ["device_id < 100 AND area >= 'South'", 'device_id < 100 AND area < South'],
    });
    if (!check.ok) throw new Error(JSON.stringify(check.issues));
    // The sources go in the table's order, so the first region survives.
    expect(check.plan.sourceExprs).toEqual([
      "device_id < 100 AND area < 'South'",
      "device_id < 100 AND area >= 'South'",
    ]);
    expect(check.plan.targetExprs).toEqual(['device_id < 100']);
    expect(check.plan.deallocatedRegionIds).toEqual(['4398046511105']);
  });

  it('quotes the new bounds of a string column in the statement', () => {
    const check = checkChange(table, {
      kind: 'split',
      source: 'device_id < 100 AND area < South',
      targets: [
        "device_id < 100 AND area < 'North'",
        "device_id < 100 AND area >= 'North' AND area < 'South'",
      ],
    });
    if (!check.ok) throw new Error(JSON.stringify(check.issues));
    expect(check.plan.targetExprs[1]).toBe(
      "device_id < 100 AND area >= 'North' AND area < 'South'",
    );
  });

  it('refuses a rule the table no longer has, with the text GreptimeDB would answer', () => {
    const check = checkChange(table, {
      kind: 'split',
      source: 'device_id < 50',
      targets: ['device_id < 25', 'device_id >= 25 AND device_id < 50'],
    });
    expect(check).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({
          greptimeError:
            "Invalid partition rule: partition expression 'device_id < 50' does not exist in table greptime.public.repartition_test_table",
        }),
      ],
    });
  });
});
