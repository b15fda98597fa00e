/**
 * Procedure tests on a ManualClock: time only moves when the test advances it, so every state
 * of the procedure can be observed without sleeping, and runs are exact and repeatable.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock.ts';
import { heartbeatBody } from '../http/wire.ts';
import { EmulatedCluster } from './cluster.ts';
import type { MigrationRequest } from './cluster.ts';
import { EXTERNAL_ERROR } from './region-migration.ts';
import { errors } from './errors.ts';

const TABLE_ID = 2000;
const REGION = (BigInt(TABLE_ID) << 32n) | 1n;

const StatsSchema = z.array(
  z.array(
    z.object({
      timestamp_millis: z.number(),
      id: z.number(),
      region_stats: z.array(z.object({ id: z.number() })),
    }),
  ),
);

/** The target's stored heartbeat entries as `/admin/heartbeat` serves them. */
function targetStats(cluster: EmulatedCluster) {
  const histories = StatsSchema.parse(JSON.parse(heartbeatBody(cluster, cluster.datanode(2).addr)));
  return histories.flat();
}

function setup(options: { replayWorkMs?: number } = {}) {
  const clock = new ManualClock();
  const cluster = new EmulatedCluster(clock, {
    seed: 7,
    datanodes: 4,
    empty: true,
    replayWorkMs: options.replayWorkMs,
  });
  cluster.createPhysicalTable({
    tableId: TABLE_ID,
    name: 'monitor',
    leaderPeerIds: [0, 1, 2],
    createdOnMs: clock.now(),
  });
  const region = () => {
    const table = cluster.table(TABLE_ID);
    if (table?.kind !== 'physical') throw new Error('table missing');
    const r = table.regionsByNumber.get(1);
    if (r === undefined) throw new Error('region missing');
    return { region: r, version: table.version };
  };
  const request = (overrides: Partial<MigrationRequest> = {}): MigrationRequest => ({
    clusterId: 0n,
    regionId: REGION,
    fromPeerId: 1n,
    toPeerId: 2n,
    replayTimeoutMs: 5_000,
    ...overrides,
  });
  const submit = (overrides: Partial<MigrationRequest> = {}) =>
    cluster.submitRegionMigration(0, request(overrides), 'v0.7');
  const procedure = (id: string | null) => {
    const p = id === null ? undefined : cluster.procedure(id);
    if (p === undefined) throw new Error('no procedure');
    return p;
  };
  /** Advances in small steps until the procedure reaches `state` (or fails the test). */
  const advanceUntil = (id: string | null, predicate: () => boolean, limitMs = 120_000) => {
    let spent = 0;
    while (!predicate()) {
      if (spent > limitMs) throw new Error(`still ${procedure(id).state} after ${limitMs} ms`);
      clock.advance(1);
      spent += 1;
    }
    return spent;
  };
  return { clock, cluster, region, submit, procedure, advanceUntil };
}

