/**
 * The repartition procedure on a ManualClock: tests step the clock timer by timer, so every
 * state of the route (before, during, after) is observed without sleeping. The table is
 * GreptimeDB's own ground truth, `repartition_mito_table` (id 1024, rules `id < 10`,
 * `id >= 10 AND id < 20`, `id >= 20`), and the expected routes and events are the fixtures'
 * (API.md §7.4, §7.6).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { SqlError } from '../sql/errors.ts';
import { partitionDescription } from '../sql/information-schema/partitions.ts';
import { EmulatedCluster } from './cluster.ts';
import type { RepartitionSettings, RepartitionStatement } from './repartition.ts';
import type { PhysicalTable } from './types.ts';

const NAMING = { catalog: 'greptime', schema: 'public', name: 'repartition_mito_table' };
const SUBMITTER = { actor: 'greptime', protocol: 'httpsql', version: 'v1.2' } as const;

function setup(settings: Partial<RepartitionSettings> = {}) {
  const clock = new ManualClock();
  const cluster = new EmulatedCluster(clock, { seed: 3, datanodes: 3, empty: true });
  const table = cluster.createPhysicalTable({
    tableId: 1024,
    name: NAMING.name,
    leaderPeerIds: [0, 1, 2],
    partitions: [
      { kind: 'range', column: 'id', lower: null, upper: { type: 'Int32', value: 10 } },
      {
        kind: 'range',
        column: 'id',
        lower: { type: 'Int32', value: 10 },
        upper: { type: 'Int32', value: 20 },
      },
      { kind: 'range', column: 'id', lower: { type: 'Int32', value: 20 }, upper: null },
    ],
    partitionColumn: 'id',
    createdOnMs: clock.now(),
  });
  const model = cluster.repartition;
  Object.assign(model.settings, settings);
  /** Fires timers one by one until `done` holds (a stuck model fails the test, not hangs it). */
  const runUntil = (done: () => boolean) => {
    for (let i = 0; i < 10_000 && !done(); i += 1) {
      if (!clock.step()) break;
    }
    expect(done()).toBe(true);
  };
  return { clock, cluster, table, model, runUntil };
}

/** `[partition_description, greptime_partition_id]` in route order, as partitions shows them. */
function route(table: PhysicalTable): [string | null, string][] {
  return table.regions.map((r) => [partitionDescription(r.partition), r.regionId.toString()]);
}

const SPLIT: RepartitionStatement = {
  kind: 'split',
  table: NAMING,
  sources: ['id < 10'],
  targets: ['id < 5', 'id >= 5 AND id < 10'],
  options: [['WAIT', 'false']],
};

const MERGE: RepartitionStatement = {
  kind: 'merge',
  table: NAMING,
  sources: ['id >= 10 AND id < 20', 'id >= 20'],
  targets: [],
  options: [],
};

