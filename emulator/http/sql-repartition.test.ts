/**
 * ALTER TABLE … SPLIT / MERGE PARTITION through the frontend handler, as a client of `/v1/sql`
 * sees it at v1.1 and v1.2 (API.md §7). Strategy: a ManualClock, the handler without sockets;
 * a `WAIT = true` statement is a pending answer, settled by stepping the clock timer by timer,
 * so every state between submission and the end is observable. The table is GreptimeDB's ground
 * truth `repartition_mito_table` (id 1024, rules `id < 10`, `id >= 10 AND id < 20`, `id >= 20`),
 * and answers are compared with the fixtures. The last block drives the control API over sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock.ts';
import { EmulatedCluster } from '../model/cluster.ts';
import type { PartitionValue, RegionPartition, SqlApiVersion } from '../model/types.ts';
import { startEmulator } from '../server.ts';
import type { RunningEmulator } from '../server.ts';
import { readFixture } from '../testing/fixture-cluster.ts';
import {
  exchange,
  runSql,
  runSqlWaiting,
  sqlRecords as records,
  withoutTime,
} from '../testing/sql-fixture.ts';
import { handleSqlAdmin } from './sql-admin.ts';

const VERSIONS = ['v1.1', 'v1.2'] as const;
const SPLIT =
  'ALTER TABLE repartition_mito_table SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10)';
const MERGE = 'ALTER TABLE repartition_mito_table MERGE PARTITION (id >= 10 AND id < 20, id >= 20)';
const PARTITIONS =
  "SELECT table_catalog, table_schema, table_name, partition_name, partition_expression, partition_description, greptime_partition_id, partition_ordinal_position FROM information_schema.partitions WHERE table_name = 'repartition_mito_table' ORDER BY partition_ordinal_position";
const PEERS =
  "SELECT * FROM information_schema.region_peers WHERE table_name = 'repartition_mito_table'";

const ErrorSchema = z.object({ code: z.number(), error: z.string() });

function range(column: string, lower: number | null, upper: number | null): RegionPartition {
  const value = (v: number | null): PartitionValue | null =>
    v === null ? null : { type: 'Int32', value: v };
  return { kind: 'range', column, lower: value(lower), upper: value(upper) };
}

/** Datanodes 0..2 and GreptimeDB's repartition_mito_table, on a ManualClock. */
function repartitionCluster() {
  const clock = new ManualClock(Date.UTC(2026, 7, 23, 8, 0, 0));
  const cluster = new EmulatedCluster(clock, { seed: 1, datanodes: 3, empty: true });
  cluster.createPhysicalTable({
    tableId: 1024,
    name: 'repartition_mito_table',
    leaderPeerIds: [0, 1, 2],
    partitionColumn: 'id',
    partitions: [range('id', null, 10), range('id', 10, 20), range('id', 20, null)],
    createdOnMs: clock.now() - 3_600_000,
  });
  clock.advance(10_000);
  return { clock, cluster };
}

/** Steps the clock timer by timer until the pending answer has arrived. */
async function settle<T>(clock: ManualClock, pending: Promise<T>): Promise<T> {
  const progress = { isDone: false };
  const markDone = () => {
    progress.isDone = true;
  };
  pending.then(markDone, markDone);
  for (let i = 0; i < 10_000; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    if (progress.isDone || !clock.step()) break;
  }
  return pending;
}

/** Steps the clock until `done` holds (the test's way to look at one moment of a procedure). */
function stepUntil(clock: ManualClock, done: () => boolean): void {
  for (let i = 0; i < 10_000 && !done(); i += 1) if (!clock.step()) break;
  expect(done()).toBe(true);
}

function procedureIdOf(body: string): string {
  const [row] = records(body).rows;
  return z.uuid().parse(row?.[0]);
}