describe('region migration procedure', () => {
  it('never hands out a procedure id twice, even to a cluster built from the same seed', () => {
    // A console journals procedure ids; a reset must not make old ids name new migrations.
    expect(setup().submit()).not.toBe(setup().submit());
  });

  it('goes through every state and moves the leader, bumping the version twice', () => {
    const { clock, region, submit, procedure, advanceUntil } = setup();
    const id = submit();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(procedure(id).state).toBe('RegionMigrationStart');
    expect(region().version).toBe(0);

    advanceUntil(id, () => procedure(id).state === 'OpenCandidateRegion');
    expect(region().region.leaderStatus).toBeNull();

    advanceUntil(id, () => region().region.leaderStatus === 'Downgraded');
    expect(region().version).toBe(1);
    expect(region().region.leaderDownSinceMs).toBe(clock.now());
    expect(region().region.leaderPeerId).toBe(1);

    advanceUntil(id, () => procedure(id).state === 'UpgradeCandidateRegion');
    expect(region().region.leaderStatus).toBe('Downgraded');

    const downgradedAt = region().region.leaderDownSinceMs ?? 0;
    advanceUntil(id, () => procedure(id).status === 'Done');
    const r = region();
    expect(r.region.leaderPeerId).toBe(2);
    expect(r.region.leaderStatus).toBeNull();
    expect(r.region.leaderDownSinceMs).toBeNull();
    expect(r.version).toBe(2);
    // Default replay work keeps the region visibly Downgraded for well over a second.
    expect(clock.now() - downgradedAt).toBeGreaterThan(1_500);
    expect(procedure(id).outcome).toBe('migrated');
    expect(procedure(id).history.map((h) => h.state)).toEqual([
      'RegionMigrationStart',
      'OpenCandidateRegion',
      'UpdateMetadata::Downgrade',
      'DowngradeLeaderRegion',
      'UpgradeCandidateRegion',
      'UpdateMetadata::Upgrade',
      'RegionMigrationEnd',
    ]);
  });

  it('rolls back when replay cannot finish within replay_timeout in 3 tries', () => {
    const { cluster, clock, region, submit, procedure, advanceUntil } = setup();
    cluster.setReplay({ speed: 0 });
    const id = submit({ replayTimeoutMs: 1_000 });
    advanceUntil(id, () => procedure(id).state === 'UpgradeCandidateRegion');
    const upgradeStart = clock.now();
    advanceUntil(id, () => procedure(id).status === 'Failed');
    // 3 tries of replay_timeout, 500 ms apart.
    expect(clock.now() - upgradeStart).toBeGreaterThanOrEqual(3 * 1_000 + 2 * 500);
    const p = procedure(id);
    expect(p.outcome).toBe('rolled-back');
    expect(p.error).toBe(EXTERNAL_ERROR);
    expect(p.upgradeTries).toBe(3);
    expect(p.history.map((h) => h.state).slice(-2)).toEqual([
      'UpdateMetadata::Rollback',
      'RegionMigrationAbort',
    ]);
    expect(region().region.leaderPeerId).toBe(1);
    expect(region().region.leaderStatus).toBeNull();
    expect(region().version).toBe(2);
  });

  it('succeeds on a later try when replay catches up between tries', () => {
    const { cluster, region, submit, procedure, advanceUntil } = setup();
    cluster.setReplay({ workMs: 1_800 });
    const id = submit({ replayTimeoutMs: 1_000 });
    advanceUntil(id, () => procedure(id).status !== 'Running');
    expect(procedure(id).status).toBe('Done');
    expect(procedure(id).upgradeTries).toBe(2);
    expect(region().region.leaderPeerId).toBe(2);
  });
});

