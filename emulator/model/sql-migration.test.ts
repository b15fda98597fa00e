/**
 * v1 (v1.1.4) procedure semantics on a ManualClock: states with PreFlush/CloseDowngraded, the
 * overall timeout (rollback -> PrepareRollback -> RollingBack -> Failed with the abort reason),
 * submission errors of v0.14+/v0.15+, the paused procedure manager, procedures forgotten after
 * the TTL and on leader change, events rows, failover, and SQL-started migrations showing in the
 * v1 heartbeat.
 */
import { describe, expect, it } from 'vitest';
import { v1HeartbeatBody } from '../http/sql-wire.ts';
import { R0, R1, buildSqlCluster, runSql } from '../testing/sql-fixture.ts';
import { MetasrvError } from './errors.ts';
import { V1_UPGRADE_ABORT } from './region-migration.ts';

const submit = (
  c: ReturnType<typeof buildSqlCluster>['cluster'],
  from: bigint,
  to: bigint,
  timeoutMs = 300_000,
) => c.submitRegionMigrationSql({ regionId: R1, fromPeerId: from, toPeerId: to, timeoutMs });

describe('v1 region migration', () => {
  it('runs the v1.1.4 states and records one event per status change', () => {
    const { cluster, clock } = buildSqlCluster();
    const id = submit(cluster, 1n, 2n);
    clock.advance(20_000);
    const p = cluster.knownProcedure(id);
    expect(p?.history.map((h) => h.state)).toEqual([
      'RegionMigrationStart',
      'OpenCandidateRegion',
      'PreFlushRegion',
      'UpdateMetadata::Downgrade',
      'DowngradeLeaderRegion',
      'UpgradeCandidateRegion',
      'UpdateMetadata::Upgrade',
      'CloseDowngradedRegion',
      'RegionMigrationEnd',
    ]);
    expect(p).toMatchObject({
      status: 'Done',
      outcome: 'migrated',
      triggerReason: 'Manual',
      timeoutMs: 300_000,
    });
    expect(cluster.events.visible(clock.now()).map((e) => [e.state, e.triggerReason])).toEqual([
      ['Running', 'Manual'],
      ['Done', 'Manual'],
    ]);
    const ts = cluster.events.visible(clock.now())[0]?.timestampNs ?? 0n;
    expect(ts > 2n ** 53n).toBe(true);
  });

  it('an overall timeout the candidate cannot meet rolls back and fails with the reason', () => {
    const { cluster, clock } = buildSqlCluster();
    cluster.setReplay({ speed: 0 });
    const id = submit(cluster, 1n, 2n, 5_000);
    clock.advance(4_000);
    expect(cluster.knownProcedure(id)?.status).toBe('Running');
    clock.advance(10_000);
    const p = cluster.knownProcedure(id);
    expect(p).toMatchObject({ status: 'Failed', outcome: 'rolled-back', error: V1_UPGRADE_ABORT });
    expect(cluster.regionLeader(R1)).toBe(1);
    expect(cluster.events.all().map((e) => e.state)).toEqual([
      'Running',
      'PrepareRollback',
      'RollingBack',
      'Failed',
    ]);
  });

  it('a target stopped less than 10 s before submission: accepted, then Failed at OpenCandidateRegion with PusherNotFound naming Datanode-<id>', () => {
    const { cluster, clock } = buildSqlCluster();
    cluster.stopDatanode(2);
    clock.advance(5_000);
    const id = submit(cluster, 1n, 2n);
    clock.advance(100);
    const p = cluster.knownProcedure(id);
    expect(p).toMatchObject({
      status: 'Failed',
      outcome: 'failed',
      state: 'OpenCandidateRegion',
      error: 'Pusher not found: Datanode-2',
    });
    expect(cluster.regionLeader(R1)).toBe(1);
    expect(cluster.events.all().map((e) => e.state)).toEqual([
      'Running',
      'PrepareRollback',
      'RollingBack',
      'Failed',
    ]);
    const answer = runSql(cluster, `ADMIN procedure_state('${id}')`).body;
    expect(answer).toContain(
      JSON.stringify(JSON.stringify({ status: 'Failed', error: 'Pusher not found: Datanode-2' })),
    );
  });

  it('CloseDowngradedRegion: once procedure_state says Done, region_info shows only the target, a writable leader', () => {
    const { cluster, clock } = buildSqlCluster();
    const id = submit(cluster, 1n, 2n);
    for (let i = 0; i < 20_000 && cluster.knownProcedure(id)?.status !== 'Done'; i += 1) {
      clock.advance(1);
    }
    expect(cluster.knownProcedure(id)?.status).toBe('Done');
    clock.advance(1);
    const info = runSql(
      cluster,
      `SELECT node_id, state, writable FROM information_schema.region_info WHERE region_id = ${R1} ORDER BY node_id`,
    );
    expect(JSON.parse(info.body)).toMatchObject({
      output: [{ records: { rows: [[2, 'Leader(Writable)', true]] } }],
    });
  });

  it('a stalled candidate that resumes replaying is upgraded within the overall timeout', () => {
    const { cluster, clock } = buildSqlCluster();
    cluster.setReplay({ speed: 0 });
    const id = submit(cluster, 1n, 2n, 300_000);
    clock.advance(10_000);
    expect(cluster.knownProcedure(id)?.state).toBe('UpgradeCandidateRegion');
    cluster.setReplay({ speed: 1 });
    clock.advance(5_000);
    expect(cluster.knownProcedure(id)).toMatchObject({ status: 'Done', outcome: 'migrated' });
    expect(cluster.regionLeader(R1)).toBe(2);
  });

  it('refuses with v0.14+/v0.15+ texts: already migrated, leader changed, running guard', () => {
    const { cluster } = buildSqlCluster();
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof MetasrvError ? e.message : String(e);
      }
      return 'no error';
    };
    expect(message(() => submit(cluster, 2n, 1n))).toBe(
      'The region migration procedure is completed for region: 4398046511105(1024, 1), target_peer: 1',
    );
    expect(message(() => submit(cluster, 0n, 2n))).toBe(
      "Region's leader peer changed: Region's leader peer(1) is not the `from_peer`(0), region: 4398046511105(1024, 1)",
    );
    submit(cluster, 1n, 2n);
    expect(message(() => submit(cluster, 1n, 0n))).toBe(
      'Another migration procedure is running for region: 4398046511105(1024, 1)',
    );
  });

  it('a paused procedure manager returns an id that never runs (Procedure not found)', () => {
    const { cluster, clock } = buildSqlCluster();
    cluster.procedureManagerPaused = true;
    const id = submit(cluster, 1n, 2n);
    clock.advance(30_000);
    expect(cluster.regionLeader(R1)).toBe(1);
    expect(cluster.knownProcedure(id)).toBeUndefined();
    const r = JSON.parse(runSql(cluster, `ADMIN procedure_state('${id}')`).body) as {
      error: string;
    };
    expect(r.error).toBe(
      `Failed to execute admin function procedure_state: Execution error: Procedure not found: ${id}, code: InvalidArguments, tonic code: Client specified an invalid argument`,
    );
    cluster.procedureManagerPaused = false;
    submit(cluster, 1n, 2n);
    clock.advance(30_000);
    expect(cluster.regionLeader(R1)).toBe(2);
  });

  it('finished procedures are forgotten after the TTL sweep and on a leader change', () => {
    const { cluster, clock } = buildSqlCluster();
    const id = submit(cluster, 1n, 2n);
    clock.advance(20_000);
    expect(cluster.knownProcedure(id)?.status).toBe('Done');
    clock.advance(10 * 60_000);
    expect(cluster.knownProcedure(id)?.status).toBe('Done');
    clock.advance(11 * 60_000);
    expect(cluster.knownProcedure(id)).toBeUndefined();

    const second = cluster.submitRegionMigrationSql({
      regionId: R0,
      fromPeerId: 0n,
      toPeerId: 1n,
      timeoutMs: 300_000,
    });
    clock.advance(20_000);
    expect(cluster.knownProcedure(second)?.status).toBe('Done');
    cluster.stopMetasrv(cluster.leader() ?? 0);
    clock.advance(5_000);
    expect(cluster.knownProcedure(second)).toBeUndefined();
  });

  it('failover moves every region of a dead datanode with trigger Failover', () => {
    const { cluster, clock } = buildSqlCluster();
    const ids = cluster.failoverDatanode(1);
    expect(ids).toHaveLength(1);
    clock.advance(60_000);
    expect(cluster.regionLeader(R1)).not.toBe(1);
    expect(cluster.events.visible(clock.now()).every((e) => e.triggerReason === 'Failover')).toBe(
      true,
    );
    const events = runSql(
      cluster,
      'SELECT procedure_state, region_migration_trigger_reason FROM greptime_private.events ORDER BY timestamp',
    );
    expect(events.body).toContain('["Done","Failover"]');
  });

  it('a migration started over SQL shows in heartbeats (DowngradingLeader) and region_statistics', () => {
    const { cluster, clock } = buildSqlCluster();
    runSql(cluster, 'ADMIN migrate_region(4398046511105, 1, 2)');
    let downgrading = false;
    for (let i = 0; i < 2_000 && !downgrading; i += 1) {
      clock.advance(1);
      downgrading = cluster.regionWithTable(R1)?.region.leaderStatus !== null;
    }
    expect(downgrading).toBe(true);
    const stats = runSql(
      cluster,
      'SELECT region_role FROM information_schema.region_statistics WHERE region_id = 4398046511105 ORDER BY region_role',
    );
    expect(stats.body).toContain('["Follower"],["Leader(Downgrading)"]');
    clock.advance(30_000);
    expect(v1HeartbeatBody(cluster, undefined, 'v1.1')).toContain('"id":4398046511105');
  });

  it('flush and compact change region_statistics', () => {
    const { cluster, clock } = buildSqlCluster();
    clock.advance(600_000);
    const read = () =>
      (
        JSON.parse(
          runSql(
            cluster,
            'SELECT memtable_size, sst_num FROM information_schema.region_statistics WHERE region_id = 4398046511104',
          ).body,
        ) as {
          output: { records: { rows: [number, number][] } }[];
        }
      ).output[0]?.records.rows[0];
    const before = read();
    runSql(cluster, 'ADMIN flush_region(4398046511104)');
    const flushed = read();
    expect(flushed?.[0]).toBe(0);
    expect(flushed?.[1]).toBe((before?.[1] ?? 0) + 1);
    runSql(cluster, "ADMIN compact_table('monitor')");
    expect(read()?.[1]).toBeLessThanOrEqual(2);
  });
});
