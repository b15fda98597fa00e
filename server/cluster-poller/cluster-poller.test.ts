/**
 * The poller against MetaSrv nodes held in memory (test-support/fake-cluster.ts) under fake
 * timers: minutes of polling run in milliseconds and every request is counted. One test
 * goes through real sockets to pin that a cached answer keeps MetaSrv's bytes and headers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendToMetasrv } from '../proxy/upstream.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import {
  ClusterPoller,
  HEARTBEAT_PATH,
  LEADER_POLL_INTERVAL_MS,
  MAINTENANCE_PATH,
  NO_LEADER_RECHECK_MS,
  routePath,
} from './cluster-poller.ts';
import type { ClusterPollerDeps, LeaderRead } from './cluster-poller.ts';
import type { LeaderChangedEvent } from './leader-watch.ts';
import { createFakeCluster, pollerOf } from './test-support/fake-cluster.ts';
import type { FakeCluster, FakeVersion } from './test-support/fake-cluster.ts';

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);
const LEGACY_NODE_LEASE_PATH = '/admin/node-lease?cluster_id=0';
const pollers: ClusterPoller[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  for (const poller of pollers.splice(0)) poller.close();
  vi.useRealTimers();
});

function newPoller(cluster: FakeCluster, deps: Partial<ClusterPollerDeps> = {}): ClusterPoller {
  const poller = pollerOf(cluster, deps);
  pollers.push(poller);
  return poller;
}

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

function bodyOf(read: LeaderRead): string {
  if (read.kind !== 'relay') throw new Error(`no answer: ${read.error.message}`);
  return read.answer.body.toString('utf8');
}

function nodeOf(cluster: FakeCluster, index: number): string {
  const addr = cluster.addrs[index];
  if (addr === undefined) throw new Error(`no node ${String(index)}`);
  return addr;
}

/** A cluster's poller with one browser connected. */
function connected(version: FakeVersion = 'v0.7.2') {
  const cluster = createFakeCluster(version);
  const poller = newPoller(cluster);
  poller.retainBrowser();
  return { cluster, poller };
}

/** A browser connected to a v0.7.2 cluster led by node a, its leader events recorded. */
function watchedCluster() {
  const { cluster, poller } = connected();
  const events: LeaderChangedEvent[] = [];
  poller.onLeaderChanged((event) => events.push(event));
  return { cluster, poller, events, a: nodeOf(cluster, 0), b: nodeOf(cluster, 1) };
}

describe('ClusterPoller: the leader', () => {
  it('asks the leader alone every 5 s and the other nodes every 30 s', async () => {
    const cluster = createFakeCluster('v0.7.2');
    const [a, b, c] = [0, 1, 2].map((index) => nodeOf(cluster, index));
    newPoller(cluster).retainBrowser();

    await advance(60_000);

    // A full round at 0, 30 and 60 s; the leader alone at every other 5 s tick.
    expect(cluster.requestsTo('/admin/leader', a)).toHaveLength(13);
    expect(cluster.requestsTo('/admin/leader', b)).toHaveLength(3);
    expect(cluster.requestsTo('/admin/leader', c)).toHaveLength(3);
  });

  it('announces a failover at the next 5 s read, and shows the stopped node unreachable since then', async () => {
    const { cluster, poller, events, a, b } = watchedCluster();
    await advance(1_000);

    cluster.stop(a);
    cluster.elect(b);
    await advance(LEADER_POLL_INTERVAL_MS - 1_000);

    expect(events).toEqual([{ kind: 'leader-changed', from: a, to: b, at: T0 + 5_000 }]);
    await advance(10_000);
    const status = await poller.metasrvStatus();
    expect(status.leader?.addr).toBe(b);
    expect(status.nodes.find((node) => node.addr === a)).toMatchObject({
      reachable: false,
      unreachableSinceMs: T0 + 5_000,
    });
  });

  it('never shows a leader that does not answer, even while the others still name it', async () => {
    const { cluster, poller, events, a, b } = watchedCluster();
    await advance(0);

    cluster.stop(a);
    await advance(5_000);
    const status = await poller.metasrvStatus();
    expect(status.leader).toBeNull();
    expect(status.leaderError?.code).toBe('metasrv-unreachable');
    expect(status.leaderError?.message).toContain(a);

    cluster.elect(b);
    await advance(5_000);
    expect(events).toEqual([
      { kind: 'leader-changed', from: a, to: null, at: T0 + 5_000 },
      { kind: 'leader-changed', from: a, to: b, at: T0 + 10_000 },
    ]);
  });

  it('sees a leader change named by the old leader with one request', async () => {
    const { cluster, events, a, b } = watchedCluster();
    await advance(0);
    const before = cluster.requestsTo('/admin/leader').length;

    cluster.elect(b);
    await advance(5_000);

    expect(cluster.requestsTo('/admin/leader').length - before).toBe(1);
    expect(events).toEqual([{ kind: 'leader-changed', from: a, to: b, at: T0 + 5_000 }]);
  });

  it('sends the next read to the new leader after a failed one, retrying once', async () => {
    const { cluster, poller, a, b } = watchedCluster();
    await advance(0);

    cluster.stop(a);
    cluster.elect(b);
    const read = await poller.read('/admin/catalogs');

    expect(read.kind).toBe('relay');
    expect(cluster.requestsTo('/admin/catalogs', b)).toHaveLength(1);
  });
});

