/**
 * PlanExecutor against a scripted tracker and route reader: a region that already moved is
 * skipped with the reason and never submitted; cancel lets the move in flight finish and
 * cancels the rest; a failed move stops the run unless it continues on failure.
 */
import { describe, expect, test } from 'vitest';
import type { StartPlanRunRequest } from '../../contract/plan-run-contract.ts';
import type { MigrationOutcome, TrackedMigration } from '../../contract/tracked-migration.ts';
import type { LeaderReadResult } from '../migrations/migration-tracker.ts';
import { sqlFacts } from '../../contract/greptime-version.ts';
import type { SqlMigrationAccess } from '../migrations/sql-migration.ts';
import { PlanExecutor, type TrackerPort } from './plan-executor.ts';
import { memoryPlanRunStore } from './plan-store.ts';

const REGIONS = ['4398046511104', '4398046511105', '4398046511106'];

function routeBody(regionId: string, leader: number, isDowngraded = false): string {
  const route = {
    type: 'physical',
    region_routes: [
      {
        region: { id: Number(regionId), name: '', partition: null, attrs: {} },
        leader_peer: { id: leader, addr: `dn-${String(leader)}:4001` },
        follower_peers: [],
        ...(isDowngraded ? { leader_status: 'Downgraded' } : {}),
      },
    ],
    version: 1,
  };
  return JSON.stringify(JSON.stringify(route));
}

/** A tracker whose migrations finish only when the test says so. */
class ScriptedTracker implements TrackerPort {
  readonly records = new Map<string, TrackedMigration>();
  readonly submitted: string[] = [];
  private readonly finishers = new Map<string, (outcome: MigrationOutcome) => void>();
  private readonly outcomes = new Map<string, Promise<TrackedMigration>>();

  submit: TrackerPort['submit'] = (clusterId, request, meta) => {
    const id = `m-${String(this.records.size + 1)}`;
    const record: TrackedMigration = {
      id,
      clusterId,
      idempotencyKey: null,
      request,
      tableId: 1024,
      replayTimeoutMs: 1_000,
      boundMs: 60_000,
      startedBy: meta.startedBy,
      planRunId: meta.planRunId ?? null,
      submittedAtMs: 0,
      phase: 'following',
      procedureId: `p-${id}`,
      metasrvAddr: null,
      submissionNote: null,
      states: [],
      outcome: null,
      finishedAtMs: null,
      lastReadError: null,
    };
    this.records.set(id, record);
    this.submitted.push(request.region_id);
    this.outcomes.set(
      id,
      new Promise((resolve) => {
        this.finishers.set(id, (outcome) => {
          const finished = { ...record, phase: 'finished' as const, outcome, finishedAtMs: 1 };
          this.records.set(id, finished);
          resolve(finished);
        });
      }),
    );
    return Promise.resolve(record);
  };
  waitForOutcome: TrackerPort['waitForOutcome'] = (id) => {
    const record = this.records.get(id);
    if (record?.phase === 'finished') return Promise.resolve(record);
    const outcome = this.outcomes.get(id);
    if (outcome === undefined) throw new Error(`unknown migration ${id}`);
    return outcome;
  };
  get: TrackerPort['get'] = (id) => this.records.get(id);
  list: TrackerPort['list'] = () => [...this.records.values()];

  /** Finishes the migration of regionId (submitted, not yet finished). */
  finish(regionId: string, outcome: MigrationOutcome): void {
    const record = [...this.records.values()].find(
      (r) => r.request.region_id === regionId && r.phase !== 'finished',
    );
    if (record === undefined) throw new Error(`no open migration of ${regionId}`);
    this.finishers.get(record.id)?.(outcome);
  }
}

/** A migration a user started from the dialog (no plan run), to datanode 2. */
async function submitManual(tracker: ScriptedTracker, regionId: string): Promise<void> {
  const request = { region_id: regionId, from_peer_id: '0', to_peer_id: '2', replay_timeout: '1s' };
  await tracker.submit('default', request, { startedBy: 'ana' });
}

function setup(
  leaders: Record<string, number>,
  store = memoryPlanRunStore(),
  tracker = new ScriptedTracker(),
  downgraded = new Set<string>(),
) {
  const readFromLeader = (pathAndQuery: string): Promise<LeaderReadResult> => {
    const regionId = new URLSearchParams(pathAndQuery.split('?')[1]).get('region_id') ?? '';
    return Promise.resolve({
      kind: 'response',
      addr: '127.0.0.1:3002',
      status: 200,
      body: routeBody(regionId, leaders[regionId] ?? 0, downgraded.has(regionId)),
    });
  };
  let ids = 0;
  const executor = new PlanExecutor({
    clusterId: 'default',
    tracker,
    readFromLeader,
    store,
    newId: () => `run-${String((ids += 1))}`,
  });
  return { tracker, executor, store };
}

