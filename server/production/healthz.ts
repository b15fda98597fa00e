/**
 * `/healthz` and `/readyz`. healthz answers 200 whenever the process serves requests (a
 * liveness probe must not restart the console because MetaSrv is down) and says in its body
 * whether each cluster's MetaSrv leader is reachable; readyz answers 503 until every cluster
 * has a reachable leader.
 */
import type { Agent } from 'node:http';
import { LeaderTracker } from '../proxy/leader-tracker.ts';
import type { ClusterConnection } from '../proxy/config.ts';
import type { SendToMetasrv } from '../proxy/upstream.ts';

export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';

export interface ClusterHealth {
  id: string;
  leaderReachable: boolean;
  leader: string | null;
  error: string | null;
}

export interface Health {
  server: 'running';
  clusters: ClusterHealth[];
}

export function createHealthCheck(
  clusters: readonly { id: string; connection: ClusterConnection }[],
  deps: { send: SendToMetasrv; agent: Agent },
): () => Promise<Health> {
  const trackers = clusters.map(({ id, connection }) => ({
    id,
    tracker: new LeaderTracker(connection, { send: deps.send, agent: deps.agent }),
  }));
  return async () => ({
    server: 'running',
    clusters: await Promise.all(
      trackers.map(async ({ id, tracker }): Promise<ClusterHealth> => {
        // A fresh lookup every time: a cached leader says nothing about now.
        const resolution = await tracker.resolve();
        return resolution.ok
          ? { id, leaderReachable: true, leader: resolution.leader.addr, error: null }
          : { id, leaderReachable: false, leader: null, error: resolution.error.message };
      }),
    ),
  });
}
