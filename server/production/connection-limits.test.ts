/**
 * The connection limits on real sockets: what is bounded is the kernel's and Node's handling
 * of sockets, so fake timers would prove nothing. Every limit is set to 2 s or less, so the
 * waits are real but short; each test fails by timing out when its limit is missing.
 */
import type http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLimitedServer } from './connection-limits.ts';
import type { ConnectionLimits } from './connection-limits.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SHORT: ConnectionLimits = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  keepAliveTimeoutMs: 500,
  connectionsCheckingIntervalMs: 200,
  idleTimeoutMs: 1_000,
  maxConnections: 500,
};

async function listen(limits: Partial<ConnectionLimits>, handler: http.RequestListener) {
  const { server, serve } = createLimitedServer({ tls: null, limits: { ...SHORT, ...limits } });
  serve(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  return address.port;
}

interface OpenSocket {
  socket: net.Socket;
  /** Everything the server sent, once it closed the connection. */
  closed: Promise<{ text: string; afterMs: number }>;
}

async function connect(port: number): Promise<OpenSocket> {
  const socket = net.connect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  const startedAt = Date.now();
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => {
    socket.on('close', () => {
      resolve({ text: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - startedAt });
    });
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return { socket, closed };
}

const answerOk: http.RequestListener = (_req, res) => {
  res.end('ok');
};

describe('connection limits', () => {
  it('closes 200 connections that send nothing once the idle timeout passes', async () => {
    // Node's headers timeout would end them too, later and with a 408: the idle timer comes first.
    const port = await listen({ idleTimeoutMs: 1_000, headersTimeoutMs: 2_000 }, answerOk);
    const sockets = await Promise.all(Array.from({ length: 200 }, () => connect(port)));
    const results = await Promise.all(sockets.map((s) => s.closed));
    for (const { text, afterMs } of results) {
      expect(text).toBe('');
      expect(afterMs).toBeGreaterThanOrEqual(900);
      expect(afterMs).toBeLessThan(1_800);
    }
  });

  it('cuts an ordinary request left unanswered, but not an event stream, when idle', async () => {
    const port = await listen({ idleTimeoutMs: 1_000 }, (req, res) => {
      // Neither is answered: the stream stays open on purpose, the other never finishes.
      if (req.url === '/api/clusters/default/events') res.flushHeaders();
    });
    const stuck = await connect(port);
    stuck.socket.write('GET /api/clusters/default/migrations HTTP/1.1\r\nHost: c\r\n\r\n');
    const stream = await connect(port);
    stream.socket.write('GET /api/clusters/default/events HTTP/1.1\r\nHost: c\r\n\r\n');

    expect((await stuck.closed).afterMs).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(stream.socket.readyState).toBe('open');
  });

  it('answers a connection over the cap with 503 and closes it; a freed slot is used again', async () => {
    let served = 0;
    const port = await listen({ maxConnections: 2, idleTimeoutMs: 60_000 }, (_req, res) => {
      served += 1;
      res.end('ok');
    });
    const first = await connect(port);
    await connect(port);
    const third = await connect(port);
    third.socket.write('GET / HTTP/1.1\r\nHost: c\r\n\r\n');
    const refused = await third.closed;
    expect(refused.text).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(refused.text).toContain('Too many connections');
    expect(served).toBe(0);

    first.socket.destroy();
    await first.closed;
    const fourth = await connect(port);
    fourth.socket.end('GET / HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n');
    expect((await fourth.closed).text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*ok$/);
    expect(served).toBe(1);
  });

  it('cuts a slow-loris header dribble at the headers timeout', async () => {
    // A byte every 100 ms keeps the socket busy, so only the headers timeout can end it.
    const port = await listen({ headersTimeoutMs: 1_000, idleTimeoutMs: 60_000 }, answerOk);
    const slow = await connect(port);
    slow.socket.write('GET / HTTP/1.1\r\nHost: c\r\nX-Slow: ');
    const dribble = setInterval(() => {
      if (!slow.socket.destroyed) slow.socket.write('a');
    }, 100);
    cleanups.push(() => {
      clearInterval(dribble);
    });
    const { text, afterMs } = await slow.closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(afterMs).toBeGreaterThanOrEqual(1_000);
    expect(afterMs).toBeLessThan(1_800);
  });
});