/** A SQL-path cluster (v1.1.4): region_peers answers; MetaSrv's route must not be read. */
function setupSql(leaders: Record<string, number>, runningProcedures: string[] = []) {
  const tracker = new ScriptedTracker();
  const statements: string[] = [];
  const sql: SqlMigrationAccess = {
    usesSqlGeneration: () => Promise.resolve(true),
    facts: () =>
      Promise.resolve({
        ok: true,
        facts: sqlFacts({ major: 1, minor: 1, patch: 4, text: '1.1.4' }),
      }),
    runStatement: (statement) => {
      statements.push(statement);
      const body = statement.includes('procedure_info')
        ? JSON.stringify({
            output: [
              {
                records: {
                  schema: {
                    column_schemas: ['procedure_id', 'status', 'lock_keys'].map((name) => ({
                      name,
                      data_type: 'String',
                    })),
                  },
                  rows: runningProcedures.map((regionId) => [
                    `p-${regionId}`,
                    'Running',
                    `__catalog_lock/greptime,__table_lock/1024,__region_lock/${regionId}`,
                  ]),
                },
              },
            ],
          })
        : JSON.stringify({
            output: [
              {
                records: {
                  schema: {
                    column_schemas: ['region_id', 'peer_id', 'is_leader', 'status'].map((name) => ({
                      name,
                      data_type: 'String',
                    })),
                  },
                  rows: REGIONS.map((r) => [Number(r), leaders[r] ?? 0, 'Yes', 'ALIVE']),
                },
              },
            ],
          });
      return Promise.resolve({
        kind: 'frontend',
        answer: {
          kind: 'response',
          addr: '127.0.0.1:4000',
          status: 200,
          headers: {},
          body: Buffer.from(body),
        },
      });
    },
  };
  const executor = new PlanExecutor({
    clusterId: 'default',
    tracker,
    readFromLeader: () => Promise.reject(new Error('a SQL-path cluster has no /admin/route')),
    sql,
    store: memoryPlanRunStore(),
    newId: () => 'run-sql',
  });
  return { tracker, executor, statements };
}

function plan(overrides: Partial<StartPlanRunRequest> = {}): StartPlanRunRequest {
  return {
    kind: 'rebalance-count',
    title: 'test plan',
    moves: REGIONS.map((regionId) => ({
      regionId,
      tableId: 1024,
      fromPeerId: '0',
      toPeerId: '1',
      bytes: 0,
    })),
    concurrency: 1,
    continueOnFailure: false,
    replayTimeout: '1s',
    ...overrides,
  };
}

/** Lets the executor's promise chains run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await settle();
  }
  throw new Error('condition not reached');
}

function runOf(executor: PlanExecutor) {
  const run = executor.list()[0];
  if (run === undefined) throw new Error('no run');
  return run;
}
const statuses = (executor: PlanExecutor) => runOf(executor).moves.map((m) => m.status);

/** Runs the plan to completion when its second move is skipped: the others end done. */
async function runWithSecondSkipped(tracker: ScriptedTracker, executor: PlanExecutor) {
  executor.start(plan(), null);
  await until(() => tracker.submitted.length === 1);
  tracker.finish(REGIONS[0] ?? '', { kind: 'done' });
  await until(() => tracker.submitted.length === 2);
  tracker.finish(REGIONS[2] ?? '', { kind: 'done' });
  await until(() => runOf(executor).state === 'completed');
}

