/**
 * The repartition tracker's state machine against a scripted frontend in process
 * (test-support/scripted-frontend.ts, the fixtures' answers): what it sends, what it records,
 * and when it says the procedure ended. Time is faked, so the procedure's timeout, the grace
 * after it and the wait between failed reads are stepped through without sleeping.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
  repartitionErrors,
} from '../../contract/repartition/preconditions.ts';
import type {
  RepartitionChange,
  SubmitRepartitionBody,
  TrackedRepartition,
} from '../../contract/repartition/repartition-api.ts';
import { JOURNAL_UNWRITABLE, memoryRecordJournal, recordLine } from '../migrations/journal.ts';
import { faultyFs, fsError } from '../migrations/test-support/faulty-fs.ts';
import { REPARTITION_GIVE_UP_GRACE_MS } from './follow-procedure.ts';
import { REPARTITIONS_FORMAT, openRepartitionJournal } from './repartition-journal.ts';
import type { RepartitionJournal } from './repartition-journal.ts';
import { PLAN_CHECK_REFUSED, RepartitionTracker } from './repartition-tracker.ts';
import type { RepartitionAccess } from './repartition-tracker.ts';
import {
  MITO_TABLE,
  NOWAIT_PROCEDURE_ID,
  accessOf,
  gcDisabledReply,
  procedureStateReply,
  scriptedCluster,
} from './test-support/scripted-frontend.ts';
import type { ScriptedCluster } from './test-support/scripted-frontend.ts';

const SPLIT: SubmitRepartitionBody = {
  table: MITO_TABLE,
  change: { kind: 'split', source: 'id < 10', targets: ['id < 5', 'id >= 5 AND id < 10'] },
  idempotency_key: 'split-0001',
};
const SPLIT_STATEMENT =
  'ALTER TABLE greptime.public.repartition_mito_table SPLIT PARTITION (id < 10) ' +
  'INTO (id < 5, id >= 5 AND id < 10) WITH (WAIT = false)';
const GROUPS_FAILED = repartitionErrors.groupsFailed(1024, 1, 0);
/** §3.3: what procedure_state answers once MetaSrv forgot the procedure (leader change). */
const NOT_FOUND = {
  status: 500,
  body: JSON.stringify({
    code: 1002,
    error: `Failed to execute admin function procedure_state: Execution error: Procedure not found: ${NOWAIT_PROCEDURE_ID}${META_CLIENT_INVALID_ARGUMENTS_SUFFIX}`,
  }),
};