describe('a split then a merge (API.md §7.4 ground truth)', () => {
  for (const version of VERSIONS) {
    it(`${version}: WAIT = true answers affectedrows 0 at the end; partitions match the fixtures, numbers never reused`, async () => {
      const { clock, cluster } = repartitionCluster();
      const split = await settle(clock, runSqlWaiting(cluster, SPLIT, { version }));
      expect(split.status).toBe(200);
      expect(withoutTime(split.body)).toBe(withoutTime(readFixture('sql-repartition-split.json')));
      expect(withoutTime(runSql(cluster, PARTITIONS, { version }).body)).toBe(
        withoutTime(readFixture('sql-partitions-after-split.json')),
      );

      const merge = await settle(clock, runSqlWaiting(cluster, MERGE, { version }));
      expect(withoutTime(merge.body)).toBe(withoutTime(readFixture('sql-repartition-merge.json')));
      expect(withoutTime(runSql(cluster, PARTITIONS, { version }).body)).toBe(
        withoutTime(readFixture('sql-partitions-after-merge.json')),
      );

      // Region 2 is gone for good: the next split allocates region 4, leaving a gap (§7.4).
      await settle(
        clock,
        runSqlWaiting(
          cluster,
          'ALTER TABLE repartition_mito_table SPLIT PARTITION (id >= 10) INTO (id >= 10 AND id < 15, id >= 15)',
          { version },
        ),
      );
      const ids = records(runSql(cluster, PARTITIONS, { version }).body).rows.map((r) => r[6]);
      expect(ids).toEqual([4398046511104, 4398046511105, 4398046511107, 4398046511108]);
      // A merged-away region has no route any more (§7.4).
      expect(
        runSql(cluster, 'ADMIN migrate_region(4398046511106, 2, 0)', { version }).body,
      ).toContain('Failed to find table route for 4398046511106(1024, 2)');
    });
  }

  it('runs the statements after a waiting one only once it has finished', async () => {
    const { clock, cluster } = repartitionCluster();
    const answer = await settle(
      clock,
      runSqlWaiting(cluster, `${SPLIT}; SELECT count_regions FROM information_schema.tables`),
    );
    // The SELECT ran after the split (and failed on its own column): one error for the request.
    expect(ErrorSchema.parse(JSON.parse(answer.body)).error).toMatch(
      /No field named count_regions/,
    );
    expect(cluster.repartition.procedureList()[0]?.status).toBe('Done');
  });
});

describe('WAIT = false, procedure_state and procedure_info', () => {
  for (const version of VERSIONS) {
    it(`${version}: answers a Procedure ID at once, then Running and Done like a migration`, () => {
      const { clock, cluster } = repartitionCluster();
      const answer = runSql(cluster, `${SPLIT} WITH (TIMEOUT = '5m', WAIT = false)`, { version });
      expect(records(answer.body).schema).toEqual(
        records(readFixture('sql-repartition-nowait.json')).schema,
      );
      const id = procedureIdOf(answer.body);
      const state = () =>
        records(runSql(cluster, `ADMIN procedure_state('${id}')`, { version }).body).rows[0]?.[0];
      expect(state()).toBe('{"status":"Running"}');
      const info = () =>
        records(
          runSql(
            cluster,
            'SELECT procedure_type, status, lock_keys FROM information_schema.procedure_info ORDER BY start_time',
            { version },
          ).body,
        ).rows;
      stepUntil(clock, () => info().length === 2);
      expect(info()).toEqual([
        [
          'metasrv-procedure::Repartition',
          'Running',
          '__catalog_lock/greptime,__schema_lock/greptime.public,__table_lock/1024,__table_name_lock/greptime.public.repartition_mito_table',
        ],
        [
          'metasrv-procedure::RepartitionGroup',
          'Running',
          '__catalog_lock/greptime,__schema_lock/greptime.public,__region_lock/4398046511104',
        ],
      ]);
      clock.advance(60_000);
      expect(state()).toBe('{"status":"Done"}');
      expect(info().map((r) => r[1])).toEqual(['Done', 'Done']);
    });
  }
});