describe('PlanExecutor', () => {
  test('a region that already moved is skipped with the reason, never submitted', async () => {
    // The second region's leader is already on the target datanode 1.
    const { tracker, executor } = setup({ [REGIONS[1] ?? '']: 1 });
    expect(executor.start(plan(), 'ana').ok).toBe(true);
    await until(() => tracker.submitted.length === 1);
    tracker.finish(REGIONS[0] ?? '', { kind: 'done' });
    await until(() => tracker.submitted.length === 2);
    tracker.finish(REGIONS[2] ?? '', { kind: 'done' });
    await until(() => runOf(executor).state === 'completed');
    expect(statuses(executor)).toEqual(['done', 'skipped', 'done']);
    expect(runOf(executor).moves[1]?.reason).toMatch(/already moved: datanode 1 leads it/);
    expect(tracker.submitted).toEqual([REGIONS[0], REGIONS[2]]);
  });

  test('cancel: the move in flight finishes, the rest are cancelled', async () => {
    const { tracker, executor, store } = setup({});
    executor.start(plan(), null);
    await until(() => tracker.submitted.length === 1);
    const control = executor.control({ runId: runOf(executor).id, action: 'cancel' });
    expect(control.ok && control.run.state).toBe('cancelling');
    await settle();
    expect(runOf(executor).state).toBe('cancelling');
    tracker.finish(REGIONS[0] ?? '', { kind: 'done' });
    await until(() => runOf(executor).state === 'cancelled');
    expect(statuses(executor)).toEqual(['done', 'cancelled', 'cancelled']);
    expect(tracker.submitted).toEqual([REGIONS[0]]);
    // Persisted as it ended; a finished run accepts no more control.
    expect(store.saved[0]?.state).toBe('cancelled');
    expect(executor.control({ runId: runOf(executor).id, action: 'resume' }).ok).toBe(false);
  });

  test('a failed move stops the run; the rest are skipped with the reason', async () => {
    const { tracker, executor } = setup({});
    executor.start(plan(), null);
    await until(() => tracker.submitted.length === 1);
    tracker.finish(REGIONS[0] ?? '', { kind: 'rolled-back' });
    await until(() => runOf(executor).state === 'failed');
    expect(statuses(executor)).toEqual(['failed', 'skipped', 'skipped']);
    expect(runOf(executor).moves[1]?.reason).toMatch(/stopped after a failure/);
    expect(tracker.submitted).toEqual([REGIONS[0]]);
  });

  test('a rolled-back move keeps the tracker’s evidence as its reason, and the run says it stopped', async () => {
    const { tracker, executor } = setup({});
    executor.start(plan(), null);
    await until(() => tracker.submitted.length === 1);
    const evidence =
      'procedure_state says Failed: Pusher not found: Datanode-2; region_peers shows the leader on datanode 1.';
    tracker.finish(REGIONS[0] ?? '', { kind: 'rolled-back', evidence });
    await until(() => runOf(executor).state === 'failed');
    const reason = `rolled back: the region stayed on its source. Evidence: ${evidence}`;
    expect(runOf(executor).moves[0]?.reason).toBe(reason);
    expect(runOf(executor).note).toBe(
      `Stopped after a failed move: region ${REGIONS[0] ?? ''}: ${reason}`,
    );
  });

  test('with continue on failure, the run goes past a failed move', async () => {
    const { tracker, executor } = setup({});
    executor.start(plan({ continueOnFailure: true }), null);
    await until(() => tracker.submitted.length === 1);
    tracker.finish(REGIONS[0] ?? '', {
      kind: 'refused',
      status: 500,
      text: 'no',
      metasrvAddr: null,
    });
    await until(() => tracker.submitted.length === 2);
    tracker.finish(REGIONS[1] ?? '', { kind: 'done' });
    await until(() => tracker.submitted.length === 3);
    tracker.finish(REGIONS[2] ?? '', { kind: 'done' });
    await until(() => runOf(executor).state === 'completed');
    expect(statuses(executor)).toEqual(['failed', 'done', 'done']);
    expect(runOf(executor).note).toMatch(/1 move\(s\) failed/);
  });

  test('on a SQL-path cluster each region is re-read from region_peers before its move', async () => {
    // The second region's leader moved to datanode 3 meanwhile (neither source nor target).
    const { tracker, executor, statements } = setupSql({ [REGIONS[1] ?? '']: 3 });
    await runWithSecondSkipped(tracker, executor);
    expect(statuses(executor)).toEqual(['done', 'skipped', 'done']);
    expect(runOf(executor).moves[1]?.reason).toMatch(/moved meanwhile: datanode 3 leads it/);
    expect(statements.filter((s) => s.includes('region_peers'))).toHaveLength(3);
    expect(statements.filter((s) => s.includes('procedure_info'))).toHaveLength(3);
  });

  test('a region this console is migrating is never part of a run, and is re-checked before each move', async () => {
    const tracker = new ScriptedTracker();
    // A manual migration of the second region is in flight when the run starts.
    await submitManual(tracker, REGIONS[1] ?? '');
    tracker.submitted.length = 0;
    const { executor } = setup({}, memoryPlanRunStore(), tracker);
    executor.start(plan(), 'bo');
    expect(runOf(executor).moves[1]).toMatchObject({ status: 'skipped' });
    expect(runOf(executor).moves[1]?.reason).toMatch(
      /^in flight: this console follows its migration to datanode 2 \(manual, record m-1\)$/,
    );
    await until(() => tracker.submitted.length === 1);
    // While the first move runs, someone starts a manual migration of the third region.
    await submitManual(tracker, REGIONS[2] ?? '');
    tracker.finish(REGIONS[0] ?? '', { kind: 'done' });
    await until(() => runOf(executor).state === 'completed');
    expect(statuses(executor)).toEqual(['done', 'skipped', 'skipped']);
    expect(runOf(executor).moves[2]?.reason).toMatch(/^in flight: this console follows/);
    expect(tracker.submitted).toEqual([REGIONS[0], REGIONS[2]]);
  });

  test('a region whose route shows a Downgraded mark is skipped as in flight', async () => {
    const { tracker, executor } = setup(
      {},
      memoryPlanRunStore(),
      new ScriptedTracker(),
      new Set([REGIONS[0] ?? '']),
    );
    executor.start(plan({ moves: plan().moves.slice(0, 1) }), null);
    await until(() => runOf(executor).state === 'completed');
    expect(runOf(executor).moves[0]).toMatchObject({
      status: 'skipped',
      reason: 'in flight: the route marks its leader Downgraded',
    });
    expect(tracker.submitted).toEqual([]);
  });

  test('on a SQL-path cluster a region with a running procedure in procedure_info is skipped', async () => {
    const { tracker, executor } = setupSql({}, [REGIONS[1] ?? '']);
    await runWithSecondSkipped(tracker, executor);
    expect(runOf(executor).moves[1]).toMatchObject({
      status: 'skipped',
      reason: `in flight: procedure p-${REGIONS[1] ?? ''} is migrating it`,
    });
  });

  test('pause: nothing new starts until resume; the move in flight finishes', async () => {
    const { tracker, executor } = setup({});
    executor.start(plan(), null);
    await until(() => tracker.submitted.length === 1);
    const runId = runOf(executor).id;
    expect(executor.control({ runId, action: 'pause' })).toMatchObject({
      ok: true,
      run: { state: 'paused' },
    });
    tracker.finish(REGIONS[0] ?? '', { kind: 'done' });
    await until(() => runOf(executor).moves[0]?.status === 'done');
    for (let i = 0; i < 20; i += 1) await settle();
    expect(statuses(executor)).toEqual(['done', 'pending', 'pending']);
    expect(tracker.submitted).toEqual([REGIONS[0]]);
    executor.control({ runId, action: 'resume' });
    await until(() => tracker.submitted.length === 2);
    tracker.finish(REGIONS[1] ?? '', { kind: 'done' });
    await until(() => tracker.submitted.length === 3);
    tracker.finish(REGIONS[2] ?? '', { kind: 'done' });
    await until(() => runOf(executor).state === 'completed');
  });

  test('after a restart the run resumes: the move in flight is awaited, never sent again', async () => {
    const first = setup({});
    first.executor.start(plan(), null);
    await until(() => first.tracker.submitted.length === 1);
    await until(() => runOf(first.executor).moves[0]?.migrationId !== null);
    // The process stops here; meanwhile MetaSrv finished the move. A new executor on the same
    // store, and a tracker that replayed the same journal:
    const journal = new ScriptedTracker();
    journal.records.set('m-1', {
      ...(first.tracker.records.get('m-1') ?? expect.fail('no record')),
      phase: 'finished',
      outcome: { kind: 'done' },
    });
    const second = setup({}, first.store, journal);
    await until(() => second.tracker.submitted.length === 1);
    expect(second.tracker.submitted).toEqual([REGIONS[1]]);
    second.tracker.finish(REGIONS[1] ?? '', { kind: 'done' });
    await until(() => second.tracker.submitted.length === 2);
    second.tracker.finish(REGIONS[2] ?? '', { kind: 'done' });
    await until(() => runOf(second.executor).state === 'completed');
    expect(statuses(second.executor)).toEqual(['done', 'done', 'done']);
  });

  test('one run per cluster at a time', async () => {
    const { tracker, executor } = setup({});
    expect(executor.start(plan(), null).ok).toBe(true);
    const second = executor.start(plan(), null);
    expect(second.ok).toBe(false);
    await until(() => tracker.submitted.length === 1);
    executor.control({ runId: runOf(executor).id, action: 'cancel' });
    tracker.finish(REGIONS[0] ?? '', { kind: 'done' });
    await until(() => runOf(executor).state === 'cancelled');
  });
});