describe('split followed to done', () => {
  it('allocates, stages and ends with the route of sql-partitions-after-split.json', () => {
    const { clock, table, model, runUntil } = setup();
    const { procedureId, wait } = model.submit(SPLIT, SUBMITTER);
    expect(wait).toBe(false);
    const p = () => {
      const snapshot = model.procedure(procedureId);
      if (snapshot === undefined) throw new Error('procedure missing');
      return snapshot;
    };
    expect(p().status).toBe('Running');

    // After AllocateRegion: the new region carries its target rule, the source still its old
    // one (the rules briefly overlap, §7.4).
    runUntil(() => table.regions.length === 4);
    expect(p().step).toBe('AllocateRegion');
    expect(route(table)).toEqual([
      ['id < 10', '4398046511104'],
      ['id >= 10 AND id < 20', '4398046511105'],
      ['id >= 20', '4398046511106'],
      ['id >= 5 AND id < 10', '4398046511107'],
    ]);
    expect(model.leaderStateOf(4398046511104n)).toBeNull();

    // From ApplyStaging to ExitStaging: source and target STAGING, the source's new rule.
    runUntil(() => p().groups[0]?.step === 'EnterStagingRegion');
    expect(model.leaderStateOf(4398046511104n)).toBe('Staging');
    expect(model.leaderStateOf(4398046511107n)).toBe('Staging');
    expect(model.leaderStateOf(4398046511105n)).toBeNull();
    expect(model.regionInfoStateOf(4398046511107n)).toBe('Leader(EnteringStaging)');
    expect(route(table)[0]).toEqual(['id < 5', '4398046511104']);
    expect(model.isRegionLocked(4398046511104n)).toBe(true);
    runUntil(() => p().groups[0]?.step === 'RemapManifest');
    expect(model.regionInfoStateOf(4398046511104n)).toBe('Leader(Staging)');

    runUntil(() => p().status === 'Done');
    expect(route(table)).toEqual([
      ['id < 5', '4398046511104'],
      ['id >= 10 AND id < 20', '4398046511105'],
      ['id >= 20', '4398046511106'],
      ['id >= 5 AND id < 10', '4398046511107'],
    ]);
    expect(model.leaderStateOf(4398046511104n)).toBeNull();
    expect(model.regionInfoStateOf(4398046511104n)).toBeNull();
    expect(model.isRegionLocked(4398046511104n)).toBe(false);
    expect(p().error).toBeNull();

    // The six rows of sql-events-repartition-v1.2.json, flushed in the recorder's 5 s batches.
    expect(model.visibleEvents(p().submittedAtMs)).toEqual([]);
    clock.advance(5_000);
    const rows = model.visibleEvents(clock.now());
    expect(rows.map((r) => [r.type, r.state, r.trigger])).toEqual([
      ['repartition', 'Running', '{"type":"Submitted"}'],
      ['repartition_group', 'Running', '{"type":"Submitted"}'],
      ['repartition_group', 'Running', '{"type":"Submitted"}'],
      [
        'repartition',
        'Running',
        `{"outcome":"Accepted","procedure_id":"${p().groups[0]?.procedureId ?? ''}","type":"ChildSubmitted"}`,
      ],
      ['repartition_group', 'Done', '{"type":"Succeeded"}'],
      ['repartition', 'Done', '{"type":"Succeeded"}'],
    ]);
    expect(rows[0]?.payload).toBe(
      '{"source_partition_exprs":["id < 10"],"source_type":"partitioned","target_partition_exprs":["id < 5","id >= 5 AND id < 10"],"timeout":"1m","version":2}',
    );
    expect(rows[0]?.eventContext).toBe('{"protocol":"httpsql","reason":"manual"}');
    expect(rows[1]?.payload).toBe(
      '{"allocated_region_ids":[4398046511107],"pending_deallocate_region_ids":[],"sync_region":false,"timeout":"1m","version":2}',
    );
    expect(
      rows
        .slice(1, 3)
        .map((r) => [
          r.sourceRegionId,
          r.sourcePartitionExpr,
          r.targetRegionId,
          r.targetPartitionExpr,
        ]),
    ).toEqual([
      [4398046511104n, 'id < 10', 4398046511104n, 'id < 5'],
      [4398046511104n, 'id < 10', 4398046511107n, 'id >= 5 AND id < 10'],
    ]);
    expect(rows[4]).toMatchObject({
      parentProcedureId: procedureId,
      sourceRegionId: null,
      eventContext: null,
      actor: 'greptime',
    });
    // The two pair rows are one event and share its timestamp (the fixture's rows 2 and 3).
    expect(rows[1]?.timestampNs).toBe(rows[2]?.timestampNs);
    expect(rows.every((r, i) => i === 0 || r.timestampNs >= (rows[i - 1]?.timestampNs ?? 0n))).toBe(
      true,
    );
  });
});

