/**
 * "Failed (inferred)" against the emulated cluster in process: the tracker reads the emulator's
 * own `/admin/*` answers, so the procedure fails the way GreptimeDB's does (emulator/model) and
 * the tracker sees only what MetaSrv serves over HTTP. The emulator's ManualClock and Vitest's
 * fake timers move together, so nothing sleeps. The open-budget rule uses a scripted MetaSrv,
 * since the emulated procedure never stalls in OpenCandidateRegion with a live target.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegionMigrationRequest } from '../../contract/api-contract.ts';
import { ManualClock } from '../../emulator/clock.ts';
import { handleAdminRequest } from '../../emulator/http/legacy-admin.ts';
import { EmulatedCluster } from '../../emulator/model/cluster.ts';
import type { TrackedMigration } from '../../contract/tracked-migration.ts';
import { memoryJournal } from './journal.ts';
import { MigrationTracker, type ClusterAccess } from './migration-tracker.ts';

const TABLE_ID = 1026;
/** Table 1026, region 2, led by datanode 0. */
const REGION = '4406636445698';
const REQUEST: RegionMigrationRequest = {
  region_id: REGION,
  from_peer_id: '0',
  to_peer_id: '2',
  replay_timeout: '5m',
};
const NO_STATE = 'MetaSrv gives no procedure state over HTTP.';

let clock: ManualClock;
let cluster: EmulatedCluster;

function emulatedAccess(): ClusterAccess {
  const answer = (target: string) => {
    const leader = cluster.leader();
    if (leader === null) throw new Error('no MetaSrv leader');
    return {
      addr: `metasrv-${String(leader)}:3002`,
      ...handleAdminRequest({ cluster, api: 'v0.7', nodeIndex: leader }, target),
    };
  };
  return {
    readFromLeader: (target) => {
      const { addr, status, body } = answer(target);
      return Promise.resolve({ kind: 'response', addr, status, body });
    },
    submitRegionMigration: (target) => {
      const { addr, status, headers, body } = answer(target);
      return Promise.resolve({
        kind: 'answered',
        answer: { kind: 'response', addr, status, headers, body: Buffer.from(body) },
      });
    },
  };
}

function newTracker(access: ClusterAccess): MigrationTracker {
  const tracker = new MigrationTracker({ journal: memoryJournal(), now: () => clock.now() });
  tracker.attachCluster('default', access);
  return tracker;
}

/** Moves the emulator and the tracker's timers together, 100 ms at a time. */
async function advance(ms: number): Promise<void> {
  for (let spent = 0; spent < ms; spent += 100) {
    clock.advance(100);
    await vi.advanceTimersByTimeAsync(100);
  }
}

async function advanceUntilFinished(tracker: MigrationTracker, id: string, limitMs: number) {
  for (let spent = 0; spent <= limitMs; spent += 100) {
    const record = tracker.get(id);
    if (record?.phase === 'finished') return record;
    await advance(100);
  }
  throw new Error(`still ${tracker.get(id)?.phase ?? 'missing'} after ${String(limitMs)} ms`);
}

function inferredFailureOf(record: TrackedMigration): string | undefined {
  return record.outcome?.kind === 'not-progressing' ? record.outcome.inferredFailure : undefined;
}

beforeEach(() => {
  vi.useFakeTimers();
  clock = new ManualClock();
  cluster = new EmulatedCluster(clock, { seed: 11, datanodes: 3, empty: true });
  cluster.createPhysicalTable({
    tableId: TABLE_ID,
    name: 'cpu',
    leaderPeerIds: [1, 1, 0],
    createdOnMs: clock.now(),
  });
});
afterEach(() => {
  cluster.dispose();
  vi.useRealTimers();
});