describe('ClusterPoller: one cache for every browser', () => {
  it('answers polled data from the cache, however many read it', async () => {
    const { cluster, poller } = connected();
    poller.openTable('1024');
    await advance(0);
    const before = cluster.requests.length;

    const reads = await Promise.all(
      Array.from({ length: 50 }, () => [
        poller.read(routePath('1024')),
        poller.read(LEGACY_NODE_LEASE_PATH),
        poller.read(MAINTENANCE_PATH),
      ]).flat(),
    );

    expect(cluster.requests.length).toBe(before);
    expect(reads.map(bodyOf)).toContain('Maintenance mode is disabled');
  });

  it('lets an explicit refresh read once, shared, and at most once a second', async () => {
    const { cluster, poller } = connected();
    await advance(2_000);
    const asked = () => cluster.requestsTo('/admin/maintenance').length;
    const before = asked();

    cluster.reply('/admin/maintenance', 'Maintenance mode is enabled');
    const reads = await Promise.all(
      Array.from({ length: 10 }, () => poller.read(MAINTENANCE_PATH, { bypassCache: true })),
    );
    expect(asked() - before).toBe(1);
    expect(new Set(reads.map(bodyOf))).toEqual(new Set(['Maintenance mode is enabled']));

    await poller.read(MAINTENANCE_PATH, { bypassCache: true });
    expect(asked() - before).toBe(1);
    await advance(1_000);
    await poller.read(MAINTENANCE_PATH, { bypassCache: true });
    expect(asked() - before).toBe(2);
  });

  it('passes reads it does not poll through, shared while one is in flight', async () => {
    const { cluster, poller } = connected();
    await advance(0);

    await Promise.all(Array.from({ length: 5 }, () => poller.read('/admin/catalogs')));
    expect(cluster.requestsTo('/admin/catalogs')).toHaveLength(1);
    await poller.read('/admin/catalogs');
    expect(cluster.requestsTo('/admin/catalogs')).toHaveLength(2);
  });

  it('refuses a table id the route endpoint would refuse where it is opened', async () => {
    const { cluster, poller } = connected();
    await advance(0);

    expect(() => poller.openTable('1024; DROP')).toThrow();
    expect(bodyOf(await poller.read(MAINTENANCE_PATH))).toBe('Maintenance mode is disabled');
    expect(cluster.requestsTo('/admin/route')).toHaveLength(0);
  });

  it('drops an answer a mutation made stale', async () => {
    const { cluster, poller } = connected();
    await advance(0);

    cluster.reply('/admin/maintenance', 'Maintenance mode is enabled');
    expect(bodyOf(await poller.read(MAINTENANCE_PATH))).toBe('Maintenance mode is disabled');
    poller.invalidate(MAINTENANCE_PATH);
    expect(bodyOf(await poller.read(MAINTENANCE_PATH))).toBe('Maintenance mode is enabled');
  });

  it('keeps MetaSrv bytes and headers exactly (real sockets)', async () => {
    vi.useRealTimers();
    // Only the poller's intervals are faked: the sockets need the real event loop.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const metasrv = await startFakeMetasrv();
    try {
      const body = Buffer.from('[{"name":{"cluster_id":0,"node_id":18446744073709551615}}]');
      metasrv.reply('/admin/node-lease', {
        status: 200,
        body,
        headers: { 'content-type': 'text/html', date: 'Mon, 07 Dec 2026 10:00:00 GMT' },
      });
      const poller = new ClusterPoller({
        connection: { metasrvAddrs: [metasrv.addr], leaderMap: new Map(), timeoutMs: 1_000 },
        send: sendToMetasrv,
        agent: false,
        now: Date.now,
        refreshIntervalMs: 30_000,
        detectGeneration: () => Promise.resolve('legacy'),
      });
      pollers.push(poller);
      poller.retainBrowser();

      const first = await poller.read(LEGACY_NODE_LEASE_PATH);
      const second = await poller.read(LEGACY_NODE_LEASE_PATH);

      expect(first.kind === 'relay' && first.answer.body.equals(body)).toBe(true);
      expect(first.kind === 'relay' && first.answer.headers['content-type']).toBe('text/html');
      expect(second).toBe(first);
      expect(metasrv.requestsTo('/admin/node-lease')).toHaveLength(1);
    } finally {
      await metasrv.close();
    }
  });
});

