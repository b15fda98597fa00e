import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterConnection } from './cluster-connection.ts';
import { LeaderTracker, NO_ELECTION_ANSWER } from './leader-tracker.ts';
import { startFakeMetasrv, unusedAddr } from './test-support/fake-metasrv.ts';
import type { FakeMetasrv } from './test-support/fake-metasrv.ts';
import { sendToMetasrv } from './upstream.ts';

const fakes: FakeMetasrv[] = [];

async function fakes2(): Promise<[FakeMetasrv, FakeMetasrv]> {
  const pair: [FakeMetasrv, FakeMetasrv] = [await startFakeMetasrv(), await startFakeMetasrv()];
  fakes.push(...pair);
  return pair;
}

function tracker(cluster: Partial<ClusterConnection> & Pick<ClusterConnection, 'metasrvAddrs'>) {
  return new LeaderTracker(
    { leaderMap: new Map(), timeoutMs: 1000, ...cluster },
    { send: sendToMetasrv, agent: false, now: () => 42 },
  );
}

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe('LeaderTracker', () => {
  it('treats a node answering `election info is None` as the leader without election', async () => {
    const [single] = await fakes2();
    single.reply('/admin/leader', { status: 200, body: NO_ELECTION_ANSWER });

    const resolution = await tracker({ metasrvAddrs: [single.addr] }).current();

    expect(resolution).toEqual({
      ok: true,
      leader: { addr: single.addr, reportedAddr: single.addr, withoutElection: true },
    });
  });

  it('finds the leader through a follower listed first', async () => {
    const [follower, leader] = await fakes2();
    follower.reply('/admin/leader', { status: 200, body: leader.addr });

    const resolution = await tracker({ metasrvAddrs: [follower.addr, leader.addr] }).current();

    expect(resolution).toMatchObject({
      ok: true,
      leader: { addr: leader.addr, withoutElection: false },
    });
  });

  it('refuses a reported leader that is not configured, naming it', async () => {
    const [node] = await fakes2();
    node.reply('/admin/leader', { status: 200, body: '10.244.1.17:3002' });

    const resolution = await tracker({ metasrvAddrs: [node.addr] }).current();

    expect(resolution.ok).toBe(false);
    if (resolution.ok) return;
    expect(resolution.error.code).toBe('leader-not-configured');
    expect(resolution.error.metasrv).toBe('10.244.1.17:3002');
    expect(resolution.error.message).toContain('10.244.1.17:3002');
    expect(resolution.error.message).toContain('METASRV_LEADER_MAP');
  });

  it('follows METASRV_LEADER_MAP from the reported pod address to the configured one', async () => {
    const [node] = await fakes2();
    node.reply('/admin/leader', { status: 200, body: '10.244.1.17:3002' });

    const resolution = await tracker({
      metasrvAddrs: [node.addr],
      leaderMap: new Map([['10.244.1.17:3002', node.addr]]),
    }).current();

    expect(resolution).toEqual({
      ok: true,
      leader: { addr: node.addr, reportedAddr: '10.244.1.17:3002', withoutElection: false },
    });
  });

  it('reports no-leader with MetaSrv text when reachable nodes have none', async () => {
    const [a, b] = await fakes2();
    for (const node of [a, b]) {
      node.reply('/admin/leader', { status: 500, body: 'MetaSrv has no leader at this moment' });
    }
    const resolution = await tracker({ metasrvAddrs: [a.addr, b.addr] }).current();
    expect(resolution.ok ? null : resolution.error.code).toBe('no-leader');
    expect(resolution.ok ? '' : resolution.error.message).toContain(
      'MetaSrv has no leader at this moment',
    );
  });

  it('caches the leader and asks again only after forget()', async () => {
    const [leader] = await fakes2();
    const subject = tracker({ metasrvAddrs: [leader.addr] });
    await subject.current();
    await subject.current();
    expect(leader.requestsTo('/admin/leader')).toHaveLength(1);

    subject.forget('127.0.0.1:1'); // another address: the cached leader stays
    await subject.current();
    expect(leader.requestsTo('/admin/leader')).toHaveLength(1);

    subject.forget(leader.addr);
    await subject.current();
    expect(leader.requestsTo('/admin/leader')).toHaveLength(2);
  });

  it('summarises every configured node for GET .../metasrv, reachable or not', async () => {
    const [follower, leader] = await fakes2();
    follower.reply('/admin/leader', { status: 200, body: leader.addr });
    const down = await unusedAddr();

    const status = await tracker({ metasrvAddrs: [down, follower.addr, leader.addr] }).status();

    expect(status.nodes[0]?.error).toContain('ECONNREFUSED');
    expect(status).toEqual({
      nodes: [
        {
          addr: down,
          reachable: false,
          leaderAnswer: null,
          error: status.nodes[0]?.error ?? 'missing',
        },
        {
          addr: follower.addr,
          reachable: true,
          leaderAnswer: { status: 200, body: leader.addr },
          error: null,
        },
        {
          addr: leader.addr,
          reachable: true,
          leaderAnswer: { status: 200, body: leader.addr },
          error: null,
        },
      ],
      leader: { addr: leader.addr, reportedAddr: leader.addr, withoutElection: false },
      leaderError: null,
      checkedAtMs: 42,
    });
  });

  it('reports metasrv-unreachable when no configured node answers', async () => {
    const status = await tracker({ metasrvAddrs: [await unusedAddr()] }).status();
    expect(status.leader).toBeNull();
    expect(status.leaderError?.code).toBe('metasrv-unreachable');
  });
});
