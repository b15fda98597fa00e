/**
 * One HTTP/1.1 exchange with one MetaSrv node. The result says precisely how far the
 * exchange got, because a region-migration request may be re-sent only when MetaSrv
 * cannot have seen it: a failure before the TCP connection existed means nothing was sent;
 * anything later means it may have been received and a procedure may be running.
 */
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { splitMetasrvAddr } from './metasrv-addr.ts';

export type UpstreamResult =
  | {
      kind: 'response';
      addr: string;
      status: number;
      headers: IncomingHttpHeaders;
      body: Buffer;
    }
  /** No TCP connection was established, so no byte of the request left this process. */
  | { kind: 'connect-failed'; addr: string; code: string; message: string }
  /** The request was sent; no complete answer arrived in time. */
  | { kind: 'timeout'; addr: string; message: string }
  /** The request was sent; the connection broke before the answer was complete. */
  | { kind: 'reset-after-send'; addr: string; code: string; message: string };

export interface UpstreamRequest {
  addr: string;
  /** Path and query, built by the proxy from validated values (never browser text). */
  pathAndQuery: string;
  method: 'GET' | 'POST';
  timeoutMs: number;
  /**
   * Keep-alive agent for reads. Submissions pass `false` for a fresh connection: a pooled
   * socket that the server closed while idle fails only after the request is written, which
   * would make a submission that never arrived look like one whose outcome is unknown.
   */
  agent: http.Agent | false;
}

export type SendToMetasrv = (request: UpstreamRequest) => Promise<UpstreamResult>;

/** Open sockets per MetaSrv node at most; a burst of reads queues for them. */
export const METASRV_POOL_SOCKETS_PER_NODE = 8;

/** Keep-alive pool for reads; the header polls MetaSrv every few seconds. */
export function createMetasrvAgent(): http.Agent {
  return new http.Agent({
    keepAlive: true,
    maxSockets: METASRV_POOL_SOCKETS_PER_NODE,
    maxFreeSockets: METASRV_POOL_SOCKETS_PER_NODE,
    keepAliveMsecs: 1000,
  });
}

function errorCode(error: Error): string {
  return 'code' in error && typeof error.code === 'string' ? error.code : 'ERROR';
}

/** Node's socket errors in words an operator reads at a glance; the code stays beside them. */
const SOCKET_ERROR_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port)',
  ECONNRESET: 'connection reset by the peer',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed for now (DNS)',
  ETIMEDOUT: 'connection attempt timed out',
  EPIPE: 'connection closed while sending',
};

function describeSocketError(error: Error): string {
  return SOCKET_ERROR_WORDS[errorCode(error)] ?? error.message;
}

/**
 * A read re-sent once on a fresh connection when the pooled socket it was written to turned
 * out closed. A keep-alive socket can be closed by MetaSrv (after its 5 s idle timeout) in the
 * same instant the pool hands it out; when the event loop was busy, both timers fire together
 * and the read fails with ECONNRESET before any answer began. A read is safe to repeat, and
 * Node's documentation gives this retry for exactly that case (`request.reusedSocket`).
 * Submissions never use the pool, so they never come here.
 */
export const sendToMetasrv: SendToMetasrv = async (request) => {
  const startedAt = Date.now();
  const first = await exchange(request);
  if (!first.brokeOnReusedSocket || request.method !== 'GET') return first.result;
  const remainingMs = request.timeoutMs - (Date.now() - startedAt);
  if (remainingMs <= 0) return first.result;
  return (await exchange({ ...request, agent: false, timeoutMs: remainingMs })).result;
};

interface Exchange {
  result: UpstreamResult;
  /**
   * The request went out on a pooled socket that had carried an earlier exchange, and that
   * socket broke before any answer began.
   */
  brokeOnReusedSocket: boolean;
}

const exchange = (request: UpstreamRequest): Promise<Exchange> =>
  new Promise<Exchange>((resolve) => {
    const { addr, timeoutMs } = request;
    const { host, port } = splitMetasrvAddr(addr);
    let isConnected = false;
    let isSettled = false;
    let isAnswering = false;
    const settle = (result: UpstreamResult): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(deadline);
      resolve({
        result,
        brokeOnReusedSocket: result.kind === 'reset-after-send' && req.reusedSocket && !isAnswering,
      });
    };

    const req = http.request({
      host,
      port,
      method: request.method,
      path: request.pathAndQuery,
      agent: request.agent,
      // MetaSrv reads only the query string (API.md §1.1); an explicit empty body keeps the
      // POST well-formed for HTTP/1.1 without chunked encoding.
      headers: request.method === 'POST' ? { 'content-length': '0' } : {},
    });

    // One deadline for the whole exchange, connect included. Node's socket timeout is an
    // idle timer and would let a slowly dribbling answer run forever.
    const deadline = setTimeout(() => {
      if (isConnected) {
        settle({ kind: 'timeout', addr, message: `no complete answer within ${timeoutMs} ms` });
      } else {
        settle({
          kind: 'connect-failed',
          addr,
          code: 'ETIMEDOUT',
          message: `no connection within ${timeoutMs} ms`,
        });
      }
      req.destroy();
    }, timeoutMs);

    req.on('socket', (socket) => {
      // A pooled socket is already connected: the request is written as soon as it is assigned.
      // A fresh one that failed at once (EMFILE: no descriptor to open it with) is not
      // connecting either, but destroyed: nothing was sent.
      if (socket.connecting) socket.once('connect', () => (isConnected = true));
      else if (!socket.destroyed) isConnected = true;
    });

    req.on('error', (error) => {
      const code = errorCode(error);
      settle(
        isConnected
          ? { kind: 'reset-after-send', addr, code, message: describeSocketError(error) }
          : { kind: 'connect-failed', addr, code, message: describeSocketError(error) },
      );
    });

    req.on('response', (res) => {
      isAnswering = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        settle({
          kind: 'response',
          addr,
          status: res.statusCode ?? 502,
          headers: res.headers,
          body: Buffer.concat(chunks),
        });
      });
      // The status line arrived but the body was cut off: the request certainly reached MetaSrv.
      res.on('error', (error) => {
        settle({
          kind: 'reset-after-send',
          addr,
          code: errorCode(error),
          message: describeSocketError(error),
        });
      });
      res.on('aborted', () => {
        settle({
          kind: 'reset-after-send',
          addr,
          code: 'ECONNRESET',
          message: 'connection closed before the answer was complete',
        });
      });
    });

    req.end();
  });
