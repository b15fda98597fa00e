/**
 * The checks the split and merge forms run before anything is sent, against the table of
 * API.md §7.4's ground truth (repartition_mito_table, id 1024: `id < 10`,
 * `id >= 10 AND id < 20`, `id >= 20`), and how outcomes read.
 */
import { describe, expect, it } from 'vitest';
import {
  REPARTITION_PRECONDITIONS,
  repartitionErrors,
  META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
} from '../../../contract/repartition/preconditions';
import {
  REPARTITION_POLL_INTERVAL_MS,
  repartitionPollInterval,
} from '../../queries/repartition-queries';
import { setPushLive } from '../../queries/push-live';
import {
  changeOf,
  checkMergeForm,
  checkSplitForm,
  checkTimeout,
  headline,
  repartitionSubjectOf,
  unmetPrecondition,
} from './repartition-model';
import {
  RULES,
  TABLE_SUMMARY,
  regionRoutesOf,
  trackedRepartition,
} from './repartition.test-support';

const { table } = repartitionSubjectOf(TABLE_SUMMARY, regionRoutesOf(RULES));
const [R0 = '', R1 = '', R2 = ''] = table.partitions.map((p) => p.regionId);

describe('the split form', () => {
  it('waits for a partition and for every field before it says more', () => {
    expect(checkSplitForm(table, null, ['', ''])).toMatchObject({
      kind: 'incomplete',
      hint: 'Choose the partition to split.',
    });
    const half = checkSplitForm(table, R0, ['id < 5', '']);
    expect(half).toMatchObject({ kind: 'incomplete', issues: [] });
    expect(half.kind !== 'ok' && half.fieldIssues).toEqual([undefined, undefined]);
  });

  it('puts a mistake next to its field, with GreptimeDB’s own text', () => {
    const check = checkSplitForm(table, R0, ['id < 5', 'idd >= 5']);
    expect(check.kind).toBe('invalid');
    if (check.kind === 'ok') return;
    expect(check.fieldIssues[1]).toEqual({
      target: 1,
      message: 'idd is not a partition column of this table (partition columns: id)',
      greptimeError: 'Cannot find column by name: idd',
    });
    expect(check.fieldIssues[0]).toBeUndefined();
  });

  it('refuses overlapping and uncovering rules as GreptimeDB would', () => {
    const overlap = checkSplitForm(table, R0, ['id < 6', 'id >= 5 AND id < 10']);
    expect(overlap.kind !== 'ok' && overlap.fieldIssues[1]?.greptimeError).toBe(
      'Checkpoint `id=5` is overlapped',
    );
    const gap = checkSplitForm(table, R0, ['id < 5', 'id > 5 AND id < 10']);
    expect(gap.kind !== 'ok' && gap.issues).toEqual([
      {
        target: null,
        message: 'no new expression covers id=5, which is in id < 10',
        greptimeError: 'Checkpoint `id=5` is not covered',
      },
    ]);
  });

  it('previews GreptimeDB’s route after a split and asks for the rules as the table shows them', () => {
    const check = checkSplitForm(table, R0, ['id < 5', 'id >= 5 AND id < 10']);
    if (check.kind !== 'ok') throw new Error(JSON.stringify(check));
    expect(
      check.plan.resulting.map((p) => [p.partitionName, p.regionId, p.rule, p.change]),
    ).toEqual([
      ['p0', R0, 'id < 5', 'new rule'],
      ['p1', R1, 'id >= 10 AND id < 20', 'unchanged'],
      ['p2', R2, 'id >= 20', 'unchanged'],
      ['p3', '4398046511107', 'id >= 5 AND id < 10', 'new region'],
    ]);
    expect(check.plan.isNumberingExact).toBe(false);
    expect(changeOf(table, check.plan)).toEqual({
      kind: 'split',
      source: 'id < 10',
      targets: ['id < 5', 'id >= 5 AND id < 10'],
    });
  });
});

