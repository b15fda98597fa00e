/**
 * `/healthz` and `/readyz`, both open to anyone who reaches the port, so neither says more
 * than yes or no and neither lets a caller choose what MetaSrv is asked.
 * - healthz is liveness: the process answers, so it is alive. It asks nothing upstream (a
 *   liveness probe must not restart the console because MetaSrv is down) and skips the Host
 *   check, because Kubernetes probes send the pod IP as Host.
 * - readyz is 503 until every cluster has a reachable MetaSrv leader. It answers from each
 *   cluster's shared poller (server/cluster-poller), which costs MetaSrv nothing while a
 *   leader is known and at most one round per leader interval otherwise, so any number of
 *   probes adds no load.
 */
import type { ServerResponse } from 'node:http';
import { API_ANSWER_HEADERS } from '../proxy/responses.ts';

export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';

/** Whether every cluster's poller last saw a leader. */
export function createReadinessCheck(
  pollers: readonly { readiness(): Promise<boolean> }[],
): () => Promise<boolean> {
  return async () => {
    const answers = await Promise.all(pollers.map((poller) => poller.readiness()));
    return answers.every(Boolean);
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