describe('merge followed to done', () => {
  it('keeps the merged-away region until DeallocateRegion, then matches sql-partitions-after-merge.json', async () => {
    const { table, model, runUntil } = setup();
    const split = model.submit(SPLIT, SUBMITTER);
    runUntil(() => model.procedure(split.procedureId)?.status === 'Done');

    const { procedureId, wait } = model.submit(MERGE, SUBMITTER);
    expect(wait).toBe(true);
    const finished = model.finished(procedureId);
    const p = () => model.procedure(procedureId);
    runUntil(() => p()?.groups[0]?.step === 'EnterStagingRegion');
    expect(route(table)).toEqual([
      ['id < 5', '4398046511104'],
      ['id >= 10', '4398046511105'],
      ['id >= 20', '4398046511106'],
      ['id >= 5 AND id < 10', '4398046511107'],
    ]);
    expect(model.leaderStateOf(4398046511106n)).toBe('Staging');

    runUntil(() => p()?.status === 'Done');
    expect((await finished).status).toBe('Done');
    expect(route(table)).toEqual([
      ['id < 5', '4398046511104'],
      ['id >= 10', '4398046511105'],
      ['id >= 5 AND id < 10', '4398046511107'],
    ]);
    const groupRows = model
      .events()
      .filter((r) => r.procedureId === p()?.groups[0]?.procedureId && r.sourceRegionId !== null);
    expect(groupRows.map((r) => [r.sourceRegionId, r.targetRegionId])).toEqual([
      [4398046511105n, 4398046511105n],
      [4398046511106n, 4398046511105n],
    ]);
    expect(groupRows[0]?.payload).toContain('"pending_deallocate_region_ids":[4398046511106]');

    // Numbers are never reused: region 2 is gone, yet the next split allocates region 4 (§7.4).
    const next = model.submit(
      { ...SPLIT, sources: ['id >= 10'], targets: ['id >= 10 AND id < 15', 'id >= 15'] },
      SUBMITTER,
    );
    expect(model.procedure(next.procedureId)?.plan.allocatedRegionIds).toEqual(['4398046511108']);
  });

  it('runs a second repartition of the table only after the first has released its lock', () => {
    const { model, runUntil } = setup();
    const first = model.submit(SPLIT, SUBMITTER);
    const second = model.submit(MERGE, SUBMITTER);
    runUntil(() => model.procedure(first.procedureId)?.status === 'Done');
    expect(model.procedure(second.procedureId)?.history.map((h) => h.step)).toEqual(['Queued']);
    runUntil(() => model.procedure(second.procedureId)?.status === 'Done');
  });
});

function errorOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof SqlError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('no error');
}