describe('during the split (API.md §7.4 "during")', () => {
  it('shows the new region ALIVE after AllocateRegion, then source and target STAGING, then all ALIVE', () => {
    const { clock, cluster } = repartitionCluster();
    Object.assign(cluster.repartition.settings, { stepMs: 30_000 });
    const id = procedureIdOf(
      runSql(cluster, `${SPLIT} WITH (TIMEOUT = '10m', WAIT = false)`, { version: 'v1.2' }).body,
    );
    const p = () => cluster.repartition.procedure(id);
    const peers = () => records(runSql(cluster, PEERS, { version: 'v1.2' }).body).rows;
    const byRegion = (sql: string) =>
      new Map(
        records(runSql(cluster, sql, { version: 'v1.2' }).body).rows.map((r) => [r[0], r.slice(1)]),
      );
    const info = () =>
      byRegion(
        'SELECT region_id, state, role, writable FROM information_schema.region_info WHERE table_id = 1024',
      );
    const statistics = () =>
      byRegion(
        'SELECT region_id, region_role FROM information_schema.region_statistics WHERE table_id = 1024',
      );

    // After AllocateRegion: the new region with its target rule, the source still with its old.
    stepUntil(clock, () => p()?.step === 'Dispatch' || p()?.step === 'Collect');
    expect(peers().map((r) => [r[3], r[7]])).toEqual([
      [4398046511104, 'ALIVE'],
      [4398046511105, 'ALIVE'],
      [4398046511106, 'ALIVE'],
      [4398046511107, 'ALIVE'],
    ]);
    expect(
      records(runSql(cluster, PARTITIONS, { version: 'v1.2' }).body).rows.map((r) => r[5]),
    ).toEqual(['id < 10', 'id >= 10 AND id < 20', 'id >= 20', 'id >= 5 AND id < 10']);

    // EnterStagingRegion: the route says STAGING, the datanodes are still entering it.
    stepUntil(clock, () => p()?.groups[0]?.step === 'EnterStagingRegion');
    const during = peers();
    const fixture = records(readFixture('sql-region-peers-during-split.json')).rows;
    // The datanode the allocator chose for …107 is illustrative in the fixture.
    const withoutNewPeer = (rows: unknown[][]) =>
      rows.map((r) => (r[3] === 4398046511107 ? [...r.slice(0, 4), ...r.slice(6)] : r));
    expect(withoutNewPeer(during)).toEqual(withoutNewPeer(fixture));
    expect(info().get(4398046511107)).toEqual(['Leader(EnteringStaging)', 'Leader', false]);
    expect(statistics().get(4398046511104)).toEqual(['Leader']);
    expect(
      records(runSql(cluster, PARTITIONS, { version: 'v1.2' }).body).rows.map((r) => r[5]),
    ).toEqual(['id < 5', 'id >= 10 AND id < 20', 'id >= 20', 'id >= 5 AND id < 10']);

    // Leader(Staging) on the datanodes: region_info, region_statistics and the heartbeat.
    stepUntil(clock, () => p()?.groups[0]?.step === 'RemapManifest');
    expect(info().get(4398046511104)).toEqual(['Leader(Staging)', 'Leader(Staging)', true]);
    expect(info().get(4398046511105)).toEqual(['Leader(Writable)', 'Leader', true]);
    expect(statistics().get(4398046511107)).toEqual(['Leader(Staging)']);
    // Stored heartbeat stats lag by up to 3 beats (9 s): look once they cover the staging.
    clock.advance(15_000);
    const heartbeat = z
      .array(z.array(z.object({ region_stats: z.array(z.object({ role: z.string() })) })))
      .parse(
        // Region and datanode ids here are far below 2^53: JSON.parse keeps them exact.
        JSON.parse(handleSqlAdmin(cluster, exchange('/admin/heartbeat'), 'v1.2').body),
      );
    const roles = heartbeat.flatMap((h) => h.at(-1)?.region_stats.map((s) => s.role) ?? []);
    expect(roles.filter((r) => r === 'StagingLeader')).toHaveLength(2);

    // After: all ALIVE, Leader, Leader(Writable).
    clock.advance(600_000);
    expect(p()?.status).toBe('Done');
    expect(peers().map((r) => [r[3], r[7], r[8]])).toEqual([
      [4398046511104, 'ALIVE', null],
      [4398046511105, 'ALIVE', null],
      [4398046511106, 'ALIVE', null],
      [4398046511107, 'ALIVE', null],
    ]);
    expect([...info().values()].map((r) => r[0])).toEqual(
      Array<string>(4).fill('Leader(Writable)'),
    );
    expect([...statistics().values()].map((r) => r[0])).toEqual(Array<string>(4).fill('Leader'));
  });

  it('a metric physical table: its logical table shows the new region under its own id', async () => {
    const { clock, cluster } = repartitionCluster();
    cluster.createPhysicalTable({
      tableId: 1030,
      name: 'metric_physical_table',
      engine: 'metric',
      leaderPeerIds: [0, 1],
      partitionColumn: 'id',
      partitions: [range('id', null, 100), range('id', 100, null)],
      createdOnMs: clock.now(),
    });
    cluster.createLogicalTable({ tableId: 1031, name: 'cpu', physicalTableId: 1030 });
    const answer = await settle(
      clock,
      runSqlWaiting(
        cluster,
        'ALTER TABLE metric_physical_table SPLIT PARTITION (id >= 100) INTO (id >= 100 AND id < 200, id >= 200)',
        { version: 'v1.2' },
      ),
    );
    expect(answer.body).toContain('"affectedrows":0');
    const logical = records(
      runSql(
        cluster,
        "SELECT region_id FROM information_schema.region_peers WHERE table_name = 'cpu' ORDER BY region_id",
        { version: 'v1.2' },
      ).body,
    ).rows.map((r) => r[0]);
    // RegionId::new(1031, 0..2): the logical table follows the physical route (§3.5, §7.4).
    expect(logical).toEqual([4428111282176, 4428111282177, 4428111282178]);
    expect(cluster.repartition.procedureList()[0]?.groups[0]?.history.map((h) => h.step)).toContain(
      'SyncRegion',
    );
  });
});