describe('the merge form', () => {
  it('merges adjacent partitions into the first, which keeps its region', () => {
    const check = checkMergeForm(table, new Set([R2, R1]));
    if (check.kind !== 'ok') throw new Error(JSON.stringify(check));
    expect(check.plan.targetRules).toEqual(['id >= 10']);
    expect(check.plan.deallocatedRegionIds).toEqual([R2]);
    expect(changeOf(table, check.plan)).toEqual({
      kind: 'merge',
      sources: ['id >= 10 AND id < 20', 'id >= 20'],
    });
  });

  it('refuses partitions that are not adjacent', () => {
    const check = checkMergeForm(table, new Set([R0, R2]));
    expect(check.kind !== 'ok' && check.issues[0]?.message).toBe(
      'the selected partitions are not adjacent (id < 10, id >= 20): their union is not one range',
    );
    expect(checkMergeForm(table, new Set([R0])).kind).toBe('incomplete');
  });
});

describe('the timeout field', () => {
  it('takes humantime, and empty means GreptimeDB’s default', () => {
    expect(checkTimeout('')).toEqual({ ok: true, timeout: undefined });
    expect(checkTimeout(' 5m ')).toEqual({ ok: true, timeout: '5m' });
    expect(checkTimeout('0s')).toEqual({
      ok: false,
      message: 'The timeout must be longer than zero.',
    });
    expect(checkTimeout('five').ok).toBe(false);
  });
});

describe('a failure text names the precondition it breaks', () => {
  it('recognises GreptimeDB’s texts, with or without the meta-client suffix', () => {
    const gc = repartitionErrors.metasrvGcDisabled();
    expect(unmetPrecondition(gc, REPARTITION_PRECONDITIONS)?.id).toBe('metasrv-gc');
    expect(
      unmetPrecondition(gc + META_CLIENT_INVALID_ARGUMENTS_SUFFIX, REPARTITION_PRECONDITIONS)?.id,
    ).toBe('metasrv-gc');
    const storage = repartitionErrors.objectStorageRequired('4398046511107(1024, 3)');
    expect(unmetPrecondition(`Failed to allocate: ${storage}`, REPARTITION_PRECONDITIONS)?.id).toBe(
      'object-storage',
    );
    expect(
      unmetPrecondition('Exceeded deadline, operation: RemapManifest', REPARTITION_PRECONDITIONS),
    ).toBeNull();
  });
});

describe('a record’s headline', () => {
  it('says what runs and how it ended', () => {
    const change = 'split region 4398046511104 of public.repartition_mito_table into 2 partitions';
    expect(headline(trackedRepartition({}))).toBe(`Running: ${change}…`);
    expect(headline(trackedRepartition({ phase: 'finished', outcome: { kind: 'done' } }))).toBe(
      `Done: ${change}.`,
    );
    expect(
      headline(
        trackedRepartition({
          phase: 'finished',
          outcome: { kind: 'timed-out', byProcedure: false, message: 'no end state after 90 s' },
        }),
      ),
    ).toBe(
      `Timed out: the console stopped following before the procedure ended; it may still ${change}.`,
    );
    expect(
      headline(
        trackedRepartition({
          phase: 'finished',
          states: [
            { status: 'Running', atMs: 10 },
            { status: 'RollingBack', atMs: 20 },
            { status: 'Failed', atMs: 30 },
          ],
          outcome: { kind: 'failed', reason: 'x' },
        }),
      ),
    ).toBe(`Failed: the procedure did not ${change} and rolled back.`);
  });
});

describe('the records are polled', () => {
  it('every second while one is unfinished, at the chosen interval otherwise', () => {
    const queryKey = ['repartitions', 'default', 'list'];
    const poll = repartitionPollInterval(30_000);
    expect(
      poll({ queryKey, state: { data: { nowMs: 0, repartitions: [trackedRepartition({})] } } }),
    ).toBe(REPARTITION_POLL_INTERVAL_MS);
    const done = trackedRepartition({ phase: 'finished', outcome: { kind: 'done' } });
    expect(poll({ queryKey, state: { data: { nowMs: 0, repartitions: [done] } } })).toBe(30_000);
    expect(repartitionPollInterval(false)({ queryKey, state: { data: undefined } })).toBe(false);
  });

  it('at the chosen interval while the server pushes their progress', () => {
    setPushLive('default', true);
    try {
      const data = { nowMs: 0, repartitions: [trackedRepartition({})] };
      expect(
        repartitionPollInterval(30_000)({
          queryKey: ['repartitions', 'default', 'list'],
          state: { data },
        }),
      ).toBe(30_000);
    } finally {
      setPushLive('default', false);
    }
  });
});