let dataDir: string;
const trackers: RepartitionTracker[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repartitions-'));
});
afterEach(() => {
  for (const tracker of trackers.splice(0)) tracker.close();
  vi.useRealTimers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function track(
  cluster: ScriptedCluster,
  options: { journal?: RepartitionJournal; access?: RepartitionAccess } = {},
): RepartitionTracker {
  const tracker = new RepartitionTracker({
    journal: options.journal ?? memoryRecordJournal<TrackedRepartition>(),
  });
  trackers.push(tracker);
  tracker.attachCluster('default', options.access ?? accessOf(cluster));
  return tracker;
}

async function submit(
  tracker: RepartitionTracker,
  body: SubmitRepartitionBody = SPLIT,
): Promise<TrackedRepartition> {
  const submission = await tracker.submit('default', body, { startedBy: 'ana' });
  if (submission.kind !== 'tracked') throw new Error(JSON.stringify(submission.error));
  return submission.repartition;
}

function sent(cluster: ScriptedCluster, what: 'ALTER TABLE' | 'procedure_state('): string[] {
  return cluster.statements.filter((sql) => sql.includes(what));
}

describe('a split GreptimeDB runs', () => {
  it('sends the checked statement with WAIT = false and follows the procedure to Done', async () => {
    const cluster = scriptedCluster();
    const tracker = track(cluster);
    const record = await submit(tracker);
    expect(record).toMatchObject({
      phase: 'following',
      procedureId: NOWAIT_PROCEDURE_ID,
      statement: SPLIT_STATEMENT,
      table: { ...MITO_TABLE, tableId: 1024 },
      kind: 'split',
      replaced: [{ regionId: '4398046511104', rule: 'id < 10' }],
      allocatedRegionIds: ['4398046511107'],
      deallocatedRegionIds: [],
      timeoutMs: 60_000,
      startedBy: 'ana',
      frontendAddr: '127.0.0.1:4000',
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tracker.get(record.id)).toMatchObject({
      phase: 'finished',
      outcome: { kind: 'done' },
      lastReadError: null,
    });
    expect(tracker.get(record.id)?.states.map((s) => s.status)).toEqual(['Running', 'Done']);
    expect(sent(cluster, 'ALTER TABLE')).toEqual([SPLIT_STATEMENT]);
  });

  it('records a failed procedure with GreptimeDB’s reason, each status once', async () => {
    const cluster = scriptedCluster();
    cluster.procedureStates = [
      procedureStateReply({ status: 'Running' }),
      procedureStateReply({ status: 'Running' }),
      procedureStateReply({ status: 'RollingBack' }),
      procedureStateReply({ status: 'Failed', error: GROUPS_FAILED }),
    ];
    const tracker = track(cluster);
    const record = await submit(tracker);
    await vi.advanceTimersByTimeAsync(3_000);
    const after = tracker.get(record.id);
    expect(after?.outcome).toEqual({ kind: 'failed', reason: GROUPS_FAILED });
    expect(after?.states.map((s) => s.status)).toEqual(['Running', 'RollingBack', 'Failed']);
  });

  it('calls a failure by Exceeded deadline a time-out of the procedure itself', async () => {
    const cluster = scriptedCluster();
    const deadline = repartitionErrors.deadlineExceeded('EnterStagingRegion');
    cluster.procedureStates = [procedureStateReply({ status: 'Failed', error: deadline })];
    const tracker = track(cluster);
    const record = await submit(tracker, { ...SPLIT, timeout: '30s' });
    expect(record.statement).toBe(
      SPLIT_STATEMENT.replace('WITH (WAIT = false)', "WITH (TIMEOUT = '30s', WAIT = false)"),
    );
    expect(record.timeoutMs).toBe(30_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(tracker.get(record.id)?.outcome).toEqual({
      kind: 'timed-out',
      byProcedure: true,
      message: deadline,
    });
  });

  it('stops following a procedure still running well past its timeout, saying it may still end', async () => {
    const cluster = scriptedCluster();
    cluster.procedureStates = [procedureStateReply({ status: 'Running' })];
    const tracker = track(cluster);
    const record = await submit(tracker);
    await vi.advanceTimersByTimeAsync(60_000 + REPARTITION_GIVE_UP_GRACE_MS - 1_000);
    expect(tracker.get(record.id)?.phase).toBe('following');
    await vi.advanceTimersByTimeAsync(1_000);
    const outcome = tracker.get(record.id)?.outcome;
    expect(outcome).toMatchObject({ kind: 'timed-out', byProcedure: false });
    expect(outcome?.kind === 'timed-out' ? outcome.message : '').toBe(
      'No end state 1m after the 1m timeout: procedure_state last said Running. The console ' +
        `stopped following it; it may still end (ADMIN procedure_state('${NOWAIT_PROCEDURE_ID}') tells).`,
    );
  });

  it('waits longer between reads while procedure_state fails, and says why', async () => {
    const cluster = scriptedCluster();
    cluster.procedureStates = [
      NOT_FOUND,
      NOT_FOUND,
      NOT_FOUND,
      procedureStateReply({ status: 'Done' }),
    ];
    const tracker = track(cluster);
    const record = await submit(tracker);
    await vi.advanceTimersByTimeAsync(0);
    expect(tracker.get(record.id)?.lastReadError).toContain('Procedure not found');
    const reads = () => sent(cluster, 'procedure_state(').length;
    expect(reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(reads()).toBe(2);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(reads()).toBe(3);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(tracker.get(record.id)).toMatchObject({
      outcome: { kind: 'done' },
      lastReadError: null,
    });
  });
});

describe('what never becomes a procedure', () => {
  it('records GreptimeDB’s refusal (GC disabled on v1.2) exactly as given, and reads nothing after', async () => {
    const cluster = scriptedCluster();
    cluster.alter = gcDisabledReply();
    const tracker = track(cluster);
    const record = await submit(tracker);
    expect(record).toMatchObject({ phase: 'finished', procedureId: null });
    expect(record.outcome).toEqual({
      kind: 'refused',
      httpStatus: 400,
      code: 1004,
      message: repartitionErrors.metasrvGcDisabled() + META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent(cluster, 'procedure_state(')).toEqual([]);
  });

  it.each<[string, RepartitionChange, string]>([
    [
      'a split that leaves a gap',
      { kind: 'split', source: 'id < 10', targets: ['id < 4', 'id >= 5 AND id < 10'] },
      'no new expression covers',
    ],
    [
      'a merge of partitions that are not adjacent',
      { kind: 'merge', sources: ['id < 10', 'id >= 20'] },
      'are not adjacent',
    ],
    [
      'a partition whose rule changed since the browser read it',
      { kind: 'split', source: 'id < 7', targets: ['id < 3', 'id >= 3 AND id < 7'] },
      'has no partition with the rule id < 7',
    ],
  ])('sends nothing for %s: the record says what the check found', async (_, change, issue) => {
    const cluster = scriptedCluster();
    const tracker = track(cluster);
    const record = await submit(tracker, { ...SPLIT, change });
    expect(record).toMatchObject({
      phase: 'finished',
      outcome: { kind: 'not-submitted', code: PLAN_CHECK_REFUSED },
    });
    const outcome = record.outcome?.kind === 'not-submitted' ? record.outcome : null;
    expect(outcome?.issues?.[0]?.message).toContain(issue);
    expect(outcome?.message).toContain(issue);
    expect(sent(cluster, 'ALTER TABLE')).toEqual([]);
  });

  it('sends nothing whose intent DATA_DIR refuses to journal', async () => {
    const cluster = scriptedCluster();
    const files = faultyFs();
    const tracker = track(cluster, { journal: openRepartitionJournal(dataDir, { files }) });
    files.fail('EROFS');
    const record = await submit(tracker);
    expect(record.outcome).toEqual({
      kind: 'not-submitted',
      code: JOURNAL_UNWRITABLE,
      message: `DATA_DIR is not writable: ${fsError('EROFS', 'open').message}`,
    });
    expect(sent(cluster, 'ALTER TABLE')).toEqual([]);
  });
});

describe('one intent, at most one procedure', () => {
  it('answers a repeated idempotency key with the first record and sends nothing again', async () => {
    const cluster = scriptedCluster();
    const tracker = track(cluster);
    const [first, concurrent] = await Promise.all([
      tracker.submit('default', SPLIT, { startedBy: 'ana' }),
      tracker.submit('default', SPLIT, { startedBy: 'ana' }),
    ]);
    expect(first).toMatchObject({ kind: 'tracked', isRepeat: false });
    expect(concurrent).toMatchObject({ kind: 'tracked', isRepeat: true });
    const id = first.kind === 'tracked' ? first.repartition.id : '';
    expect(concurrent.kind === 'tracked' ? concurrent.repartition.id : '').toBe(id);
    const statementsBefore = cluster.statements.length;
    const later = await tracker.submit('default', SPLIT, { startedBy: 'bo' });
    expect(later).toMatchObject({ kind: 'tracked', isRepeat: true, repartition: { id } });
    expect(cluster.statements.length).toBe(statementsBefore);
    expect(sent(cluster, 'ALTER TABLE')).toHaveLength(1);
    expect(tracker.list('default')).toHaveLength(1);
  });

  it('never re-sends a statement whose answer was lost, and stops following it past the timeout', async () => {
    const cluster = scriptedCluster();
    const scripted = accessOf(cluster);
    let alters = 0;
    const access: RepartitionAccess = {
      ...scripted,
      runStatement: (sql, options) => {
        if (!sql.startsWith('ALTER TABLE')) return scripted.runStatement(sql, options);
        alters += 1;
        return Promise.resolve({
          kind: 'proxy-error',
          error: {
            code: 'submission-outcome-unknown',
            message:
              'The statement reached the frontend 127.0.0.1:4000, but the connection was reset.',
          },
        });
      },
    };
    const tracker = track(cluster, { access });
    const record = await submit(tracker);
    expect(record).toMatchObject({ phase: 'following', procedureId: null });
    expect(record.lastReadError).toContain('Without the procedure id');
    await vi.advanceTimersByTimeAsync(60_000 + REPARTITION_GIVE_UP_GRACE_MS);
    expect(tracker.get(record.id)?.outcome).toMatchObject({
      kind: 'timed-out',
      byProcedure: false,
    });
    expect(alters).toBe(1);
  });
});

describe('after a restart', () => {
  it('follows an unfinished procedure again from the journal, without sending anything new', async () => {
    const cluster = scriptedCluster();
    cluster.procedureStates = [procedureStateReply({ status: 'Running' })];
    const first = track(cluster, { journal: openRepartitionJournal(dataDir) });
    const record = await submit(first);
    await vi.advanceTimersByTimeAsync(0);
    first.close();

    cluster.procedureStates = [procedureStateReply({ status: 'Done' })];
    const second = track(cluster, { journal: openRepartitionJournal(dataDir) });
    expect(second.get(record.id)?.states.map((s) => s.status)).toEqual(['Running']);
    await vi.advanceTimersByTimeAsync(0);
    expect(second.get(record.id)).toMatchObject({ phase: 'finished', outcome: { kind: 'done' } });
    expect(sent(cluster, 'ALTER TABLE')).toHaveLength(1);
    // The repeat of the same intent after the restart is still the same record.
    const repeat = await second.submit('default', SPLIT, { startedBy: 'ana' });
    expect(repeat).toMatchObject({ isRepeat: true, repartition: { id: record.id } });
  });

  it('never re-sends a statement the restart cut off before its answer', async () => {
    const cluster = scriptedCluster();
    const first = track(cluster);
    const done = await submit(first);
    const cutOff: TrackedRepartition = {
      ...done,
      phase: 'submitting',
      procedureId: null,
      states: [],
      outcome: null,
      finishedAtMs: null,
      submittedAtMs: Date.now(),
    };
    fs.writeFileSync(
      path.join(dataDir, REPARTITIONS_FORMAT.file),
      recordLine(cutOff, REPARTITIONS_FORMAT),
    );
    const alters = sent(cluster, 'ALTER TABLE').length;

    const second = track(cluster, { journal: openRepartitionJournal(dataDir) });
    expect(second.get(done.id)).toMatchObject({ phase: 'following', procedureId: null });
    expect(second.get(done.id)?.lastReadError).toContain('It was not sent again');
    await vi.advanceTimersByTimeAsync(60_000 + REPARTITION_GIVE_UP_GRACE_MS);
    expect(second.get(done.id)?.outcome).toMatchObject({ kind: 'timed-out', byProcedure: false });
    expect(sent(cluster, 'ALTER TABLE')).toHaveLength(alters);
  });
});