describe('ClusterPoller: only what the cluster has, only while someone looks', () => {
  it('asks a v0.6 cluster for maintenance mode once, then serves its 404', async () => {
    const { cluster, poller } = connected('v0.6');
    await advance(5 * 60_000);

    expect(cluster.requestsTo('/admin/maintenance')).toHaveLength(1);
    const read = await poller.read(MAINTENANCE_PATH);
    expect(read.kind === 'relay' && read.answer.status).toBe(404);
    expect(cluster.requestsTo('/admin/maintenance')).toHaveLength(1);
  });

  it('reads no route from MetaSrv on the SQL path, and leases without a cluster id', async () => {
    const { cluster, poller } = connected('v1.1');
    poller.openTable('1024');
    await advance(60_000);

    expect(cluster.requestsTo('/admin/route')).toHaveLength(0);
    expect(cluster.requestsTo('/admin/node-lease').map((r) => r.pathAndQuery)).toEqual([
      '/admin/node-lease',
      '/admin/node-lease',
      '/admin/node-lease',
    ]);
    expect(cluster.requestsTo('/admin/procedure-manager/status')).toHaveLength(3);
  });

  it('reads the heartbeat only while a cluster view is open', async () => {
    const { cluster, poller } = connected();
    await advance(60_000);
    expect(cluster.requestsTo('/admin/heartbeat')).toHaveLength(0);

    const closeView = poller.openClusterView();
    await advance(0);
    expect(cluster.requestsTo('/admin/heartbeat')).toHaveLength(1);
    await poller.read(HEARTBEAT_PATH);
    expect(cluster.requestsTo('/admin/heartbeat')).toHaveLength(1);
    await advance(30_000);
    expect(cluster.requestsTo('/admin/heartbeat')).toHaveLength(2);

    closeView();
    closeView();
    await advance(120_000);
    expect(cluster.requestsTo('/admin/heartbeat')).toHaveLength(2);
  });

  it('runs while a migration is followed with no browser, and stops when nobody holds it', async () => {
    const cluster = createFakeCluster('v0.7.2');
    const poller = newPoller(cluster);
    poller.setFollowing(true);
    await advance(30_000);
    expect(cluster.requests.length).toBeGreaterThan(0);

    const closeBrowser = poller.retainBrowser();
    poller.setFollowing(false);
    await advance(30_000);
    closeBrowser();
    const afterwards = cluster.requests.length;
    await advance(10 * 60_000);

    expect(poller.isRunning()).toBe(false);
    expect(cluster.requests.length).toBe(afterwards);
  });

  it('answers readiness from the last round: no request while a leader is known', async () => {
    const cluster = createFakeCluster('v0.7.2');
    const poller = newPoller(cluster);

    expect(await poller.readiness()).toBe(true);
    const afterFirst = cluster.requests.length;
    await advance(10 * 60_000);
    expect(await poller.readiness()).toBe(true);
    expect(cluster.requests.length).toBe(afterFirst);
  });

  it('asks again at most once a second while no leader is known, so a console recovers with MetaSrv', async () => {
    const cluster = createFakeCluster('v0.7.2');
    for (const addr of cluster.addrs) cluster.stop(addr);
    const send = vi.fn(cluster.send);
    const poller = newPoller(cluster, { send });

    expect(await poller.readiness()).toBe(false);
    expect(await poller.readiness()).toBe(false);
    expect(send).toHaveBeenCalledTimes(3);

    for (const addr of cluster.addrs) cluster.start(addr);
    await advance(NO_LEADER_RECHECK_MS - 1);
    expect(await poller.readiness()).toBe(false);
    expect(send).toHaveBeenCalledTimes(3);
    await advance(1);
    expect(await poller.readiness()).toBe(true);
  });

  it('a read answered "no leader" is asked again a second later, not a poll interval later', async () => {
    const { cluster, poller } = connected();
    await advance(0);
    const leader = nodeOf(cluster, 0);
    for (const addr of cluster.addrs) cluster.stop(addr);
    await advance(LEADER_POLL_INTERVAL_MS);
    // A route no browser has open: read from the leader, not from the cache.
    expect((await poller.read(routePath('1024'))).kind).toBe('proxy-error');

    for (const addr of cluster.addrs) cluster.start(addr);
    cluster.elect(leader);
    await advance(NO_LEADER_RECHECK_MS);
    expect((await poller.read(routePath('1024'))).kind).toBe('relay');
  });
});
