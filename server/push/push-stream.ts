/**
 * `GET /api/clusters/:id/events`: a Server-Sent Events stream of the cluster's PushEvents
 * (leader changes, migration and plan progress), so browsers stop polling for them.
 *
 * The stream is also how the server knows who is looking: while it is open the cluster's
 * poller counts a browser as connected, and keeps the tables named in `tables=1024,1025`
 * and, with `view=cluster`, the cluster view's heartbeat polled. Closing it gives every hold
 * back. A browser opens one stream for all its tabs (they share it over a BroadcastChannel)
 * and reopens it with the new set when a tab opens or closes a table: HTTP/1.1 allows a
 * browser only 6 connections to one origin, and a stream per tab would use them up.
 *
 * Idle timeout: the stream is silent between events except for the keep-alive comment every
 * PUSH_KEEP_ALIVE_INTERVAL_MS, so the server's idle timeout for ordinary requests must not
 * apply to it. The handler turns the socket's timeout off (`req.socket.setTimeout(0)`); the
 * assembly must therefore run this handler before anything that arms a per-request idle
 * timer, and must not re-arm one for this path. `server.requestTimeout` does not touch it (a
 * GET is fully received with its headers), and a stream counts against the connection cap
 * like any other connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_PREFIX } from '../../contract/api-contract.ts';
import {
  PUSH_EVENTS_ENDPOINT,
  PushStreamQuerySchema,
  type PushStreamQuery,
} from '../../contract/push-events.ts';
import type { ClusterPoller } from '../cluster-poller/cluster-poller.ts';
import { API_ANSWER_HEADERS, answerProxyError } from '../proxy/responses.ts';
import { queryObject, validate } from '../proxy/validation.ts';
import type { PushHub } from './push-hub.ts';

/** Path segment under `/api/clusters/:id/` (contract/push-events.ts). */
export const PUSH_STREAM_ENDPOINT = PUSH_EVENTS_ENDPOINT;
/** Issue 14: a keep-alive every 15 s, well inside the idle limits of proxies on the way. */
export const PUSH_KEEP_ALIVE_INTERVAL_MS = 15_000;
/** How long EventSource waits before it reconnects after the stream broke. */
export const PUSH_RETRY_MS = 5_000;
/** A browser that stopped reading is cut off rather than buffered for without end. */
export const MAX_STREAM_BUFFERED_BYTES = 1024 * 1024;

/** What a stream holds on its cluster's poller while it is open. */
export type ClusterInterests = Pick<
  ClusterPoller,
  'retainBrowser' | 'openTable' | 'openClusterView'
>;

export interface PushStreamDeps {
  hub: PushHub;
  /** The interests of a configured cluster; undefined when there is no such cluster. */
  interestsOf: (clusterId: string) => ClusterInterests | undefined;
}

export type PushStreamHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void;

const STREAM_PATH = new RegExp(`^${API_PREFIX}/clusters/([^/]+)/${PUSH_STREAM_ENDPOINT}$`);

export function createPushStreamHandler(deps: PushStreamDeps): PushStreamHandler {
  return (req, res, next) => {
    // Only the path and query are used; the base is a placeholder, never a request target.
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const clusterId = STREAM_PATH.exec(url.pathname)?.[1];
    if (clusterId === undefined) {
      next();
      return;
    }
    const interests = deps.interestsOf(clusterId);
    if (interests === undefined) {
      answerProxyError(res, { code: 'not-found', message: `No such cluster: ${clusterId}` });
      return;
    }
    if (req.method !== 'GET') {
      answerProxyError(
        res,
        { code: 'method-not-allowed', message: 'Use GET for this endpoint.' },
        { headers: { allow: 'GET' } },
      );
      return;
    }
    const query = queryObject(url.searchParams);
    const checked = query.ok ? validate(PushStreamQuerySchema, query.value) : query;
    if (!checked.ok) {
      answerProxyError(res, {
        code: 'bad-request',
        message: 'Invalid event stream parameters.',
        issues: checked.issues,
      });
      return;
    }
    openStream(req, res, { hub: deps.hub, clusterId, interests, query: checked.value });
  };
}

interface OpenStream {
  hub: PushHub;
  clusterId: string;
  interests: ClusterInterests;
  query: PushStreamQuery;
}

function openStream(
  req: IncomingMessage,
  res: ServerResponse,
  { hub, clusterId, interests, query }: OpenStream,
): void {
  // A client that left while earlier middleware ran gets no 'close' any more, so its holds
  // would never be given back.
  if (req.socket.destroyed) return;
  req.socket.setTimeout(0);
  res.writeHead(200, {
    ...API_ANSWER_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    // Reverse proxies such as nginx would otherwise hold events back in their buffer.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${String(PUSH_RETRY_MS)}\n\n`);
  const releases = [
    interests.retainBrowser(),
    ...(query.tables ?? []).map((tableId) => interests.openTable(tableId)),
    ...(query.view === 'cluster' ? [interests.openClusterView()] : []),
  ];
  const write = (frame: string): void => {
    if (res.writableLength > MAX_STREAM_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    res.write(frame);
  };
  const unsubscribe = hub.subscribe(clusterId, write);
  const keepAlive = setInterval(() => {
    write(': keep-alive\n\n');
  }, PUSH_KEEP_ALIVE_INTERVAL_MS);
  res.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
    for (const release of releases) release();
  });
}
