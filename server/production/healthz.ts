/**
 * `/healthz` and `/readyz`, both open to anyone who reaches the port, so neither says more
 * than yes or no and neither lets a caller choose what MetaSrv is asked.
 * - healthz is liveness: the process answers, so it is alive. It asks nothing upstream (a
 *   liveness probe must not restart the console because MetaSrv is down) and skips the Host
 *   check, because Kubernetes probes send the pod IP as Host.
 * - readyz is 503 until every cluster has a reachable MetaSrv leader. It answers from the last
 *   known state: a lookup at most READINESS_MAX_AGE_MS old, shared by concurrent callers, so
 *   any number of probes costs MetaSrv at most one lookup per interval.
 */
import type { Agent, ServerResponse } from 'node:http';
import { singleFlight } from '../cluster-summary/single-flight.ts';
import { LeaderTracker } from '../proxy/leader-tracker.ts';
import type { ClusterConnection } from '../proxy/cluster-connection.ts';
import type { SendToMetasrv } from '../proxy/upstream.ts';
import { API_ANSWER_HEADERS } from '../proxy/responses.ts';

export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';
export const READINESS_MAX_AGE_MS = 2000;

/** Whether every cluster has a reachable leader, from a lookup at most `maxAgeMs` old. */
export function createReadinessCheck(
  clusters: readonly { connection: ClusterConnection }[],
  deps: { send: SendToMetasrv; agent: Agent; now?: () => number; maxAgeMs?: number },
): () => Promise<boolean> {
  const now = deps.now ?? Date.now;
  const maxAgeMs = deps.maxAgeMs ?? READINESS_MAX_AGE_MS;
  const trackers = clusters.map(
    ({ connection }) => new LeaderTracker(connection, { send: deps.send, agent: deps.agent }),
  );
  let last: { isReady: boolean; atMs: number } | null = null;
  const lookUp = singleFlight(async () => {
    const resolutions = await Promise.all(trackers.map((tracker) => tracker.resolve()));
    last = { isReady: resolutions.every((resolution) => resolution.ok), atMs: now() };
    return last.isReady;
  });
  return async () => {
    if (last !== null && now() - last.atMs < maxAgeMs) return last.isReady;
    return lookUp();
  };
}

/** `ok` (200) or `unavailable` (503), nothing else. */
export function answerProbe(res: ServerResponse, isOk: boolean): void {
  const body = isOk ? 'ok\n' : 'unavailable\n';
  res.writeHead(isOk ? 200 : 503, {
    ...API_ANSWER_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