describe('v1.2 events (§7.6); v1.1 writes none', () => {
  const EVENTS =
    "SELECT timestamp, type, procedure_id, procedure_state, procedure_trigger, payload, actor, event_context, table_name, table_id, parent_procedure_id, repartition_group_id, source_region_id, source_partition_expr, target_region_id, target_partition_expr FROM greptime_private.events WHERE table_name = 'repartition_mito_table' AND type IN ('repartition', 'repartition_group') ORDER BY timestamp";

  /** Timestamps and ids are invented: timestamps dropped, each uuid named by first appearance. */
  function stable(rows: unknown[][]): unknown[][] {
    const names = new Map<string, string>();
    const name = (v: unknown) => {
      if (typeof v !== 'string' || !/^[0-9a-f]{8}-/.test(v)) return v;
      if (!names.has(v)) names.set(v, `uuid${names.size}`);
      return names.get(v);
    };
    return rows.map((r) =>
      r
        .slice(1)
        .map((v) =>
          typeof v === 'object' && v !== null && 'procedure_id' in v
            ? { ...v, procedure_id: name(v.procedure_id) }
            : name(v),
        ),
    );
  }

  it('v1.2: sql-events-repartition-v1.2.json, in time order', async () => {
    const { clock, cluster } = repartitionCluster();
    await settle(clock, runSqlWaiting(cluster, SPLIT, { version: 'v1.2' }));
    // The recorder flushes every 5 s.
    clock.advance(5_000);
    const ours = records(runSql(cluster, EVENTS, { version: 'v1.2' }).body);
    const theirs = records(readFixture('sql-events-repartition-v1.2.json'));
    expect(ours.schema).toEqual(theirs.schema);
    expect(stable(ours.rows)).toEqual(stable(theirs.rows));
    // One event's rows share its timestamp (the two Submitted pair rows), as in the fixture.
    const times = ours.rows.map((r) => Number(r[0]));
    expect(times[1]).toBe(times[2]);
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
  });

  it('v1.2: a failed repartition writes RollingBack and Failed rows with the error', async () => {
    const { clock, cluster } = repartitionCluster();
    for (const id of [0, 1, 2]) cluster.setDatanodeStorage(id, 'local-file');
    await settle(clock, runSqlWaiting(cluster, SPLIT, { version: 'v1.2' }));
    clock.advance(5_000);
    const rows = records(
      runSql(
        cluster,
        "SELECT procedure_state, procedure_trigger, procedure_error FROM greptime_private.events WHERE type = 'repartition' ORDER BY timestamp",
        { version: 'v1.2' },
      ).body,
    ).rows;
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['Running', { type: 'Submitted' }],
      ['RollingBack', { type: 'RollingBack' }],
      ['Failed', { type: 'Failed' }],
    ]);
    expect(rows[2]?.[2]).toContain("does not satisfy requirement 'object storage'");
  });

  it('v1.1: no event is written, so greptime_private.events does not exist', async () => {
    const { clock, cluster } = repartitionCluster();
    await settle(clock, runSqlWaiting(cluster, SPLIT, { version: 'v1.1' }));
    clock.advance(5_000);
    const answer = runSql(cluster, 'SELECT * FROM greptime_private.events', { version: 'v1.1' });
    expect(ErrorSchema.parse(JSON.parse(answer.body))).toEqual({
      code: 4001,
      error: 'Failed to plan SQL: Table not found: greptime.greptime_private.events',
    });
  });

  it('v1.2 [event_recorder] event_types (API.md §6.3): only the listed types are written', async () => {
    const { clock, cluster } = repartitionCluster();
    cluster.events.eventTypes = new Set(['repartition']);
    await settle(clock, runSqlWaiting(cluster, SPLIT, { version: 'v1.2' }));
    clock.advance(5_000);
    const types = records(
      runSql(cluster, 'SELECT type FROM greptime_private.events ORDER BY timestamp', {
        version: 'v1.2',
      }).body,
    ).rows.map((r) => r[0]);
    // Submitted, ChildSubmitted, Succeeded; no repartition_group (nor admin_function) row.
    expect(types).toEqual(['repartition', 'repartition', 'repartition']);

    // `event_types = []`: nothing is recorded, so the table is never created.
    const none = repartitionCluster();
    none.cluster.events.eventTypes = new Set();
    await settle(none.clock, runSqlWaiting(none.cluster, SPLIT, { version: 'v1.2' }));
    none.clock.advance(5_000);
    const answer = runSql(none.cluster, 'SELECT * FROM greptime_private.events', {
      version: 'v1.2',
    });
    expect(ErrorSchema.parse(JSON.parse(answer.body))).toEqual({
      code: 4001,
      error: 'Failed to plan SQL: Table not found: greptime.greptime_private.events',
    });
  });
});

