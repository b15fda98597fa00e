/**
 * The event stream over a real node:http server on 127.0.0.1 and a real client socket.
 * Only setInterval is faked (the keep-alive): sockets need the real event loop, and the
 * tests wait for bytes to arrive or holds to be given back, never for time to pass.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeCluster, pollerOf } from '../cluster-poller/test-support/fake-cluster.ts';
import type { Release } from '../cluster-poller/ref-counts.ts';
import { PushHub } from './push-hub.ts';
import { PUSH_KEEP_ALIVE_INTERVAL_MS, createPushStreamHandler } from './push-stream.ts';
import type { ClusterInterests } from './push-stream.ts';

const IDLE_TIMEOUT_MS = 1_000;

/** Counts holds like the poller does, and says when the last one is given back. */
class RecordedInterests implements ClusterInterests {
  readonly held: string[] = [];
  private whenEmpty: (() => void) | null = null;

  released(): Promise<void> {
    return new Promise((resolve) => (this.whenEmpty = resolve));
  }
  retainBrowser(): Release {
    return this.hold('browser');
  }
  openTable(tableId: string): Release {
    return this.hold(`table ${tableId}`);
  }
  openClusterView(): Release {
    return this.hold('cluster view');
  }
  private hold(what: string): Release {
    this.held.push(what);
    return () => {
      this.held.splice(this.held.indexOf(what), 1);
      if (this.held.length === 0) this.whenEmpty?.();
    };
  }
}

interface Running {
  origin: string;
  serverSockets: Socket[];
  close(): Promise<void>;
}

const servers: Running[] = [];

async function serve(hub: PushHub, interests: ClusterInterests): Promise<Running> {
  const handler = createPushStreamHandler({
    hub,
    interestsOf: (clusterId) => (clusterId === 'default' ? interests : undefined),
  });
  const serverSockets: Socket[] = [];
  const server = http.createServer((req, res) => {
    serverSockets.push(req.socket);
    handler(req, res, () => {
      res.writeHead(418);
      res.end('next');
    });
  });
  // The idle timeout an ordinary request gets; the stream must be exempt from it.
  server.setTimeout(IDLE_TIMEOUT_MS);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const running = {
    origin: `http://127.0.0.1:${String((address satisfies AddressInfo).port)}`,
    serverSockets,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
  servers.push(running);
  return running;
}

interface Stream {
  res: http.IncomingMessage;
  /** Resolves with everything received once it contains `text`. */
  until(text: string): Promise<string>;
  close(): void;
}

function openStream(url: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let received = '';
      const waiters: (() => void)[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        received += chunk;
        for (const wake of waiters.splice(0)) wake();
      });
      resolve({
        res,
        until: (text) =>
          new Promise((found) => {
            const check = (): void => {
              if (received.includes(text)) found(received);
              else waiters.push(check);
            };
            check();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

async function answerOf(url: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method });
  return { status: res.status, body: await res.text() };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  vi.useRealTimers();
});

describe('push stream', () => {
  it('opens an event stream that holds the browser, its tables and the cluster view until closed', async () => {
    const interests = new RecordedInterests();
    const { origin, serverSockets } = await serve(new PushHub(), interests);

    const stream = await openStream(
      `${origin}/api/clusters/default/events?tables=1024,1025&view=cluster`,
    );
    await stream.until('retry: 5000\n\n');

    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers['x-content-type-options']).toBe('nosniff');
    expect(stream.res.headers['cache-control']).toBe('no-store');
    expect(interests.held).toEqual(['browser', 'table 1024', 'table 1025', 'cluster view']);
    // Exempt from the server's idle timeout, which every other request keeps.
    expect(serverSockets[0]?.timeout).toBe(0);

    const released = interests.released();
    stream.close();
    await released;
    expect(interests.held).toEqual([]);
  });

  it('takes an empty table list as no table on screen', async () => {
    const interests = new RecordedInterests();
    const { origin } = await serve(new PushHub(), interests);
    const stream = await openStream(`${origin}/api/clusters/default/events?tables=&view=cluster`);
    await stream.until('retry: 5000\n\n');
    expect(stream.res.statusCode).toBe(200);
    expect(interests.held).toEqual(['browser', 'cluster view']);
    stream.close();
  });

  it('pushes the events of its own cluster, each as one frame', async () => {
    const hub = new PushHub();
    const { origin } = await serve(hub, new RecordedInterests());
    const stream = await openStream(`${origin}/api/clusters/default/events`);
    await stream.until('retry:');

    hub.publish('other', { kind: 'leader-changed', from: 'x:3002', to: 'y:3002', at: 1 });
    hub.publish('default', { kind: 'leader-changed', from: 'a:3002', to: null, at: 2 });
    const received = await stream.until('"at":2');

    expect(received).toContain(
      'event: leader-changed\ndata: {"kind":"leader-changed","from":"a:3002","to":null,"at":2}\n\n',
    );
    expect(received).not.toContain('x:3002');
    stream.close();
  });

  it('sends a keep-alive comment every 15 s and nothing before', async () => {
    const hub = new PushHub();
    const { origin } = await serve(hub, new RecordedInterests());
    const stream = await openStream(`${origin}/api/clusters/default/events`);
    await stream.until('retry:');

    vi.advanceTimersByTime(PUSH_KEEP_ALIVE_INTERVAL_MS - 1);
    hub.publish('default', { kind: 'leader-changed', from: 'a:3002', to: 'b:3002', at: 3 });
    expect(await stream.until('"at":3')).not.toContain('keep-alive');

    vi.advanceTimersByTime(1);
    await stream.until(': keep-alive\n\n');
    stream.close();
  });

  it('refuses what it cannot serve before holding anything', async () => {
    const interests = new RecordedInterests();
    const { origin } = await serve(new PushHub(), interests);

    const badTable = await answerOf(`${origin}/api/clusters/default/events?tables=1024,x`);
    expect(badTable.status).toBe(400);
    expect(badTable.body).toContain('bad-request');
    expect((await answerOf(`${origin}/api/clusters/default/events?table=1`)).status).toBe(400);
    expect((await answerOf(`${origin}/api/clusters/nope/events`)).status).toBe(404);
    expect((await answerOf(`${origin}/api/clusters/default/events`, 'POST')).status).toBe(405);
    expect((await answerOf(`${origin}/api/clusters/default/route`)).status).toBe(418);
    expect(interests.held).toEqual([]);
  });

  it('makes the cluster poller run while it is open, and stop when it closes', async () => {
    const cluster = createFakeCluster('v0.7.2');
    const poller = pollerOf(cluster);
    let whenReleased = (): void => undefined;
    const released = new Promise<void>((resolve) => (whenReleased = resolve));
    const interests: ClusterInterests = {
      retainBrowser: () => {
        const release = poller.retainBrowser();
        return () => {
          release();
          whenReleased();
        };
      },
      openTable: (tableId) => poller.openTable(tableId),
      openClusterView: () => poller.openClusterView(),
    };
    const { origin } = await serve(new PushHub(), interests);

    const stream = await openStream(`${origin}/api/clusters/default/events?tables=1024`);
    await stream.until('retry:');
    expect(poller.isRunning()).toBe(true);

    stream.close();
    await released;
    expect(poller.isRunning()).toBe(false);
    poller.close();
  });
});
