/**
 * Bounds on the connections clients hold, so that silent, slow or many sockets cannot use up
 * the process's file descriptors (which a migration submission and the journal need too):
 *
 * - `headersTimeoutMs`: the headers of a request must arrive within this (slow-loris);
 * - `requestTimeoutMs`: the whole request, body included;
 * - `keepAliveTimeoutMs`: an idle keep-alive connection between requests;
 * - `connectionsCheckingIntervalMs`: how often Node checks the two request timeouts, so a
 *   dribble is cut at most this long after its deadline;
 * - `idleTimeoutMs`: a socket with no bytes either way, whether it never sent a request or
 *   its request waits for an answer that never comes;
 * - `maxConnections`: open sockets at once; one more is answered a bare 503 and closed.
 *
 * Long-lived answers (Server-Sent Events) are exempt from the idle timeout: `isLongLived`
 * names their paths, and their sockets get no idle timer once the request arrived.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { API_PREFIX } from '../../contract/api-contract.ts';
import { PUSH_STREAM_ENDPOINT } from '../push/push-stream.ts';

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  connectionsCheckingIntervalMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  connectionsCheckingIntervalMs: 2_000,
  idleTimeoutMs: 60_000,
  // Leaves about half of a common 1,024-descriptor limit for MetaSrv sockets and files.
  maxConnections: 500,
};

export type ConsoleHttpServer = http.Server | https.Server;

const PUSH_STREAM_PATH = new RegExp(`^${API_PREFIX}/clusters/[^/]+/${PUSH_STREAM_ENDPOINT}$`);

/**
 * Paths whose answer stays open and quiet between events: the push stream
 * `/api/clusters/:id/events` (server/push/push-stream.ts). Its handler turns the timer off
 * too; doing it here, before the pipeline, keeps the exemption whatever runs ahead of it.
 * Add any future long-lived endpoint here.
 */
export function isLongLivedPath(pathname: string): boolean {
  return PUSH_STREAM_PATH.test(pathname);
}

const OVER_CAPACITY_TEXT = 'Too many connections; retry shortly.';
/** Written on the raw socket before any request is read: it costs no more than a close. */
const OVER_CAPACITY_ANSWER = [
  'HTTP/1.1 503 Service Unavailable',
  'Connection: close',
  'Content-Type: text/plain; charset=utf-8',
  `Content-Length: ${Buffer.byteLength(OVER_CAPACITY_TEXT)}`,
  '',
  OVER_CAPACITY_TEXT,
].join('\r\n');

export interface LimitedServer {
  server: ConsoleHttpServer;
  /** Attaches the request handler; requests on a refused connection never reach it. */
  serve: (listener: http.RequestListener) => void;
}

export function createLimitedServer(options: {
  tls: { cert: Buffer; key: Buffer } | null;
  limits: ConnectionLimits;
  isLongLived?: (pathname: string) => boolean;
}): LimitedServer {
  const { limits } = options;
  const isLongLived = options.isLongLived ?? isLongLivedPath;
  const serverOptions: http.ServerOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
  };
  const server: ConsoleHttpServer =
    options.tls === null
      ? http.createServer(serverOptions)
      : https.createServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Node destroys a socket whose timer fires when nothing else handles the 'timeout'.
  server.timeout = limits.idleTimeoutMs;
  server.maxHeadersCount = 100;

  let openConnections = 0;
  const refused = new WeakSet<Socket>();
  // Over TLS the answer can only be read after the handshake, so TLS sockets count from there.
  const event = options.tls === null ? 'connection' : 'secureConnection';
  server.on(event, (socket: Socket) => {
    if (openConnections >= limits.maxConnections) {
      refused.add(socket);
      socket.end(OVER_CAPACITY_ANSWER);
      return;
    }
    openConnections += 1;
    socket.once('close', () => {
      openConnections -= 1;
    });
  });

  return {
    server,
    serve: (listener) => {
      server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
        // The 503 is already on its way; whatever the client sent meanwhile is not served.
        if (refused.has(req.socket)) return;
        // Not `new URL`: this runs outside the pipeline's error handling and must not throw.
        const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
        if (isLongLived(pathname)) req.socket.setTimeout(0);
        listener(req, res);
      });
    },
  };
}