const CatalogueCaseSchema = z.object({
  request: z.string(),
  status: z.number(),
  body: z.object({ code: z.number(), error: z.string() }),
  versions: z.string(),
});

/**
 * The tables sql-errors-v1.json's repartition cases name: repartition_test_table (device_id
 * < 100, 100..200, >= 200), t (id < 10, >= 10), metric logical_metric_table.
 */
function catalogueCluster() {
  const { clock, cluster } = repartitionCluster();
  cluster.createPhysicalTable({
    tableId: 1025,
    name: 'repartition_test_table',
    leaderPeerIds: [0, 1, 2],
    partitionColumn: 'device_id',
    partitions: [
      range('device_id', null, 100),
      range('device_id', 100, 200),
      range('device_id', 200, null),
    ],
    createdOnMs: clock.now(),
  });
  cluster.createPhysicalTable({
    tableId: 1026,
    name: 't',
    leaderPeerIds: [0, 1],
    partitionColumn: 'id',
    partitions: [range('id', null, 10), range('id', 10, null)],
    createdOnMs: clock.now(),
  });
  cluster.createPhysicalTable({
    tableId: 1027,
    name: 'metric_physical_table',
    engine: 'metric',
    leaderPeerIds: [0, 1],
    partitionColumn: 'device_id',
    partitions: [range('device_id', null, 100), range('device_id', 100, null)],
    createdOnMs: clock.now(),
  });
  cluster.createLogicalTable({
    tableId: 1028,
    name: 'logical_metric_table',
    physicalTableId: 1027,
  });
  return { clock, cluster };
}