describe('region migration faults', () => {
  it('fails without touching the route when the target dies before the candidate opens', () => {
    const { cluster, region, submit, procedure, advanceUntil } = setup();
    const id = submit();
    cluster.stopDatanode(2);
    advanceUntil(id, () => procedure(id).status === 'Failed');
    expect(procedure(id).error).toBe(EXTERNAL_ERROR);
    expect(procedure(id).state).toBe('OpenCandidateRegion');
    expect(region().version).toBe(0);
    expect(region().region.leaderPeerId).toBe(1);
  });

  it('rolls back when the target dies after the downgrade', () => {
    const { cluster, region, submit, procedure, advanceUntil } = setup();
    const id = submit();
    advanceUntil(id, () => procedure(id).state === 'UpgradeCandidateRegion');
    cluster.stopDatanode(2);
    advanceUntil(id, () => procedure(id).status === 'Failed');
    expect(procedure(id).outcome).toBe('rolled-back');
    expect(region().region).toMatchObject({ leaderPeerId: 1, leaderStatus: null });
    expect(region().version).toBe(2);
  });

  it('fails 1.5 s after submission when the target stops while OpenRegion is in flight: a mailbox timeout, one retry, then PusherNotFound', () => {
    const { cluster, clock, region, submit, procedure, advanceUntil } = setup();
    const submittedAt = clock.now();
    const id = submit();
    advanceUntil(id, () => procedure(id).state === 'OpenCandidateRegion');
    cluster.stopDatanode(2);
    advanceUntil(id, () => procedure(id).status === 'Retrying');
    // MAILBOX_RTT_SECS after the send; the send came 1-5 ms after submission.
    expect(clock.now() - submittedAt).toBeGreaterThanOrEqual(1_000);
    expect(clock.now() - submittedAt).toBeLessThanOrEqual(1_005);
    advanceUntil(id, () => procedure(id).status === 'Failed');
    expect(clock.now() - submittedAt).toBeGreaterThanOrEqual(1_500);
    expect(clock.now() - submittedAt).toBeLessThanOrEqual(1_505);
    expect(procedure(id).state).toBe('OpenCandidateRegion');
    expect(procedure(id).error).toBe(EXTERNAL_ERROR);
    expect(region().version).toBe(0);
    expect(region().region.leaderPeerId).toBe(1);
  });

  it('ends an upgrade try to a target that stopped mid-try by the mailbox timeout (replay timeout + 1 s), then rolls back', () => {
    const { cluster, region, submit, procedure, advanceUntil } = setup();
    const id = submit({ replayTimeoutMs: 5_000 });
    advanceUntil(id, () => procedure(id).state === 'UpgradeCandidateRegion');
    cluster.stopDatanode(2);
    advanceUntil(id, () => procedure(id).status === 'Failed');
    const at = (state: string) => procedure(id).history.find((h) => h.state === state)?.atMs ?? NaN;
    // Try 1 times out at 5 s + 1 s, 500 ms pause, try 2 finds no pusher: rollback.
    expect(at('UpdateMetadata::Rollback') - at('UpgradeCandidateRegion')).toBe(6_500);
    expect(procedure(id).outcome).toBe('rolled-back');
    expect(region().region).toMatchObject({ leaderPeerId: 1, leaderStatus: null });
  });

  it('reports the candidate in the target heartbeat after submission, and not after the target restarts', () => {
    const { cluster, clock, submit, procedure, advanceUntil } = setup();
    const submittedAt = clock.now();
    cluster.setReplay({ speed: 0 });
    const id = submit({ replayTimeoutMs: 60_000 });
    advanceUntil(id, () => procedure(id).state === 'UpgradeCandidateRegion');
    clock.advance(3_000);
    const reportsOnTarget = () =>
      targetStats(cluster).filter((stat) => stat.region_stats.some((r) => BigInt(r.id) === REGION));
    expect(reportsOnTarget().some((stat) => stat.timestamp_millis > submittedAt)).toBe(true);
    cluster.stopDatanode(2);
    clock.advance(1_000);
    cluster.startDatanode(2);
    expect(
      targetStats(cluster)
        .at(-1)
        ?.region_stats.map((r) => BigInt(r.id)),
    ).not.toContain(REGION);
  });

  it('accepts a target stopped less than 10 s before submission (its lease is live), then fails at OpenCandidateRegion: PusherNotFound, not retried, route untouched', () => {
    const { cluster, clock, region, submit, procedure, advanceUntil } = setup();
    cluster.stopDatanode(2);
    clock.advance(5_000);
    // MetaSrv checks only the lease at submission; the heartbeat stream is already gone.
    expect(cluster.isPeerAlive(2)).toBe(true);
    const submittedAt = clock.now();
    const id = submit();
    advanceUntil(id, () => procedure(id).status !== 'Running');
    expect(clock.now() - submittedAt).toBeLessThanOrEqual(5);
    expect(procedure(id)).toMatchObject({
      status: 'Failed',
      outcome: 'failed',
      state: 'OpenCandidateRegion',
      error: EXTERNAL_ERROR,
    });
    expect(region().version).toBe(0);
    expect(region().region).toMatchObject({ leaderPeerId: 1, leaderStatus: null });
  });

  it('a stalled candidate that resumes replaying answers once caught up, not at the replay timeout', () => {
    const { cluster, clock, region, submit, procedure, advanceUntil } = setup({
      replayWorkMs: 2_000,
    });
    cluster.setReplay({ speed: 0 });
    const id = submit({ replayTimeoutMs: 60_000 });
    advanceUntil(id, () => procedure(id).state === 'UpgradeCandidateRegion');
    clock.advance(5_000);
    expect(procedure(id).state).toBe('UpgradeCandidateRegion');
    cluster.setReplay({ speed: 1 });
    const resumedAt = clock.now();
    advanceUntil(id, () => procedure(id).status === 'Done');
    // 2 s of replay left at speed 1 (plus the metadata step), in the same try.
    expect(clock.now() - resumedAt).toBeGreaterThanOrEqual(2_000);
    expect(clock.now() - resumedAt).toBeLessThanOrEqual(2_010);
    expect(procedure(id).upgradeTries).toBe(1);
    expect(region().region.leaderPeerId).toBe(2);
  });

  it('stops a datanode the moment a procedure enters the armed state (control hook)', () => {
    const { cluster, clock, region, submit, procedure, advanceUntil } = setup();
    cluster.stopDatanodeOnState(2, 'OpenCandidateRegion');
    const submittedAt = clock.now();
    const id = submit();
    advanceUntil(id, () => procedure(id).status === 'Failed');
    // No pusher when the instruction is sent: PusherNotFound, within the 1-5 ms start delay.
    expect(clock.now() - submittedAt).toBeLessThanOrEqual(5);
    expect(cluster.datanode(2).running).toBe(false);
    expect(region().version).toBe(0);
  });

  it('refuses a second submission for the same region while one runs, then accepts again', () => {
    const { submit, procedure, advanceUntil } = setup();
    const id = submit();
    expect(() => submit()).toThrow(errors.migrationRunning(REGION).message);
    // The running guard comes before the from == to check.
    expect(() => submit({ toPeerId: 1n })).toThrow('Another migration procedure is running');
    advanceUntil(id, () => procedure(id).status === 'Done');
    expect(submit({ fromPeerId: 2n, toPeerId: 3n })).not.toBeNull();
  });

  it('ends Done without moving anything when the leader is no longer from_peer at start', () => {
    const { cluster, region, submit, procedure, advanceUntil } = setup();
    const id = submit();
    // Something else (a failover) moves the region before the procedure's first state runs.
    cluster.forceRegionLeader(REGION, 3);
    const version = region().version;
    advanceUntil(id, () => procedure(id).status !== 'Running');
    expect(procedure(id)).toMatchObject({
      status: 'Done',
      outcome: 'skipped-leader-changed',
      state: 'RegionMigrationAbort',
      error: null,
    });
    expect(region().region.leaderPeerId).toBe(3);
    expect(region().version).toBe(version);
  });

  it('survives a MetaSrv leader failover mid-migration with a consistent outcome', () => {
    const { cluster, clock, region, submit, procedure, advanceUntil } = setup();
    const id = submit();
    advanceUntil(id, () => region().region.leaderStatus === 'Downgraded');
    cluster.stopMetasrv(0);
    expect(cluster.leader()).toBeNull();
    // Nothing moves while nobody leads.
    const state = procedure(id).state;
    clock.advance(2_000);
    expect(procedure(id).state).toBe(state);
    // The follower refuses; after the election node 1 leads and recovers the procedure.
    expect(() =>
      cluster.submitRegionMigration(
        1,
        { clusterId: 0n, regionId: REGION, fromPeerId: 1n, toPeerId: 2n, replayTimeoutMs: 1000 },
        'v0.7',
      ),
    ).toThrow('non-leader meta server');
    advanceUntil(id, () => cluster.leader() === 1);
    advanceUntil(id, () => procedure(id).status !== 'Running');
    expect(procedure(id).status).toBe('Done');
    expect(region().region).toMatchObject({ leaderPeerId: 2, leaderStatus: null });
    expect(region().version).toBe(2);
    // The old leader, back, is a follower.
    cluster.startMetasrv(0);
    clock.advance(5_000);
    expect(cluster.leader()).toBe(1);
  });

  it('refuses a peer whose lease expired: 10 s after its last heartbeat', () => {
    const { cluster, clock, submit } = setup();
    cluster.stopDatanode(2);
    const dn = cluster.datanode(2);
    const last = cluster.leaseTimestamp(dn);
    if (last === null) throw new Error('no lease');
    clock.advance(last + 10_000 - clock.now() - 1);
    expect(cluster.isPeerAlive(2)).toBe(true);
    clock.advance(1);
    expect(cluster.isPeerAlive(2)).toBe(false);
    expect(() => submit()).toThrow('The target peer is unavailable temporally: 2');
    expect(() => submit({ fromPeerId: 2n, toPeerId: 1n })).toThrow(
      'The target peer is unavailable temporally: 2',
    );
    // The expired lease is still listed with its old timestamp.
    expect(cluster.leaseTimestamp(dn)).toBe(last);
    cluster.startDatanode(2);
    expect(cluster.isPeerAlive(2)).toBe(true);
  });

  it('waits for the source region lease (10 s) when the source is unreachable, then succeeds', () => {
    const { cluster, clock, region, submit, procedure, advanceUntil } = setup();
    const id = submit();
    advanceUntil(id, () => procedure(id).state === 'UpdateMetadata::Downgrade');
    cluster.stopDatanode(1);
    advanceUntil(id, () => procedure(id).state === 'DowngradeLeaderRegion');
    const entered = clock.now();
    advanceUntil(id, () => procedure(id).state === 'UpgradeCandidateRegion');
    expect(clock.now() - entered).toBeGreaterThanOrEqual(10_000);
    advanceUntil(id, () => procedure(id).status === 'Done');
    expect(region().region.leaderPeerId).toBe(2);
  });
});