describe('preconditions, in the order of API.md §7.2', () => {
  it("answers each frontend check with GreptimeDB's text", () => {
    const { cluster, model } = setup();
    cluster.createLogicalTable({ tableId: 1025, name: 'cpu', physicalTableId: 1024 });
    cluster.createPhysicalTable({
      tableId: 1026,
      name: 'single',
      leaderPeerIds: [0],
      createdOnMs: 0,
    });
    const submit = (s: Partial<RepartitionStatement>) =>
      errorOf(() => model.submit({ ...SPLIT, ...s }, SUBMITTER));
    expect(submit({ table: { ...NAMING, name: 'missing' } })).toEqual({
      code: 4001,
      message: 'Table not found: greptime.public.missing',
    });
    expect(submit({ table: { ...NAMING, name: 'cpu' } })).toEqual({
      code: 1001,
      message: 'Not supported: REPARTITION on logical tables',
    });
    expect(submit({ table: { ...NAMING, name: 'single' } })).toEqual({
      code: 1004,
      message:
        'Invalid partition rule: table greptime.public.single does not have partition columns, cannot repartition',
    });
    expect(submit({ targets: ['id < 5', 'id >= 5 AND id < 10 AND ts < 1000'] })).toEqual({
      code: 1004,
      message: 'Cannot find column by name: ts',
    });
    expect(submit({ sources: ['id < 50'] })).toEqual({
      code: 1004,
      message:
        "Invalid partition rule: partition expression 'id < 50' does not exist in table greptime.public.repartition_mito_table",
    });
    expect(submit({ targets: ['id < 5', 'id >= 6 AND id < 10'] })).toEqual({
      code: 1004,
      message: 'Checkpoint `id=5` is not covered',
    });
    expect(submit({ options: [['wait', 'no']] })).toEqual({
      code: 1004,
      message: "Invalid SQL, error: invalid DDL option 'wait': 'no'",
    });
    expect(submit({ options: [['timeout', '5x']] }).message).toMatch(
      /^Invalid SQL, error: invalid DDL option 'timeout': '5x': /,
    );
    expect(model.procedureList()).toEqual([]);
  });

  it('refuses in standalone mode and, on v1.2 only, without MetaSrv GC', () => {
    expect(errorOf(() => setup({ isStandalone: true }).model.submit(SPLIT, SUBMITTER))).toEqual({
      code: 1001,
      message: 'Repartition procedure is not supported in standalone mode',
    });
    expect(
      errorOf(() => setup({ isMetasrvGcEnabled: false }).model.submit(SPLIT, SUBMITTER)),
    ).toEqual({
      code: 1004,
      message:
        'Invalid arguments: Repartition requires metasrv GC to be enabled, code: InvalidArguments, tonic code: Client specified an invalid argument',
    });
    const v11 = setup({ isMetasrvGcEnabled: false });
    const { procedureId } = v11.model.submit(SPLIT, { ...SUBMITTER, version: 'v1.1' });
    v11.runUntil(() => v11.model.procedure(procedureId)?.status === 'Done');
    // v1.1 writes no repartition events (§7.6).
    expect(v11.model.events()).toEqual([]);
  });

  it('fails inside AllocateRegion on local-file storage, rolls back and leaves the route as it was', () => {
    const { cluster, table, model, runUntil } = setup();
    for (const id of cluster.datanodes.keys()) cluster.setDatanodeStorage(id, 'local-file');
    const before = route(table);
    const { procedureId } = model.submit(SPLIT, SUBMITTER);
    const statuses: string[] = [];
    runUntil(() => {
      const status = model.procedure(procedureId)?.status ?? '';
      if (statuses.at(-1) !== status) statuses.push(status);
      return status === 'Failed';
    });
    expect(statuses).toEqual(['Running', 'PrepareRollback', 'RollingBack', 'Failed']);
    expect(model.procedure(procedureId)?.error).toBe(
      "Region 4398046511107(1024, 3) does not satisfy requirement 'object storage': region data must be accessible from another datanode",
    );
    expect(route(table)).toEqual(before);
    expect(model.events().map((r) => [r.state, r.trigger])).toEqual([
      ['Running', '{"type":"Submitted"}'],
      ['RollingBack', '{"type":"RollingBack"}'],
      ['Failed', '{"type":"Failed"}'],
    ]);
  });
});

describe('timeout', () => {
  it('exceeds its deadline while a datanode is unreachable, and rolls the route back', () => {
    const { cluster, table, model, runUntil } = setup();
    const before = route(table);
    const version = table.version;
    const { procedureId } = model.submit(
      {
        ...SPLIT,
        options: [
          ['TIMEOUT', '5s'],
          ['WAIT', 'false'],
        ],
      },
      SUBMITTER,
    );
    const p = () => model.procedure(procedureId);
    runUntil(() => p()?.groups[0]?.step === 'UpdateMetadata::ApplyStaging');
    cluster.stopDatanode(0);
    runUntil(() => p()?.status === 'Failed');
    expect(p()?.groups[0]).toMatchObject({
      status: 'Failed',
      error: 'Exceeded deadline, operation: EnterStagingRegion',
    });
    expect(p()?.error).toBe(
      'Unexpected, violated: Repartition groups failed or became unknown, table_id: 1024, failed: 1, unknown: 0',
    );
    expect(p()?.finishedAtMs).toBeLessThanOrEqual((p()?.startedAtMs ?? 0) + 5_200);
    expect(route(table)).toEqual(before);
    expect(table.version).toBeGreaterThan(version);
    expect(model.leaderStateOf(4398046511104n)).toBeNull();
    expect(model.regionInfoStateOf(4398046511104n)).toBeNull();
    expect(model.events().map((r) => [r.type, r.state, r.trigger])).toEqual([
      ['repartition', 'Running', '{"type":"Submitted"}'],
      ['repartition_group', 'Running', '{"type":"Submitted"}'],
      ['repartition_group', 'Running', '{"type":"Submitted"}'],
      ['repartition', 'Running', expect.stringContaining('ChildSubmitted') as string],
      ['repartition_group', 'Failed', '{"type":"Failed"}'],
      ['repartition', 'RollingBack', '{"type":"RollingBack"}'],
      ['repartition', 'Failed', '{"type":"Failed"}'],
    ]);
  });
});