describe('Failed (inferred) on the legacy API', () => {
  it('ends within the lease (10 s), not the 15 min bound, when the target stopped just before submission', async () => {
    const tracker = newTracker(emulatedAccess());
    await advance(2_000);
    cluster.stopDatanode(2);
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    expect(record.phase).toBe('following');
    const finished = await advanceUntilFinished(tracker, record.id, 15_000);
    expect(finished.finishedAtMs ?? Infinity).toBeLessThanOrEqual(record.submittedAtMs + 11_000);
    expect(inferredFailureOf(finished)).toMatch(
      new RegExp(
        `^Failed \\(inferred\\): datanode 2 lost its lease at \\d\\d:\\d\\d:\\d\\d UTC and never reported the region; the route is unchanged, so region ${REGION} stays on datanode 0\\. ${NO_STATE}$`,
      ),
    );
    expect(finished.target).toMatchObject({ reportedRegionAtMs: null });
    tracker.close();
  });

  it('ends the same way when the target stops right after submission, while the candidate opens', async () => {
    const tracker = newTracker(emulatedAccess());
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    cluster.stopDatanode(2);
    const finished = await advanceUntilFinished(tracker, record.id, 15_000);
    expect(inferredFailureOf(finished)).toContain('datanode 2 lost its lease at');
    expect(finished.target?.leaseAtSubmissionMs).not.toBeNull();
    tracker.close();
  });

  it('reports a rollback naming the lost lease when the target stops mid upgrade try: after that try’s mailbox timeout, not the 15 min bound', async () => {
    cluster.setReplay({ speed: 0 });
    const tracker = newTracker(emulatedAccess());
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    for (
      let i = 0;
      i < 100 && !tracker.get(record.id)?.states.some((s) => s.code === 'downgraded');
      i += 1
    ) {
      await advance(100);
    }
    await advance(2_000);
    cluster.stopDatanode(2);
    // The try ends by mailbox timeout 5 min + 1 s after it was sent, then rolls back.
    const finished = await advanceUntilFinished(tracker, record.id, 305_000);
    expect(finished.outcome?.kind).toBe('rolled-back');
    expect(finished.outcome?.kind === 'rolled-back' && finished.outcome.evidence).toMatch(
      /^datanode 2 lost its lease at \d\d:\d\d:\d\d UTC; datanode 2 reported the region at /,
    );
    expect(finished.finishedAtMs ?? Infinity).toBeLessThan(record.submittedAtMs + record.boundMs);
    tracker.close();
  });

  it('reopens and follows the route when it changes after the inference', async () => {
    const tracker = newTracker(emulatedAccess());
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    cluster.stopDatanode(2);
    await advanceUntilFinished(tracker, record.id, 15_000);
    // The datanode returns and something moves the region to it after all.
    cluster.startDatanode(2);
    await advance(1_000);
    cluster.submitRegionMigration(
      cluster.leader() ?? 0,
      {
        clusterId: 0n,
        regionId: BigInt(REGION),
        fromPeerId: 0n,
        toPeerId: 2n,
        replayTimeoutMs: 5_000,
      },
      'v0.7',
    );
    await advance(1_000);
    expect(tracker.get(record.id)).toMatchObject({ phase: 'following', outcome: null });
    expect(tracker.get(record.id)?.states.map((s) => s.code)).toContain('reopened');
    const done = await advanceUntilFinished(tracker, record.id, 30_000);
    expect(done.outcome).toEqual({ kind: 'done' });
    tracker.close();
  });

  it('keeps a target whose lease had already expired a refusal (PeerUnavailable)', async () => {
    const tracker = newTracker(emulatedAccess());
    cluster.stopDatanode(2);
    await advance(11_000);
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    expect(record.outcome).toMatchObject({
      kind: 'refused',
      text: 'The target peer is unavailable temporally: 2',
    });
    tracker.close();
  });

  it('ends after OpenCandidateRegion’s retry budget (376.5 s) when a live target never reports the region', async () => {
    const route = JSON.stringify({
      type: 'physical',
      region_routes: [{ region: { id: Number(REGION) }, leader_peer: { id: 0 } }],
      version: 1,
    });
    const access: ClusterAccess = {
      readFromLeader: (target) => {
        const body = target.startsWith('/admin/route')
          ? route
          : target.startsWith('/admin/node-lease')
            ? JSON.stringify([
                {
                  name: { cluster_id: 0, node_id: 2 },
                  human_time: '',
                  lease: { timestamp_millis: clock.now() - 500, node_addr: 'dn-2:4001' },
                },
              ])
            : '[]';
        return Promise.resolve({ kind: 'response', addr: 'm:3002', status: 200, body });
      },
      submitRegionMigration: () =>
        Promise.resolve({
          kind: 'answered',
          answer: {
            kind: 'response',
            addr: 'm:3002',
            status: 200,
            headers: {},
            body: Buffer.from('{"procedure_id":"p-9"}'),
          },
        }),
    };
    const tracker = newTracker(access);
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    const finished = await advanceUntilFinished(tracker, record.id, 400_000);
    const elapsed = (finished.finishedAtMs ?? Infinity) - record.submittedAtMs;
    expect(elapsed).toBeGreaterThan(376_500);
    expect(elapsed).toBeLessThan(record.boundMs);
    expect(inferredFailureOf(finished)).toMatch(
      /past the 6m 16s 500ms GreptimeDB allows OpenCandidateRegion to retry, and datanode 2 never reported the region; region 4406636445698 stays on datanode 0\. MetaSrv gives no procedure state over HTTP\.$/,
    );
    tracker.close();
  });
});
