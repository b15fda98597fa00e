/**
 * The one Node request handler behind `/api/`: the browser's only way to the cluster.
 * It serves exactly the endpoints of contract/api-contract.ts, validates every parameter
 * before anything is sent, builds each MetaSrv request itself, sends leader-only requests to
 * the leader, and relays MetaSrv's answers unchanged. Anything else under `/api/` is a 404
 * that never reaches the cluster; other paths go on to the next middleware (Vite).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent } from 'node:http';
import { API_PREFIX, CLUSTER_ENDPOINTS, DEFAULT_CLUSTER_ID } from '../../contract/api-contract.ts';
import { ACTIVE_RUN_STATES } from '../../contract/plan-run-contract.ts';
import { SQL_ENDPOINTS } from '../../contract/sql-contract.ts';
import {
  ClusterPoller,
  DEFAULT_REFRESH_INTERVAL_MS,
  HEARTBEAT_PATH,
  MAINTENANCE_PATH,
  routePath,
} from '../cluster-poller/cluster-poller.ts';
import { PushHub } from '../push/push-hub.ts';
import { createPushStreamHandler } from '../push/push-stream.ts';
import type { ClusterConnection } from './cluster-connection.ts';
import { ENDPOINTS } from './endpoints.ts';
import type { UpstreamPlan } from './endpoints.ts';
import { LeaderTracker } from './leader-tracker.ts';
import { badRequest, readRequestInput } from './request-body.ts';
import {
  PROXY_ERROR_STATUS,
  answerJson,
  answerProxyError,
  relayFrontendAnswer,
  relayMetasrvAnswer,
} from './responses.ts';
import { ConnectionDetector } from '../sql/connection-detector.ts';
import { sendSql } from '../sql/frontend-client.ts';
import type { FrontendTarget, SendSql } from '../sql/frontend-client.ts';
import { createSqlApi, isSqlEndpoint } from '../sql/sql-api.ts';
import type { FrontendAnswer } from '../sql/sql-api.ts';
import type { MetasrvAnswer, ProxyError } from './responses.ts';
import { submitRegionMigration } from './region-migration.ts';
import { createMetasrvAgent, sendToMetasrv } from './upstream.ts';
import type { SendToMetasrv } from './upstream.ts';
import type { PlanExecutor, PlanExecutorFactoryOptions } from '../plans/plan-executor.ts';
import { isPlanRunsPath, servePlanRunsApi } from '../plans/plans-api.ts';
import { summarizeHeartbeat } from '../cluster-summary/summarize-heartbeat.ts';
import type { ClusterAccess, MigrationTracker } from '../migrations/migration-tracker.ts';
import {
  isMigrationsPath,
  serveMigrationsApi,
  writeFileAnswer,
} from '../migrations/migrations-api.ts';
import type { MigrationsAnswer } from '../migrations/migrations-api.ts';
import { isHotRegionsPath, serveHotRegionsApi } from '../hot-regions/hot-regions-api.ts';
import { HotRegionsPoller } from '../hot-regions/hot-regions-poller.ts';
import type { HotRegionsSettings } from '../hot-regions/hot-regions-poller.ts';
import type { RepartitionTracker } from '../repartitions/repartition-tracker.ts';
import { isRepartitionsPath, serveRepartitionsApi } from '../repartitions/repartitions-api.ts';

export type NextFunction = (error?: unknown) => void;
export type ApiHandler = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** One cluster's handler, with what the assembly needs of its poller (issue 14). */
export interface ClusterApiHandler extends ApiHandler {
  /** For /readyz: whether the poller's last round found a leader. */
  readiness(): Promise<boolean>;
  /** Stops the poller's timers (shutdown). */
  close(): void;
}

/** The browser's explicit refresh: the one read allowed past the poller's cache. */
function isExplicitRefresh(req: IncomingMessage): boolean {
  return /\bno-cache\b/i.test(req.headers['cache-control'] ?? '');
}

/** Console endpoints whose answered request switches the cluster's maintenance mode. */
const MAINTENANCE_MUTATIONS: ReadonlySet<string> = new Set([
  CLUSTER_ENDPOINTS.maintenanceSet,
  CLUSTER_ENDPOINTS.maintenanceSwitch,
  SQL_ENDPOINTS.maintenance,
]);

/** Where the embedded emulator listens; only known when this process started it. */
export interface EmbeddedEmulatorInfo {
  controlAddr: string;
  metasrvAddrs: string[];
}

