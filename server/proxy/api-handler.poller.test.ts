/**
 * The handler wired to its cluster's poller (issue 14, "MetaSrv load independent of the
 * number of viewers"; issue 15, "a failover is seen within 10 s"). Browsers talk to a real
 * node:http server; MetaSrv is the in-memory fake cluster, so every request that reaches a
 * node is counted. Only setInterval is faked (the poller's and the stream's timers): sockets
 * need the real event loop. The clock the poller reads is a variable the tests move.
 */
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MUTATION_HEADER } from '../../contract/api-contract.ts';
import { LEADER_POLL_INTERVAL_MS, NO_LEADER_RECHECK_MS } from '../cluster-poller/cluster-poller.ts';
import { createFakeCluster } from '../cluster-poller/test-support/fake-cluster.ts';
import type { FakeCluster } from '../cluster-poller/test-support/fake-cluster.ts';
import { createApiHandler } from './api-handler.ts';
import type { ClusterApiHandler } from './api-handler.ts';
import { serveHandler } from './test-support/fake-metasrv.ts';
import type { RunningProxy } from './test-support/fake-metasrv.ts';

const API = 'api/clusters/default';
const REFRESH_INTERVAL_MS = 30_000;
const LEASES = '/admin/node-lease';

let nowMs = Date.UTC(2026, 11, 7, 10, 0, 0);
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
});

interface Served {
  cluster: FakeCluster;
  handler: ClusterApiHandler;
  proxy: RunningProxy;
  get: (endpoint: string, headers?: Record<string, string>) => Promise<Response>;
  /** Opens a browser's event stream; resolves once the server holds it. */
  openStream: (query?: string) => Promise<EventStream>;
}

interface EventStream {
  /** Resolves with the first frame naming `kind`. */
  next: (kind: string) => Promise<string>;
  close: () => void;
}

async function served(): Promise<Served> {
  const cluster = createFakeCluster('v0.7.2');
  const handler = createApiHandler(
    { metasrvAddrs: cluster.addrs, leaderMap: new Map(), timeoutMs: 1_000 },
    { send: cluster.send, now: () => nowMs, refreshIntervalMs: REFRESH_INTERVAL_MS },
  );
  const proxy = await serveHandler(handler);
  cleanups.push(
    () => proxy.close(),
    () => {
      handler.close();
    },
  );
  return {
    cluster,
    handler,
    proxy,
    get: (endpoint, headers = {}) => fetch(`${proxy.origin}/${API}/${endpoint}`, { headers }),
    openStream: async (query = '') => {
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get(`${proxy.origin}/${API}/events${query}`, resolve).on('error', reject);
      });
      response.setEncoding('utf8');
      let text = '';
      const waiting = new Set<() => void>();
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const wake of waiting) wake();
      });
      const close = () => {
        response.destroy();
      };
      cleanups.push(close);
      return {
        next: async (kind) => {
          for (;;) {
            const frame = text.split('\n\n').find((f) => f.startsWith(`event: ${kind}\n`));
            if (frame !== undefined) return frame;
            await new Promise<void>((resolve) => {
              const wake = () => {
                waiting.delete(wake);
                resolve();
              };
              waiting.add(wake);
            });
          }
        },
        close,
      };
    },
  };
}

/** Lets every answer already on its way arrive (the fake cluster answers at once). */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  await new Promise((resolve) => setTimeout(resolve, 50));
}

async function advance(ms: number): Promise<void> {
  nowMs += ms;
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
}

describe('the handler behind the shared poller', () => {
  it('sends nothing to MetaSrv while no browser is connected and nothing is followed', async () => {
    const { cluster } = await served();

    await advance(5 * 60_000);

    expect(cluster.requests).toHaveLength(0);
  });

  it('serves ten tabs from one read, then re-reads leases once per REFRESH_INTERVAL_MS', async () => {
    const { cluster, get, openStream } = await served();
    await openStream('?tables=1024');
    await settle();
    const afterStart = cluster.requestsTo(LEASES).length;

    const answers = await Promise.all(Array.from({ length: 10 }, () => get('node-lease')));

    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(afterStart).toBe(1);
    expect(cluster.requestsTo(LEASES)).toHaveLength(1);
    await advance(REFRESH_INTERVAL_MS);
    expect(cluster.requestsTo(LEASES)).toHaveLength(2);
    // The open table's route follows the same interval.
    expect(cluster.requestsTo('/admin/route')).toHaveLength(2);
  });

  it('stops reading MetaSrv once the last browser closed its stream', async () => {
    const { cluster, openStream } = await served();
    const stream = await openStream();
    await settle();
    stream.close();
    await settle();
    const afterClose = cluster.requests.length;

    await advance(5 * 60_000);

    expect(cluster.requests).toHaveLength(afterClose);
  });

  it('lets an explicit refresh (cache-control: no-cache) past the cache once a second', async () => {
    const { cluster, get, openStream } = await served();
    await openStream();
    await settle();
    nowMs += 2_000;

    await get('node-lease', { 'cache-control': 'no-cache' });
    await get('node-lease', { 'cache-control': 'no-cache' });
    await get('node-lease');

    // One read at start, one for the first refresh; the second refresh came within a second.
    expect(cluster.requestsTo(LEASES)).toHaveLength(2);
  });

  it('shows a switched maintenance mode at the next read, not after the refresh interval', async () => {
    const { cluster, get, openStream, proxy } = await served();
    await openStream();
    await settle();
    expect(await (await get('maintenance')).text()).toBe('Maintenance mode is disabled');

    cluster.reply('/admin/maintenance/set', 'Maintenance mode is enabled');
    cluster.reply('/admin/maintenance', 'Maintenance mode is enabled');
    const switched = await fetch(`${proxy.origin}/${API}/maintenance-set`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [MUTATION_HEADER.name]: MUTATION_HEADER.value,
      },
      body: JSON.stringify({ enable: true }),
    });

    expect(switched.status).toBe(200);
    expect(await (await get('maintenance')).text()).toBe('Maintenance mode is enabled');
  });

  it('pushes a leader change to the browser within one leader interval', async () => {
    const { cluster, get, openStream } = await served();
    const stream = await openStream();
    await settle();
    const [a, b] = cluster.addrs;
    if (a === undefined || b === undefined) throw new Error('no nodes');

    cluster.stop(a);
    cluster.elect(b);
    await advance(LEADER_POLL_INTERVAL_MS);

    const frame = await stream.next('leader-changed');
    expect(JSON.parse(frame.split('data: ')[1] ?? '')).toMatchObject({ from: a, to: b });
    const status = await (await get('metasrv')).json();
    expect(status).toMatchObject({ leader: { addr: b } });
  });

  it('answers readiness from the poller: not ready without a leader, ready once one answers', async () => {
    const { cluster, handler } = await served();
    for (const addr of cluster.addrs) cluster.stop(addr);
    expect(await handler.readiness()).toBe(false);

    for (const addr of cluster.addrs) cluster.start(addr);
    // Within a second a probe is answered from the last round, at no cost.
    expect(await handler.readiness()).toBe(false);
    nowMs += NO_LEADER_RECHECK_MS;
    expect(await handler.readiness()).toBe(true);
  });
});
