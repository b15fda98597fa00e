/**
 * MetaSrv nodes in memory, behind the proxy's SendToMetasrv seam. The poller's tests run
 * minutes of fake time; real sockets (server/proxy/test-support/fake-metasrv.ts) would need
 * real time to carry each answer, so they are used only where the bytes on the wire matter.
 * Every request is recorded, so a test can count what reached which node.
 */
import type { ApiGeneration } from '../../../contract/sql-contract.ts';
import type { SendToMetasrv, UpstreamResult } from '../../proxy/upstream.ts';
import { ConnectionDetector } from '../../sql/connection-detector.ts';
import { ClusterPoller } from '../cluster-poller.ts';
import type { ClusterPollerDeps } from '../cluster-poller.ts';

/** Which endpoints the nodes have (API.md §0, §1.10, §3.1). */
export type FakeVersion = 'v0.6' | 'v0.7.2' | 'v1.1';

export interface FakeRequest {
  addr: string;
  pathAndQuery: string;
}

export interface FakeCluster {
  addrs: string[];
  send: SendToMetasrv;
  requests: FakeRequest[];
  /** Requests whose path (without query) is `path`, optionally to one node. */
  requestsTo(path: string, addr?: string): FakeRequest[];
  /** Who every node names in `/admin/leader` from now on. */
  elect(addr: string): void;
  /** The node refuses connections (stop) or answers again (start). */
  stop(addr: string): void;
  start(addr: string): void;
  /** Scripts the 200 body of a path (without query) on every node. */
  reply(path: string, body: string): void;
  /**
   * The server's own generation check without a frontend (it asks the leader for
   * `/admin/route/help`), so its requests count like every other.
   */
  detectGeneration: () => Promise<ApiGeneration>;
}

const BODIES_BY_VERSION: Record<FakeVersion, Record<string, string>> = {
  'v0.6': { '/admin/route/help': 'help' },
  'v0.7.2': {
    '/admin/route/help': 'help',
    '/admin/maintenance': 'Maintenance mode is disabled',
  },
  'v1.1': {
    '/admin/maintenance': '{"enabled":false}',
    '/admin/procedure-manager/status': '{"status":"running"}',
  },
};

export function createFakeCluster(version: FakeVersion, size = 3): FakeCluster {
  const addrs = Array.from({ length: size }, (_, index) => `10.0.0.${String(index + 1)}:3002`);
  let leader = addrs[0] ?? '';
  const stopped = new Set<string>();
  const requests: FakeRequest[] = [];
  const bodies = new Map<string, string>(
    Object.entries({
      '/admin/node-lease': '[]',
      '/admin/heartbeat': '[]',
      '/admin/route': '{"table_route":"..."}',
      ...BODIES_BY_VERSION[version],
    }),
  );
  const pathOf = (pathAndQuery: string): string => pathAndQuery.split('?')[0] ?? pathAndQuery;

  const answer = (addr: string, pathAndQuery: string): UpstreamResult => {
    if (stopped.has(addr)) {
      return { kind: 'connect-failed', addr, code: 'ECONNREFUSED', message: 'connection refused' };
    }
    requests.push({ addr, pathAndQuery });
    const path = pathOf(pathAndQuery);
    const body = path === '/admin/leader' ? leader : bodies.get(path);
    // Unknown admin paths: 404 with an empty body, as MetaSrv's router does (API.md §1.1).
    return {
      kind: 'response',
      addr,
      status: body === undefined ? 404 : 200,
      headers: {},
      body: Buffer.from(body ?? ''),
    };
  };

  const detector = new ConnectionDetector({
    frontend: null,
    sendSql: () => Promise.reject(new Error('no frontend is configured')),
    readFromLeader: (pathAndQuery) => {
      const result = answer(leader, pathAndQuery);
      return Promise.resolve(
        result.kind === 'response'
          ? { ...result, body: result.body.toString('utf8') }
          : { kind: 'failed', message: result.message },
      );
    },
    timeoutMs: 1_000,
    now: Date.now,
  });

  return {
    addrs,
    send: (request) => Promise.resolve(answer(request.addr, request.pathAndQuery)),
    requests,
    requestsTo: (path, addr) =>
      requests.filter(
        (request) =>
          pathOf(request.pathAndQuery) === path && (addr ?? request.addr) === request.addr,
      ),
    elect: (addr) => {
      leader = addr;
    },
    stop: (addr) => stopped.add(addr),
    start: (addr) => stopped.delete(addr),
    reply: (path, body) => bodies.set(path, body),
    detectGeneration: async () => (await detector.current(true)).generation,
  };
}

/** A poller of `cluster` on fake time, refreshing every 30 s (the default setting). */
export function pollerOf(
  cluster: FakeCluster,
  deps: Partial<ClusterPollerDeps> = {},
): ClusterPoller {
  return new ClusterPoller({
    connection: { metasrvAddrs: cluster.addrs, leaderMap: new Map(), timeoutMs: 1_000 },
    send: cluster.send,
    agent: false,
    now: Date.now,
    refreshIntervalMs: 30_000,
    detectGeneration: cluster.detectGeneration,
    ...deps,
  });
}