export const DEV_EMULATOR_PATH = `${API_PREFIX}/dev/emulator`;

export interface ApiHandlerDeps {
  send?: SendToMetasrv;
  agent?: Agent;
  now?: () => number;
  /** Serves `GET /api/dev/emulator` so tests can find the control API; omit for real clusters. */
  embeddedEmulator?: EmbeddedEmulatorInfo;
  /** The cluster id this handler serves under `/api/clusters/:id/` (default `default`). */
  clusterId?: string;
  /** Follows and journals migrations; serves `/api/clusters/:id/migrations...` (server/migrations). */
  migrations?: MigrationTracker;
  /** Makes this cluster's drain/rebalance executor (server/plans); needs `migrations`. */
  plans?: (options: PlanExecutorFactoryOptions) => PlanExecutor;
  /** Submits and follows splits and merges; serves `/api/clusters/:id/repartitions` (server/repartitions). */
  repartitions?: RepartitionTracker;
  /** Who made a request, where auth is on; recorded as who started a migration. */
  startedBy?: (req: IncomingMessage) => string | null;
  /** Told about every answered non-GET request, for the audit log (server/security). */
  onMutationAnswered?: (record: MutationRecord) => void;
  /** The cluster's GreptimeDB frontend for the SQL path (v0.8+); null or absent: none. */
  frontend?: FrontendTarget | null;
  /** Injectable frontend exchange (tests). */
  sendSql?: SendSql;
  /** The server's REFRESH_INTERVAL_MS: how often the poller re-reads leases, maintenance and routes. */
  refreshIntervalMs?: number;
  /**
   * Samples region_statistics for as long as the handler lives and serves
   * `/api/clusters/:id/hot-regions...` (server/hot-regions); absent: neither.
   */
  hotRegions?: HotRegionsSettings;
}

/** What the audit log needs from one mutating request: what was asked, what came back. */
export interface MutationRecord {
  req: IncomingMessage;
  endpoint: string;
  /** The parsed JSON body (undefined when it could not be read). */
  body: unknown;
  status: number;
  answeredBy: 'metasrv' | 'proxy' | 'frontend';
  metasrvAddr: string | null;
  /** MetaSrv's body, or the proxy's error message. */
  answerText: string;
}

const CLUSTER_PATH = new RegExp(`^${API_PREFIX}/clusters/([^/]+)/([^/]+)$`);

function isApiPath(pathname: string): boolean {
  return pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
}