describe('errors: sql-errors-v1.json repartition cases, API.md §7.1 parser, §7.2 in order', () => {
  const cases = z
    .array(CatalogueCaseSchema)
    .parse(JSON.parse(readFixture('sql-errors-v1.json')))
    .filter((c) => c.request.includes('ALTER TABLE'));

  it('covers every repartition case but standalone (the emulator is a cluster)', () => {
    expect(cases.filter((c) => !c.request.includes('(standalone)'))).toHaveLength(8);
  });

  for (const c of cases.filter((c) => !c.request.includes('(standalone)'))) {
    const versions: SqlApiVersion[] = c.versions === 'v1.2' ? ['v1.2'] : ['v1.1', 'v1.2'];
    for (const version of versions) {
      it(`${version}: ${c.request}`, () => {
        const { cluster } = catalogueCluster();
        if (c.request.includes('gc.enable=false'))
          cluster.repartition.settings.isMetasrvGcEnabled = false;
        const sql = /^POST \/v1\/sql sql=(.*?)(?: {2}\(.*\))?$/.exec(c.request)?.[1] ?? '';
        const answer = runSql(cluster, sql, { version });
        expect(answer.status).toBe(c.status);
        expect(JSON.parse(answer.body)).toMatchObject(c.body);
        expect(cluster.repartition.procedureList()).toEqual([]);
      });
    }
  }

  it('v1.1 has no GC check: the same split runs', () => {
    const { cluster } = catalogueCluster();
    cluster.repartition.settings.isMetasrvGcEnabled = false;
    const answer = runSql(
      cluster,
      'ALTER TABLE t SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10) WITH (WAIT = false)',
      { version: 'v1.1' },
    );
    expect(answer.status).toBe(200);
  });

  it('parser errors: 400/2000 with GreptimeDB texts, before anything runs', () => {
    const { cluster } = catalogueCluster();
    const cases: [string, string][] = [
      [
        'ALTER TABLE t SPLIT PARTITION () INTO (id < 5)',
        'Expected expression inside REPARTITION clause, found: )',
      ],
      [
        'ALTER TABLE t REPARTITION (id < 10) INTO (id < 5), (id >= 5)',
        'Expected end of REPARTITION clause, found: ,',
      ],
      [
        'ALTER TABLE t SPLIT PARTITION (id < 10, id >= 10) INTO (id < 5)',
        'Expected single partition expression inside SPLIT PARTITION clause, found: INTO',
      ],
      [
        'ALTER TABLE t SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10), (id >= 10)',
        'Expected end of SPLIT PARTITION clause, found: ,',
      ],
      [
        'ALTER TABLE t SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10) ON COLUMNS (id)',
        'Expected end of SPLIT PARTITION clause, found: ON',
      ],
      [
        'ALTER TABLE t MERGE PARTITION (id < 10, id >= 10), (id >= 20)',
        'Expected end of MERGE PARTITION clause, found: ,',
      ],
      [
        'ALTER TABLE t MERGE PARTITION (id < 10 id >= 10)',
        'Expected comma or right parenthesis after repartition expression, found: id',
      ],
      [
        'ALTER TABLE t PARTITION ON COLUMNS (host) ()',
        'PARTITION ON COLUMNS requires at least one partition expression',
      ],
    ];
    for (const [sql, message] of cases) {
      const answer = runSql(cluster, `${sql}; SELECT 1`, { version: 'v1.2' });
      expect(answer.status, sql).toBe(400);
      expect(JSON.parse(answer.body), sql).toMatchObject({
        code: 2000,
        error: `Invalid SQL syntax: sql parser error: ${message}`,
      });
    }
    // GreptimeDB's own parser test: MERGE takes no ON COLUMNS.
    expect(
      JSON.parse(
        runSql(
          cluster,
          'ALTER TABLE t MERGE PARTITION (id < 10, id >= 10) ON COLUMNS (id) INTO (id >= 0)',
        ).body,
      ),
    ).toMatchObject({ code: 1001, error: 'SQL statement is not supported, keyword: ON' });
    expect(cluster.repartition.procedureList()).toEqual([]);
  });

  it('WITH options: an unknown key (lower-cased) at parse time, then WAIT and TIMEOUT values, a trailing comma accepted', () => {
    const { cluster } = catalogueCluster();
    const error = (sql: string) => ErrorSchema.parse(JSON.parse(runSql(cluster, sql).body));
    const split = 'ALTER TABLE t SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10,)';
    expect(error(`${split} WITH (PARALLELISM = 2)`)).toEqual({
      code: 1004,
      error: 'Unrecognized table option key: parallelism',
    });
    expect(error(`${split} WITH (WAIT = 'no')`)).toEqual({
      code: 1004,
      error: "Invalid SQL, error: invalid DDL option 'wait': 'no'",
    });
    expect(error(`${split} WITH (TIMEOUT = '5x')`).error).toMatch(
      /^Invalid SQL, error: invalid DDL option 'timeout': '5x': /,
    );
    expect(error(`${split} WITH (WAIT = -1)`)).toEqual({
      code: 1004,
      error: 'Invalid expr as option value, error: -1 not accepted',
    });
    expect(cluster.repartition.procedureList()).toEqual([]);
    expect(runSql(cluster, `${split} WITH (Wait = FALSE)`).status).toBe(200);
  });

  it('frontend checks before the unmodelled forms: read-only schema, table, logical, columns', () => {
    const { cluster } = catalogueCluster();
    const error = (sql: string) => ErrorSchema.parse(JSON.parse(runSql(cluster, sql).body));
    expect(
      error(
        'ALTER TABLE information_schema.tables SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5)',
      ),
    ).toEqual({ code: 1001, error: 'Schema `information_schema` is read-only' });
    expect(error('ALTER TABLE nope REPARTITION (id < 10) INTO (id < 5)')).toEqual({
      code: 4001,
      error: 'Table not found: greptime.public.nope',
    });
    expect(error('ALTER TABLE logical_metric_table REPARTITION (id < 10) INTO (id < 5)')).toEqual({
      code: 1001,
      error: 'Not supported: REPARTITION on logical tables',
    });
    const refused = error('ALTER TABLE t REPARTITION (id < 10, id >= 10) INTO (id < 20, id >= 20)');
    expect(refused.code).toBe(1001);
    expect(refused.error).toMatch(
      /^Not supported by the GreptimeDB emulator: ALTER TABLE … REPARTITION/,
    );
    expect(
      error(
        'ALTER TABLE t SPLIT PARTITION (id < 10) ON COLUMNS (id) INTO (id < 5, id >= 5 AND id < 10)',
      ).error,
    ).toMatch(/ON COLUMNS/);
  });
});

