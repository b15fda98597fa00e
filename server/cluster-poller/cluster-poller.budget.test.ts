/**
 * Issue 14's budget: with 3 MetaSrv nodes and one table open, at most 0.4 requests/s to
 * MetaSrv whatever the number of tabs, and none when nobody is connected. Each simulated tab
 * reads what the table page and header read, every second (the fastest refresh setting),
 * for five minutes of fake time; every request that reaches a node is counted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAINTENANCE_PATH, routePath } from './cluster-poller.ts';
import type { ClusterPoller } from './cluster-poller.ts';
import { createFakeCluster, pollerOf } from './test-support/fake-cluster.ts';
import type { FakeCluster, FakeVersion } from './test-support/fake-cluster.ts';

const BUDGET_REQUESTS_PER_S = 0.4;
const RUN_MS = 5 * 60_000;
const TAB_REFRESH_MS = 1_000;
const TABLE_ID = '1024';

const pollers: ClusterPoller[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const poller of pollers.splice(0)) poller.close();
  vi.useRealTimers();
});

/** MetaSrv requests per second with `tabs` tabs on one table's page. */
async function requestsPerSecond(version: FakeVersion, tabs: number): Promise<number> {
  const cluster: FakeCluster = createFakeCluster(version);
  const poller = pollerOf(cluster);
  pollers.push(poller);
  const nodeLeasePath = version === 'v1.1' ? '/admin/node-lease' : '/admin/node-lease?cluster_id=0';
  for (let tab = 0; tab < tabs; tab += 1) {
    poller.retainBrowser();
    poller.openTable(TABLE_ID);
  }
  for (let elapsedMs = 0; elapsedMs < RUN_MS; elapsedMs += TAB_REFRESH_MS) {
    await Promise.all(
      Array.from({ length: tabs }, () => [
        poller.metasrvStatus(),
        poller.read(nodeLeasePath),
        poller.read(MAINTENANCE_PATH),
        ...(version === 'v1.1' ? [] : [poller.read(routePath(TABLE_ID))]),
      ]).flat(),
    );
    await vi.advanceTimersByTimeAsync(TAB_REFRESH_MS);
  }
  return cluster.requests.length / (RUN_MS / 1_000);
}

describe('MetaSrv budget', () => {
  it.each(['v0.7.2', 'v1.1'] as const)(
    '%s: one tab and 50 tabs on one table stay within 0.4 requests/s, and cost the same',
    async (version) => {
      const one = await requestsPerSecond(version, 1);
      const fifty = await requestsPerSecond(version, 50);

      expect(one).toBeLessThanOrEqual(BUDGET_REQUESTS_PER_S);
      expect(fifty).toBeLessThanOrEqual(BUDGET_REQUESTS_PER_S);
      expect(fifty / one).toBeLessThanOrEqual(1.2);
    },
  );

  it('sends nothing when no browser is connected and nothing is followed', async () => {
    const cluster = createFakeCluster('v0.7.2');
    const poller = pollerOf(cluster);
    pollers.push(poller);
    const closeTab = poller.retainBrowser();
    closeTab();
    const afterTab = cluster.requests.length;

    await vi.advanceTimersByTimeAsync(RUN_MS);

    expect(cluster.requests.length).toBe(afterTab);
  });
});