export function createApiHandler(
  cluster: ClusterConnection,
  deps: ApiHandlerDeps = {},
): ClusterApiHandler {
  const send = deps.send ?? sendToMetasrv;
  const agent = deps.agent ?? createMetasrvAgent();
  const now = deps.now ?? Date.now;
  const tracker = new LeaderTracker(cluster, { send, agent, now });
  const { embeddedEmulator } = deps;
  const clusterId = deps.clusterId ?? DEFAULT_CLUSTER_ID;
  // Parsed request bodies, kept for the audit record written after the answer.
  const bodies = new WeakMap<IncomingMessage, unknown>();

  async function readFromLeader(
    pathAndQuery: string,
    method: 'GET' | 'POST' = 'GET',
  ): Promise<Answer> {
    // Reads are idempotent, so one retry after re-resolving is safe whatever went wrong
    // before the answer; a timeout is not retried, to keep the wait bounded.
    for (let attempt = 0; ; attempt += 1) {
      const resolution = await tracker.current();
      if (!resolution.ok) return { kind: 'proxy-error', error: resolution.error };
      const addr = resolution.leader.addr;
      const result = await send({
        addr,
        pathAndQuery,
        method,
        timeoutMs: cluster.timeoutMs,
        agent,
      });
      if (result.kind === 'response') return { kind: 'relay', answer: result };
      tracker.forget(addr);
      if (result.kind !== 'timeout' && attempt === 0) continue;
      return {
        kind: 'proxy-error',
        error: {
          code: result.kind === 'timeout' ? 'metasrv-timeout' : 'metasrv-unreachable',
          message:
            result.kind === 'timeout'
              ? `MetaSrv leader ${addr}: ${result.message}`
              : `MetaSrv leader ${addr} could not be reached: ${result.message} (${result.code})`,
          metasrv: addr,
        },
      };
    }
  }

  // The tracker submits and follows through this handler's leader-aware paths.
  const clusterAccess: ClusterAccess = {
    readFromLeader: async (pathAndQuery) => {
      const read = await readFromLeader(pathAndQuery);
      if (read.kind === 'relay') {
        const { addr, status, body, headers } = read.answer;
        const dateMs = headers.date === undefined ? Number.NaN : Date.parse(headers.date);
        return {
          kind: 'response',
          addr,
          status,
          body: body.toString('utf8'),
          ...(Number.isFinite(dateMs) ? { dateMs } : {}),
        };
      }
      return {
        kind: 'failed',
        message: read.kind === 'proxy-error' ? read.error.message : 'unexpected answer',
      };
    },
    submitRegionMigration: (pathAndQuery) =>
      submitRegionMigration(pathAndQuery, { tracker, send, timeoutMs: cluster.timeoutMs }),
  };
  // The SQL path (server/sql-path): generation detection and the frontend's typed endpoints.
  const sqlSend = deps.sendSql ?? sendSql;
  const detector = new ConnectionDetector({
    frontend: deps.frontend ?? null,
    sendSql: sqlSend,
    readFromLeader: clusterAccess.readFromLeader,
    timeoutMs: cluster.timeoutMs,
    now,
  });
  // Every browser's reads of this cluster are served from one poller (issue 14).
  const poller = new ClusterPoller({
    connection: cluster,
    send,
    agent,
    now,
    refreshIntervalMs: deps.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
    detectGeneration: () => detector.current(true).then((info) => info.generation),
  });
  const hub = new PushHub();
  const serveEvents = createPushStreamHandler({
    hub,
    interestsOf: (id) => (id === clusterId ? poller : undefined),
  });
  poller.onLeaderChanged((event) => {
    hub.publish(clusterId, event);
  });
  const sqlApi = createSqlApi({
    frontend: deps.frontend ?? null,
    sendSql: sqlSend,
    timeoutMs: cluster.timeoutMs,
    detector,
  });
  const hotRegions =
    deps.hotRegions === undefined
      ? undefined
      : new HotRegionsPoller({
          clusterId,
          settings: deps.hotRegions,
          hasFrontend: deps.frontend != null,
          connection: () => detector.current(),
          runStatement: (statement) => sqlApi.runStatement(statement, { isMutating: false }),
          now,
          log: (message) => void process.stderr.write(`${message}\n`),
        });
  hotRegions?.start();
  // On a SQL-path cluster the tracker submits and follows with SQL on the frontend.
  clusterAccess.sql = {
    usesSqlGeneration: async () => (await detector.current()).generation === 'sql',
    facts: () => sqlApi.facts(),
    runStatement: (statement, options) => sqlApi.runStatement(statement, options),
  };
  // Filled below; a run resumed while the executor is built already reports its changes.
  const plans: { executor?: PlanExecutor } = {};
  // The poller keeps running without a browser while this server follows something here,
  // so a followed migration's route and the leader stay known.
  function updateFollowing(): void {
    const isFollowingMigration =
      deps.migrations?.list(clusterId).some((record) => record.phase !== 'finished') ?? false;
    const hasActiveRun =
      plans.executor?.list().some((run) => ACTIVE_RUN_STATES.includes(run.state)) ?? false;
    poller.setFollowing(isFollowingMigration || hasActiveRun);
  }
  // Subscribed before attaching: records resumed from the journal are pushed too.
  const unsubscribeMigrations = deps.migrations?.subscribe((record) => {
    if (record.clusterId !== clusterId) return;
    // The record changed because the route did (or will): the cached route is stale.
    poller.invalidate(routePath(String(record.tableId)));
    hub.publish(clusterId, { kind: 'migration-progress', migration: record });
    updateFollowing();
  });
  deps.migrations?.attachCluster(clusterId, clusterAccess);
  // Subscribed before attaching, like migrations: resumed records are pushed too.
  const unsubscribeRepartitions = deps.repartitions?.subscribe((record) => {
    if (record.clusterId !== clusterId) return;
    hub.publish(clusterId, { kind: 'repartition-progress', repartition: record });
  });
  deps.repartitions?.attachCluster(clusterId, {
    connection: (force) => detector.current(force),
    facts: () => sqlApi.facts(),
    runStatement: (statement, options) => sqlApi.runStatement(statement, options),
  });
  // Plans run here, in the server: a run goes on with every tab closed.
  const planExecutor =
    deps.migrations === undefined || deps.plans === undefined
      ? undefined
      : deps.plans({
          clusterId,
          tracker: deps.migrations,
          readFromLeader: clusterAccess.readFromLeader,
          sql: clusterAccess.sql,
          onRunChanged: (run) => {
            hub.publish(clusterId, { kind: 'plan-progress', run });
            updateFollowing();
          },
        });
  plans.executor = planExecutor;
  updateFollowing();

  // The heartbeat answer is the same object until the poller reads it again, so it is
  // summarized (it can be tens of MB) once per answer, whatever the number of callers.
  const summaries = new WeakMap<MetasrvAnswer, Answer>();
  async function readClusterSummary(bypassCache: boolean): Promise<Answer> {
    const read = await poller.read(HEARTBEAT_PATH, { bypassCache });
    if (read.kind !== 'relay' || read.answer.status !== 200) return read;
    const known = summaries.get(read.answer);
    if (known !== undefined) return known;
    const summary = summarizeHeartbeat(read.answer.body);
    const answer: Answer = summary.ok
      ? { kind: 'json', value: summary.value }
      : {
          kind: 'proxy-error',
          error: {
            code: 'metasrv-invalid-answer',
            message: `MetaSrv ${read.answer.addr}: ${summary.problem}`,
            metasrv: read.answer.addr,
          },
        };
    summaries.set(read.answer, answer);
    return answer;
  }

  async function execute(plan: UpstreamPlan, req: IncomingMessage): Promise<Answer> {
    const bypassCache = isExplicitRefresh(req);
    switch (plan.kind) {
      case 'metasrv-status':
        return { kind: 'json', value: await poller.metasrvStatus() };
      case 'leader-read':
        // A GET that changes nothing is a read every browser may share; a mutation relayed
        // as a GET (`/admin/maintenance/set`) must reach MetaSrv each time.
        return req.method === 'GET' && plan.upstreamMethod === undefined
          ? poller.read(plan.pathAndQuery, { bypassCache })
          : readFromLeader(plan.pathAndQuery, plan.upstreamMethod);
      case 'cluster-summary':
        return readClusterSummary(bypassCache);
      case 'region-migration': {
        const outcome = await submitRegionMigration(plan.pathAndQuery, {
          tracker,
          send,
          timeoutMs: cluster.timeoutMs,
        });
        return outcome.kind === 'answered'
          ? { kind: 'relay', answer: outcome.answer }
          : { kind: 'proxy-error', error: outcome.error, status: outcome.status };
      }
    }
  }

  async function serveApi(req: IncomingMessage, url: URL): Promise<Answer> {
    if (url.pathname === DEV_EMULATOR_PATH && embeddedEmulator !== undefined) {
      return req.method === 'GET'
        ? { kind: 'json', value: embeddedEmulator }
        : methodNotAllowed('GET');
    }
    if (
      isSqlEndpoint(url.pathname) &&
      url.pathname.startsWith(`${API_PREFIX}/clusters/${clusterId}/`)
    ) {
      const answer = await sqlApi.serve(req, url);
      bodies.set(req, sqlApi.bodyOf(req));
      return answer.kind === 'frontend'
        ? { kind: 'frontend-relay', answer: answer.answer }
        : answer;
    }
    if (deps.migrations !== undefined && isMigrationsPath(url.pathname)) {
      return serveMigrationsApi(deps.migrations, req, url, {
        startedBy: deps.startedBy?.(req) ?? null,
      });
    }
    if (deps.repartitions !== undefined && isRepartitionsPath(url.pathname)) {
      return serveRepartitionsApi(deps.repartitions, req, url, {
        startedBy: deps.startedBy?.(req) ?? null,
        rememberBody: (body) => bodies.set(req, body),
      });
    }
    if (hotRegions !== undefined && isHotRegionsPath(url.pathname)) {
      return serveHotRegionsApi(hotRegions, req, url, clusterId);
    }
    if (planExecutor !== undefined && isPlanRunsPath(url.pathname)) {
      return servePlanRunsApi(planExecutor, req, url, {
        clusterId,
        startedBy: deps.startedBy?.(req) ?? null,
      });
    }
    const match = CLUSTER_PATH.exec(url.pathname);
    const endpoint = match?.[2] === undefined ? undefined : ENDPOINTS.get(match[2]);
    if (match?.[1] !== clusterId || endpoint === undefined) {
      return {
        kind: 'proxy-error',
        error: { code: 'not-found', message: `No such endpoint: ${url.pathname}` },
      };
    }
    if (req.method !== endpoint.method) return methodNotAllowed(endpoint.method);

    const input = await readRequestInput(req, url, endpoint.method, bodies);
    if (!('ok' in input)) return input;
    // Every parameter is checked here, before the cluster is contacted at all.
    const plan = endpoint.plan({ query: input.query, body: input.body });
    if (!plan.ok) return badRequest(plan.issues);
    return execute(plan.value, req);
  }

  const handler: ApiHandler = (req, res, next) => {
    // Only the path and query are used; the base is a placeholder, never a request target.
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    if (!isApiPath(url.pathname)) {
      next();
      return;
    }
    serveEvents(req, res, () => {
      serveAnswer(req, res, url, next);
    });
  };

  function serveAnswer(req: IncomingMessage, res: ServerResponse, url: URL, next: NextFunction) {
    serveApi(req, url).then(
      (answer) => {
        writeAnswer(res, answer);
        const endpoint = CLUSTER_PATH.exec(url.pathname)?.[2];
        if (req.method !== 'GET' && endpoint !== undefined && MAINTENANCE_MUTATIONS.has(endpoint)) {
          // Whatever MetaSrv answered, the mode may have switched: the next read asks.
          poller.invalidate(MAINTENANCE_PATH);
        }
        if (req.method !== 'GET' && deps.onMutationAnswered !== undefined) {
          deps.onMutationAnswered({
            req,
            endpoint: url.pathname,
            body: bodies.get(req),
            ...summarizeAnswer(answer),
          });
        }
      },
      (error: unknown) => {
        // A bug, not a cluster answer: let the host server report it (Vite logs it, answers 500).
        if (res.headersSent) res.destroy();
        else next(error);
      },
    );
  }

  return Object.assign(handler, {
    readiness: () => poller.readiness(),
    close: () => {
      unsubscribeMigrations?.();
      unsubscribeRepartitions?.();
      poller.close();
      hotRegions?.close();
    },
  });
}

