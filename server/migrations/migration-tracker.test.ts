/**
 * The tracker against a scripted cluster: submissions answered as the test says, route reads
 * that walk through a migration's phases. Fake timers drive the following loop, so nothing
 * sleeps; the journal is a real file in a temporary directory, replayed by a second tracker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegionMigrationRequest } from '../../contract/api-contract.ts';
import type { SubmissionOutcome } from '../proxy/region-migration.ts';
import { JOURNAL_FILE, openFileJournal, replayJournalText } from './journal.ts';
import {
  MigrationTracker,
  type ClusterAccess,
  type LeaderReadResult,
} from './migration-tracker.ts';

const REGION = '4398046511104'; // table 1024, region 0
const REQUEST: RegionMigrationRequest = {
  region_id: REGION,
  from_peer_id: '0',
  to_peer_id: '2',
  replay_timeout: '5s',
};

function routeBody(leader: number, downgraded: boolean): string {
  const route = {
    type: 'physical',
    region_routes: [
      {
        region: { id: Number(REGION), name: '', partition: null, attrs: {} },
        leader_peer: { id: leader, addr: `dn-${leader}:4001` },
        follower_peers: [],
        ...(downgraded ? { leader_status: 'Downgraded' } : {}),
      },
    ],
    version: 1,
  };
  // v0.6 wire form: the route as a JSON string.
  return JSON.stringify(JSON.stringify(route));
}

function answered(status: number, body: string): SubmissionOutcome {
  return {
    kind: 'answered',
    answer: {
      kind: 'response',
      addr: '127.0.0.1:3002',
      status,
      headers: {},
      body: Buffer.from(body),
    },
  };
}

class ScriptedCluster implements ClusterAccess {
  submissions = 0;
  routes: string[] = [];
  constructor(private readonly outcome: () => SubmissionOutcome) {}
  readFromLeader(pathAndQuery: string): Promise<LeaderReadResult> {
    // Only the route is scripted: lease and heartbeat reads find no leader (no evidence).
    if (!pathAndQuery.startsWith('/admin/route')) {
      return Promise.resolve({ kind: 'failed', message: 'not scripted' });
    }
    const body = this.routes.length > 1 ? this.routes.shift() : this.routes[0];
    return Promise.resolve(
      body === undefined
        ? { kind: 'failed', message: 'no leader' }
        : { kind: 'response', addr: '127.0.0.1:3002', status: 200, body },
    );
  }
  submitRegionMigration(): Promise<SubmissionOutcome> {
    this.submissions += 1;
    return Promise.resolve(this.outcome());
  }
}

let dataDir: string;
let clock: number;

beforeEach(() => {
  vi.useFakeTimers();
  clock = 1_700_000_000_000;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-'));
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function newTracker(): MigrationTracker {
  let n = 0;
  return new MigrationTracker({
    journal: openFileJournal(dataDir),
    now: () => clock,
    newId: () => `m${String((n += 1))}-${String(clock)}`,
  });
}

async function tick(ms: number) {
  clock += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

describe('MigrationTracker', () => {
  it('follows a migration through Downgraded to done and journals each state', async () => {
    const cluster = new ScriptedCluster(() => answered(200, '{"procedure_id":"p-1"}'));
    cluster.routes = [routeBody(0, false), routeBody(0, true), routeBody(2, false)];
    const tracker = newTracker();
    tracker.attachCluster('default', cluster);
    const seen: string[] = [];
    tracker.subscribe((m) => seen.push(m.phase));

    const record = await tracker.submit('default', REQUEST, { startedBy: 'ana' });
    expect(record).toMatchObject({ phase: 'following', procedureId: 'p-1', startedBy: 'ana' });
    const outcome = tracker.waitForOutcome(record.id);
    await tick(0);
    await tick(1_000);
    await tick(1_000);
    const done = await outcome;
    expect(done.outcome).toEqual({ kind: 'done' });
    expect(done.states.map((s) => s.code)).toEqual([
      'submitted',
      'leader-on-source',
      'downgraded',
      'leader-moved',
    ]);
    expect(seen[0]).toBe('submitting');
    expect(seen.at(-1)).toBe('finished');
    tracker.close();

    const replay = replayJournalText(fs.readFileSync(path.join(dataDir, JOURNAL_FILE), 'utf8'));
    expect(replay.migrations).toHaveLength(1);
    expect(replay.migrations[0]?.outcome).toEqual({ kind: 'done' });
  });

  it('reports a rollback when Downgraded clears on the source', async () => {
    const cluster = new ScriptedCluster(() => answered(200, '{"procedure_id":"p-2"}'));
    cluster.routes = [routeBody(0, true), routeBody(0, false)];
    const tracker = newTracker();
    tracker.attachCluster('default', cluster);
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    await tick(0);
    await tick(1_000);
    expect(tracker.get(record.id)?.outcome).toEqual({ kind: 'rolled-back' });
    tracker.close();
  });

  it('keeps MetaSrv’s exact refusal text and never re-sends a repeated key', async () => {
    const text = 'Another migration procedure is running for region: 4398046511104(1024, 0)';
    const cluster = new ScriptedCluster(() => answered(500, text));
    const tracker = newTracker();
    tracker.attachCluster('default', cluster);
    const first = tracker.submit('default', REQUEST, {
      startedBy: null,
      idempotencyKey: 'key-abcdef',
    });
    // A double click: the same key while the first is still on its way.
    const second = tracker.submit('default', REQUEST, {
      startedBy: null,
      idempotencyKey: 'key-abcdef',
    });
    const [a, b] = await Promise.all([first, second]);
    expect(cluster.submissions).toBe(1);
    expect(b.id).toBe(a.id);
    expect(tracker.get(a.id)?.outcome).toEqual({
      kind: 'refused',
      status: 500,
      text,
      metasrvAddr: '127.0.0.1:3002',
    });
    tracker.close();
  });

  it('follows (never re-sends) a submission whose answer was lost', async () => {
    const cluster = new ScriptedCluster(() => ({
      kind: 'proxy-error',
      status: 504,
      error: { code: 'submission-outcome-unknown', message: 'no answer within 5000 ms' },
    }));
    cluster.routes = [routeBody(2, false)];
    const tracker = newTracker();
    tracker.attachCluster('default', cluster);
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    expect(record).toMatchObject({ phase: 'following', procedureId: null });
    await tick(0);
    expect(tracker.get(record.id)?.outcome).toEqual({ kind: 'done' });
    expect(cluster.submissions).toBe(1);
    tracker.close();
  });

  it('names its own later migration, not "something else", when that one moved the region', async () => {
    const cluster = new ScriptedCluster(() => answered(200, '{"procedure_id":"p-5"}'));
    cluster.routes = [routeBody(0, false)];
    const tracker = newTracker();
    tracker.attachCluster('default', cluster);
    const first = await tracker.submit('default', REQUEST, { startedBy: 'ana' });
    await tick(1_000);
    await tracker.submit(
      'default',
      { ...REQUEST, to_peer_id: '3' },
      { startedBy: 'bo', planRunId: 'run-9' },
    );
    cluster.routes = [routeBody(3, false)];
    await tick(1_000);
    const outcome = tracker.get(first.id)?.outcome;
    expect(outcome?.kind).toBe('diverged');
    expect(outcome?.kind === 'diverged' && outcome.reason).toMatch(
      /^This console moved the region meanwhile: plan run run-9 \(record m2-/,
    );
    tracker.close();
  });

  it('gives up past the procedure’s bound when the route never changes', async () => {
    const cluster = new ScriptedCluster(() => answered(200, '{"procedure_id":"p-3"}'));
    cluster.routes = [routeBody(0, false)];
    const tracker = newTracker();
    tracker.attachCluster('default', cluster);
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    // bound = 10 s + 3 x (5 s + 1 s) = 28 s, plus the 15 s margin.
    for (let i = 0; i < 44; i += 1) await tick(1_000);
    expect(tracker.get(record.id)?.outcome).toEqual({
      kind: 'not-progressing',
      sawChange: false,
      evidence:
        'the console has read no lease of datanode 2; datanode 2 has not reported the region since submission.',
    });
    tracker.close();
  });

  it('resumes following in-flight migrations after a restart', async () => {
    const cluster = new ScriptedCluster(() => answered(200, '{"procedure_id":"p-4"}'));
    cluster.routes = [routeBody(0, true)];
    const first = newTracker();
    first.attachCluster('default', cluster);
    const record = await first.submit('default', REQUEST, { startedBy: null });
    await tick(0);
    first.close();

    // The "restart": a new tracker on the same data directory.
    const second = newTracker();
    expect(second.get(record.id)?.phase).toBe('following');
    cluster.routes = [routeBody(2, false)];
    second.attachCluster('default', cluster);
    await tick(0);
    expect(second.get(record.id)?.outcome).toEqual({ kind: 'done' });
    expect(second.get(record.id)?.states.map((s) => s.code)).toEqual([
      'submitted',
      'downgraded',
      'leader-moved',
    ]);
    expect(cluster.submissions).toBe(1);
    second.close();
  });
});

describe('replayJournalText', () => {
  it('keeps the last valid line per id and skips torn or foreign lines', () => {
    const base = {
      id: 'a',
      clusterId: 'default',
      idempotencyKey: null,
      request: REQUEST,
      tableId: 1024,
      replayTimeoutMs: 5000,
      boundMs: 28000,
      startedBy: null,
      planRunId: null,
      submittedAtMs: 1,
      phase: 'following',
      procedureId: 'p',
      metasrvAddr: null,
      submissionNote: null,
      states: [],
      outcome: null,
      finishedAtMs: null,
      lastReadError: null,
    };
    const text = [
      JSON.stringify({ v: 1, migration: base }),
      JSON.stringify({ v: 1, migration: { ...base, id: 'b' } }),
      JSON.stringify({
        v: 1,
        migration: { ...base, phase: 'finished', outcome: { kind: 'done' }, finishedAtMs: 9 },
      }),
      JSON.stringify({
        v: 1,
        migration: { ...base, id: 'c', request: { ...REQUEST, region_id: 'x' } },
      }),
      '{"v":1,"migration":{"id":"d"', // torn by a crash
    ].join('\n');
    const replay = replayJournalText(text);
    expect(replay.skippedLines).toBe(2);
    expect(replay.migrations.map((m) => [m.id, m.phase])).toEqual([
      ['a', 'finished'],
      ['b', 'following'],
    ]);
  });
});
