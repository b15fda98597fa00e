import { describe, expect, it } from 'vitest';
import { parseGreptimeVersion } from '../greptime-version.ts';
import type { GreptimeVersion } from '../greptime-version.ts';
import { checkCoverage, coverageErrorText } from './coverage.ts';
import { parsePartitionExpr } from './partition-expr.ts';
import type { PartitionRule } from './partition-expr.ts';
import {
  REPARTITION_PRECONDITIONS,
  repartitionFacts,
  repartitionPreconditionsFor,
} from './preconditions.ts';
import { checkMerge, checkSplit } from './repartition-plan.ts';
import type { RepartitionTable } from './repartition-plan.ts';
import { RepartitionStatementError, repartitionStatement } from './statements.ts';

const table: RepartitionTable = {
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

function version(text: string): GreptimeVersion {
  const parsed = parseGreptimeVersion(text);
  if (parsed === null) throw new Error(text);
  return parsed;
}

describe('repartitionStatement', () => {
  it('prints the fixture statements with WAIT = false (API.md §7.1)', () => {
    const split = checkSplit(table, '4398046511104', ['id < 5', 'id >= 5 AND id < 10']);
    if (!split.ok) throw new Error('split refused');
    expect(repartitionStatement(table, split.plan)).toBe(
      'ALTER TABLE greptime.public.repartition_mito_table SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10) WITH (WAIT = false)',
    );
    const merge = checkMerge(table, ['4398046511105', '4398046511106']);
    if (!merge.ok) throw new Error('merge refused');
    expect(repartitionStatement(table, merge.plan, { timeout: '5m' })).toBe(
      "ALTER TABLE greptime.public.repartition_mito_table MERGE PARTITION (id >= 10 AND id < 20, id >= 20) WITH (TIMEOUT = '5m', WAIT = false)",
    );
  });

  it('quotes names that are not plain identifiers and refuses a bad timeout', () => {
    const odd = { ...table, schema: 'my schema', name: 'a"b.c' };
    const merge = checkMerge(odd, ['4398046511105', '4398046511106']);
    if (!merge.ok) throw new Error('merge refused');
    expect(repartitionStatement(odd, merge.plan)).toMatch(
      /^ALTER TABLE greptime\."my schema"\."a""b\.c" MERGE PARTITION/,
    );
    expect(() => repartitionStatement(odd, merge.plan, { timeout: "5m'; DROP" })).toThrow(
      RepartitionStatementError,
    );
  });
});

describe('partition expressions and coverage', () => {
  const columns = [
    { name: 'a', kind: 'number' as const },
    { name: 'b', kind: 'string' as const },
  ];
  function rule(text: string): PartitionRule {
    const parsed = parsePartitionExpr(text, columns);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  }

  it('accepts an exact two-column rule set', () => {
    expect(
      checkCoverage([rule("a < 10 AND b < 'm'"), rule("a < 10 AND b >= 'm'"), rule('a >= 10')]),
    ).toBeNull();
  });

  it('names checkpoints between, below and above literals as GreptimeDB does', () => {
    const gap = checkCoverage([rule('a < 5'), rule('a > 5 AND a < 9'), rule('a >= 9')]);
    expect(gap && coverageErrorText(gap)).toBe('Checkpoint `a=5` is not covered');
    const below = checkCoverage([rule('a >= 1')]);
    expect(below && coverageErrorText(below)).toBe('Checkpoint `a<1` is not covered');
    const between = checkCoverage([rule('a <= 1'), rule('a >= 3')]);
    expect(between && coverageErrorText(between)).toBe('Checkpoint `1<a<3` is not covered');
    const above = checkCoverage([rule('a <= 1')]);
    expect(above && coverageErrorText(above)).toBe('Checkpoint `a>1` is not covered');
    const two = checkCoverage([rule("a < 10 AND b < 'm'"), rule('a >= 10')]);
    expect(two && coverageErrorText(two)).toBe('Checkpoint `a<10, b=m` is not covered');
  });

  it('compares numbers by value, negatives and fractions included', () => {
    expect(
      checkCoverage([rule('a < -1.5'), rule('a >= -1.50 AND a < 2'), rule('a >= 2.0')]),
    ).toBeNull();
  });
});

describe('version gate and preconditions', () => {
  it('opens SPLIT/MERGE from v1.0.0-rc.1 and requires GC from v1.2', () => {
    expect(repartitionFacts(version('0.17.2')).canSplitAndMerge).toBe(false);
    expect(repartitionFacts(version('1.0.0-beta.3')).canSplitAndMerge).toBe(false);
    expect(repartitionFacts(version('1.0.0-rc.1')).canSplitAndMerge).toBe(true);
    expect(repartitionFacts(version('1.1.4'))).toEqual({
      canSplitAndMerge: true,
      requiresMetasrvGc: false,
      writesEvents: false,
    });
    expect(repartitionFacts(version('1.2.0-beta.2'))).toEqual({
      canSplitAndMerge: true,
      requiresMetasrvGc: true,
      writesEvents: true,
    });
  });

  it('lists the checks in API.md §7.2 order, the GC one only from v1.2', () => {
    expect(REPARTITION_PRECONDITIONS.map((p) => p.step)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    expect(repartitionPreconditionsFor(version('1.1.4')).map((p) => p.id)).not.toContain(
      'metasrv-gc',
    );
    const gc = repartitionPreconditionsFor(version('1.2.0')).find((p) => p.id === 'metasrv-gc');
    expect(gc?.error).toBe(
      'Invalid arguments: Repartition requires metasrv GC to be enabled, code: InvalidArguments, tonic code: Client specified an invalid argument',
    );
  });
});
