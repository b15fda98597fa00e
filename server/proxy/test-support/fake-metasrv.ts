/**
 * A tiny scripted stand-in for one MetaSrv node, for the proxy's tests. The real emulator is
 * deliberately not used: these tests pin the proxy's own rules (where requests go, when they
 * are re-sent) and must not move when the emulator does. Every request is recorded, so a test
 * can assert what reached which node, including that nothing did.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiHandler } from '../api-handler.ts';

export type FakeReply =
  | { status?: number; body?: string | Buffer; headers?: Record<string, string> }
  /** Read the request, never answer: the proxy's timeout fires after sending. */
  | 'hang'
  /** Read the request, then drop the connection without answering. */
  | 'reset';

export interface FakeMetasrv {
  addr: string;
  /** Path and query of every request received, in order. */
  requests: string[];
  /** The same, each as `METHOD path?query`. */
  calls: string[];
  /** Requests whose path (without query) is `path`. */
  requestsTo(path: string): string[];
  /** Scripts the answer for a path (without query); a function can change per request. */
  reply(path: string, reply: FakeReply | (() => FakeReply)): void;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `127.0.0.1:${(address satisfies AddressInfo).port}`;
}

async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
}

/** By default the node is the leader: `/admin/leader` answers its own address. */
export async function startFakeMetasrv(): Promise<FakeMetasrv> {
  const replies = new Map<string, FakeReply | (() => FakeReply)>();
  const requests: string[] = [];
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    calls.push(`${req.method ?? 'GET'} ${url}`);
    const path = url.split('?')[0] ?? url;
    const scripted = replies.get(path);
    const reply = typeof scripted === 'function' ? scripted() : scripted;
    req.resume();
    if (reply === 'hang') return;
    if (reply === 'reset') {
      req.socket.destroy();
      return;
    }
    // Unknown admin paths: 404 with an empty body, as MetaSrv's router does (API.md §1.1).
    const { status = 404, body = '', headers = {} } = reply ?? {};
    res.writeHead(status, headers);
    res.end(body);
  });
  const addr = await listen(server);
  replies.set('/admin/leader', { status: 200, body: addr });
  return {
    addr,
    requests,
    calls,
    requestsTo: (path) => requests.filter((url) => url.split('?')[0] === path),
    reply: (path, reply) => replies.set(path, reply),
    close: () => closeServer(server),
  };
}

/** An address on which nothing listens, so connecting is refused before anything is sent. */
export async function unusedAddr(): Promise<string> {
  const server = http.createServer();
  const addr = await listen(server);
  await closeServer(server);
  return addr;
}

export interface RunningProxy {
  /** `http://127.0.0.1:port` */
  origin: string;
  close(): Promise<void>;
}

/** Serves the handler alone; requests it passes on get 418 so tests can see `next()`. */
export async function serveHandler(handler: ApiHandler): Promise<RunningProxy> {
  const server = http.createServer((req, res) => {
    handler(req, res, (error) => {
      res.writeHead(error === undefined ? 418 : 500);
      res.end('next');
    });
  });
  const addr = await listen(server);
  return { origin: `http://${addr}`, close: () => closeServer(server) };
}
