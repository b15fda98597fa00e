/**
 * Several clusters behind one `/api`: `GET /api/clusters` lists them, `GET /api/session` says
 * who the browser is and what it may do, and `/api/clusters/:id/...` goes to that cluster's
 * own leader-aware handler. Used by the Vite plugin and by the production server alike, so the
 * UI sees the same API everywhere.
 */
import type { IncomingMessage } from 'node:http';
import { CONSOLE_PATHS } from '../../contract/api-contract.ts';
import type { ClusterList, Session } from '../../contract/api-contract.ts';
import type { ApiHandler } from './api-handler.ts';
import { answerJson } from './responses.ts';

export interface RoutedCluster {
  id: string;
  metasrvAddrs: readonly string[];
  /** The embedded emulator this process started, labelled as such in the browser. */
  isEmulated?: boolean;
  handler: ApiHandler;
}

export interface ConsoleRouterOptions {
  /** In configuration order; the first is where other `/api/` paths go (it answers 404). */
  clusters: readonly RoutedCluster[];
  session: (req: IncomingMessage) => Session;
}

const CLUSTER_PREFIX = `${CONSOLE_PATHS.clusters}/`;

export function createConsoleRouter({ clusters, session }: ConsoleRouterOptions): ApiHandler {
  const first = clusters[0];
  if (first === undefined) throw new Error('createConsoleRouter needs at least one cluster');
  const byId = new Map(clusters.map((cluster) => [cluster.id, cluster]));
  const list: ClusterList = {
    clusters: clusters.map(({ id, metasrvAddrs, isEmulated = false }) => ({
      id,
      metasrvAddrs: [...metasrvAddrs],
      isEmulated,
    })),
  };

  return (req, res, next) => {
    // Only the path is used; the base is a placeholder, never a request target.
    const { pathname } = new URL(req.url ?? '/', 'http://console.invalid');
    if (req.method === 'GET' && pathname === CONSOLE_PATHS.clusters) {
      answerJson(res, 200, list);
      return;
    }
    if (req.method === 'GET' && pathname === CONSOLE_PATHS.session) {
      answerJson(res, 200, session(req));
      return;
    }
    if (pathname.startsWith(CLUSTER_PREFIX)) {
      const id = pathname.slice(CLUSTER_PREFIX.length).split('/')[0] ?? '';
      // An unknown id goes to the first handler, which answers 404 without contacting anything.
      (byId.get(id) ?? first).handler(req, res, next);
      return;
    }
    first.handler(req, res, next);
  };
}