describe('failures inside the procedure, answered to a waiting statement', () => {
  it('a datanode on local-file storage: Failed in AllocateRegion, rolled back, the error reaches SQL', async () => {
    const { clock, cluster } = repartitionCluster();
    for (const id of [0, 1, 2]) cluster.setDatanodeStorage(id, 'local-file');
    const before = runSql(cluster, PARTITIONS).body;
    const answer = await settle(clock, runSqlWaiting(cluster, SPLIT, { version: 'v1.2' }));
    expect(answer.status).toBe(400);
    expect(ErrorSchema.parse(JSON.parse(answer.body))).toEqual({
      code: 1004,
      error:
        "Region 4398046511107(1024, 3) does not satisfy requirement 'object storage': region data must be accessible from another datanode, code: InvalidArguments, tonic code: Client specified an invalid argument",
    });
    expect(runSql(cluster, PARTITIONS).body.replace(/"execution_time_ms":\d+/, '')).toBe(
      before.replace(/"execution_time_ms":\d+/, ''),
    );
    const procedureId = cluster.repartition.procedureList()[0]?.procedureId ?? '';
    const state = records(runSql(cluster, `ADMIN procedure_state('${procedureId}')`).body).rows[0];
    expect(JSON.parse(String(state?.[0]))).toEqual({
      status: 'Failed',
      error:
        "Region 4398046511107(1024, 3) does not satisfy requirement 'object storage': region data must be accessible from another datanode",
    });
  });

  it('a step slower than TIMEOUT: Exceeded deadline, 504, route as before', async () => {
    const { clock, cluster } = repartitionCluster();
    cluster.repartition.settings.stepMs = 10_000;
    const answer = await settle(
      clock,
      runSqlWaiting(cluster, `${SPLIT} WITH (TIMEOUT = '5s')`, { version: 'v1.2' }),
    );
    expect(answer.status).toBe(504);
    expect(ErrorSchema.parse(JSON.parse(answer.body))).toEqual({
      code: 1005,
      error:
        'Exceeded deadline, operation: AllocateRegion, code: Cancelled, tonic code: The operation was cancelled',
    });
    expect(records(runSql(cluster, PARTITIONS).body).rows).toHaveLength(3);
  });

  it('a merge whose datanode stops staging: the group fails, the parent rolls back', async () => {
    const { clock, cluster } = repartitionCluster();
    const pending = runSqlWaiting(cluster, `${MERGE} WITH (TIMEOUT = '5s')`, { version: 'v1.2' });
    cluster.stopDatanode(1);
    const answer = await settle(clock, pending);
    expect(answer.status).toBe(500);
    expect(ErrorSchema.parse(JSON.parse(answer.body))).toEqual({
      code: 1002,
      error:
        'Unexpected, violated: Repartition groups failed or became unknown, table_id: 1024, failed: 1, unknown: 0, code: Unexpected, tonic code: Internal error',
    });
    expect(records(runSql(cluster, PARTITIONS).body).rows.map((r) => r[5])).toEqual([
      'id < 10',
      'id >= 10 AND id < 20',
      'id >= 20',
    ]);
  });
});

describe('the default cluster meets the preconditions', () => {
  it('v1.2 out of the box: monitor and the metric physical table split and merge', async () => {
    const clock = new ManualClock();
    const cluster = new EmulatedCluster(clock, { seed: 1, datanodes: 3 });
    const run = (sql: string) => settle(clock, runSqlWaiting(cluster, sql, { version: 'v1.2' }));
    const statements = [
      "ALTER TABLE monitor SPLIT PARTITION (host < 'ir') INTO (host < 'e', host >= 'e' AND host < 'ir')",
      "ALTER TABLE monitor MERGE PARTITION (host >= 'ir' AND host < 'ri', host >= 'ri')",
      "ALTER TABLE greptime_physical_table SPLIT PARTITION (host >= 'tn') INTO (host >= 'tn' AND host < 'w', host >= 'w')",
    ];
    for (const sql of statements) expect((await run(sql)).body, sql).toContain('"affectedrows":0');
    const monitor = records(
      runSql(
        cluster,
        "SELECT partition_description FROM information_schema.partitions WHERE table_name = 'monitor' ORDER BY partition_ordinal_position",
        { version: 'v1.2' },
      ).body,
    ).rows.map((r) => r[0]);
    expect(monitor).toEqual(['host < e', 'host >= ir', 'host >= e AND host < ir']);
  });
});