type Answer =
  | { kind: 'relay'; answer: MetasrvAnswer }
  | Extract<MigrationsAnswer, { kind: 'file' }>
  | { kind: 'json'; value: unknown }
  | { kind: 'frontend-relay'; answer: FrontendAnswer }
  | {
      kind: 'proxy-error';
      error: ProxyError;
      status?: number | undefined;
      headers?: Record<string, string>;
    };

function writeAnswer(res: ServerResponse, answer: Answer): void {
  switch (answer.kind) {
    case 'relay':
      relayMetasrvAnswer(res, answer.answer);
      return;
    case 'json':
      answerJson(res, 200, answer.value);
      return;
    case 'frontend-relay':
      relayFrontendAnswer(res, answer.answer);
      return;
    case 'file':
      writeFileAnswer(res, answer);
      return;
    case 'proxy-error':
      answerProxyError(res, answer.error, { status: answer.status, headers: answer.headers });
      return;
  }
}

function summarizeAnswer(
  answer: Answer,
): Pick<MutationRecord, 'status' | 'answeredBy' | 'metasrvAddr' | 'answerText'> {
  switch (answer.kind) {
    case 'relay':
      return {
        status: answer.answer.status,
        answeredBy: 'metasrv',
        metasrvAddr: answer.answer.addr,
        answerText: answer.answer.body.toString('utf8'),
      };
    case 'frontend-relay':
      return {
        status: answer.answer.status,
        answeredBy: 'frontend',
        metasrvAddr: answer.answer.addr,
        answerText: answer.answer.body.toString('utf8'),
      };
    case 'json':
    case 'file':
      return { status: 200, answeredBy: 'proxy', metasrvAddr: null, answerText: '' };
    case 'proxy-error':
      return {
        status: answer.status ?? PROXY_ERROR_STATUS[answer.error.code],
        answeredBy: 'proxy',
        metasrvAddr: answer.error.metasrv ?? null,
        answerText: `${answer.error.code}: ${answer.error.message}`,
      };
  }
}

function methodNotAllowed(allowed: string): Answer {
  return {
    kind: 'proxy-error',
    error: { code: 'method-not-allowed', message: `Use ${allowed} for this endpoint.` },
    headers: { allow: allowed },
  };
}