describe('pace and what the procedure manager lists', () => {
  it('takes about stepMs per datanode step, so a split runs for seconds of emulated time', () => {
    const { model, runUntil } = setup();
    const { procedureId } = model.submit(SPLIT, SUBMITTER);
    runUntil(() => model.procedure(procedureId)?.status === 'Done');
    const p = model.procedure(procedureId);
    const ranMs = (p?.finishedAtMs ?? 0) - (p?.startedAtMs ?? 0);
    // AllocateRegion, EnterStagingRegion, RemapManifest, ApplyStagingManifest at 2 s ± 20%.
    expect(ranMs).toBeGreaterThanOrEqual(4 * 1_600);
    expect(ranMs).toBeLessThanOrEqual(4 * 2_400 + 500);
  });

  it('times out in AllocateRegion when one step is slower than the whole TIMEOUT', () => {
    const { table, model, runUntil } = setup({ stepMs: 10_000 });
    const before = route(table);
    const { procedureId } = model.submit({ ...SPLIT, options: [['timeout', '5s']] }, SUBMITTER);
    runUntil(() => model.procedure(procedureId)?.status === 'Failed');
    const p = model.procedure(procedureId);
    expect(p?.error).toBe('Exceeded deadline, operation: AllocateRegion');
    // The step got `TIMEOUT − elapsed`: the procedure gave up at its deadline, not after the step.
    expect(p?.finishedAtMs).toBeLessThanOrEqual((p?.startedAtMs ?? 0) + 5_200);
    expect(route(table)).toEqual(before);
  });

  it('lists the parent and its group with their lock keys, and keeps what a datanode reported when', () => {
    const { clock, model, runUntil } = setup();
    const { procedureId } = model.submit(SPLIT, SUBMITTER);
    runUntil(() => model.procedure(procedureId)?.groups[0]?.step === 'RemapManifest');
    const [parent, group] = model.procedureRows();
    expect(parent).toMatchObject({
      procedureId,
      procedureType: 'metasrv-procedure::Repartition',
      status: 'Running',
      lockKeys: [
        '__catalog_lock/greptime',
        '__schema_lock/greptime.public',
        '__table_lock/1024',
        '__table_name_lock/greptime.public.repartition_mito_table',
      ],
    });
    expect(group).toMatchObject({
      procedureType: 'metasrv-procedure::RepartitionGroup',
      status: 'Running',
      lockKeys: [
        '__catalog_lock/greptime',
        '__schema_lock/greptime.public',
        '__region_lock/4398046511104',
      ],
    });
    const entered =
      model.procedure(procedureId)?.groups[0]?.history.find((h) => h.step === 'EnterStagingRegion')
        ?.atMs ?? 0;
    expect(model.regionInfoStateOf(4398046511104n, entered - 1)).toBeNull();
    expect(model.regionInfoStateOf(4398046511104n, entered)).toBe('Leader(EnteringStaging)');
    expect(model.regionInfoStateOf(4398046511104n, clock.now())).toBe('Leader(Staging)');
  });
});