describe('control API (sockets)', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function control(path: string, body?: unknown) {
    const r = await fetch(`http://${emulator?.controlAddr ?? ''}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.text()).trim() };
  }

  async function sql(text: string) {
    const r = await fetch(`http://${emulator?.frontendAddr ?? ''}/v1/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sql: text }).toString(),
    });
    return { status: r.status, body: await r.text() };
  }

  const SPLIT_MONITOR =
    "ALTER TABLE monitor SPLIT PARTITION (host < 'ir') INTO (host < 'e', host >= 'e' AND host < 'ir')";

  it('GC off, local-file storage, a slow step, and a hot region, each through its action', async () => {
    // 100x: a 2 s datanode step takes 20 ms of real time.
    emulator = await startEmulator({ api: 'v1.2', seed: 2, datanodes: 3, clockSpeed: 100 });
    // GC disabled: refused before a procedure exists.
    expect((await control('/control/repartition', { gcEnabled: false })).status).toBe(200);
    expect(await sql(SPLIT_MONITOR)).toMatchObject({
      status: 400,
      body: expect.stringContaining(
        'Invalid arguments: Repartition requires metasrv GC to be enabled, code: InvalidArguments',
      ) as unknown,
    });
    await control('/control/repartition', { gcEnabled: true });

    // Local-file storage: the waiting statement gets the AllocateRegion failure after rollback.
    for (const id of [0, 1, 2])
      await control('/control/datanode/storage', { id, storage: 'local-file' });
    expect(await sql(SPLIT_MONITOR)).toMatchObject({
      status: 400,
      body: expect.stringMatching(
        /"error":"Region \d+\(1024, 3\) does not satisfy requirement/,
      ) as unknown,
    });
    const listed = z
      .object({ repartitions: z.array(z.object({ status: z.string(), error: z.string() })) })
      .parse(JSON.parse((await control('/control/repartitions')).body));
    expect(listed.repartitions).toEqual([
      expect.objectContaining({
        status: 'Failed',
        error: expect.stringContaining('object storage') as unknown,
      }),
    ]);
    for (const dn of [0, 1, 2])
      await control('/control/datanode/storage', { id: dn, storage: 'object' });

    // A step slower than the statement's TIMEOUT: the waiting statement answers the deadline.
    await control('/control/repartition', { stepMs: 30_000 });
    expect(await sql(`${SPLIT_MONITOR} WITH (TIMEOUT = '5s')`)).toMatchObject({
      status: 504,
      body: expect.stringContaining('Exceeded deadline, operation: AllocateRegion') as unknown,
    });
    const state = z
      .object({
        v1: z.object({ repartition: z.object({ gcEnabled: z.boolean(), stepMs: z.number() }) }),
      })
      .parse(JSON.parse((await control('/control/state')).body));
    expect(state.v1.repartition).toEqual(
      expect.objectContaining({ gcEnabled: true, stepMs: 30_000 }),
    );

    // A hot region: N times the mean query CPU of the other regions its datanode leads.
    const cpu = async () => {
      const rows = records(
        (
          await sql(
            'SELECT region_id, query_cpu_time_millis FROM information_schema.region_statistics',
          )
        ).body.replace(/\[(\d{16,}),/g, '["$1",'),
      ).rows;
      return new Map(rows.map((r) => [String(r[0]), Number(r[1])]));
    };
    const regions = z
      .object({ regions: z.array(z.object({ regionId: z.string(), leaderPeerId: z.number() })) })
      .parse(JSON.parse((await control('/control/tables/1028')).body)).regions;
    const [hot] = regions;
    if (hot === undefined) throw new Error('app_logs has regions');
    expect(
      (await control('/control/region-load', { regionId: hot.regionId, multiple: 8 })).status,
    ).toBe(200);
    const before = await cpu();
    await control('/control/clock', { advanceMs: 3_600_000 });
    const after = await cpu();
    const delta = (regionId: string) => (after.get(regionId) ?? 0) - (before.get(regionId) ?? 0);
    const neighbours = emulator.cluster
      .regionsLedBy(hot.leaderPeerId)
      .map(String)
      .filter((regionId) => regionId !== hot.regionId);
    const mean = neighbours.reduce((sum, r) => sum + delta(r), 0) / neighbours.length;
    expect(delta(hot.regionId) / mean).toBeCloseTo(8, 1);
  });
});
