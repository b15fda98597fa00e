/**
 * The production request pipeline, in the order a request meets it:
 *   URL size -> /healthz -> Host allow-list -> /readyz -> sign-in rate limit -> authentication -> login/logout
 *   -> CSRF guard (any non-GET) -> read-only guard -> audit -> /api router -> the dashboard.
 * Each guard answers by itself and stops the request; nothing reaches a MetaSrv before
 * every guard has passed. Guards live in server/security; this module only orders them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_PREFIX, CONSOLE_PATHS } from '../../contract/api-contract.ts';
import type { Session } from '../../contract/api-contract.ts';
import { createApiHandler } from '../proxy/api-handler.ts';
import type { EmbeddedEmulatorInfo, MutationRecord } from '../proxy/api-handler.ts';
import type { ClusterConnection } from '../proxy/cluster-connection.ts';
import { createConsoleRouter } from '../proxy/console-router.ts';
import { answerJson, answerProxyError } from '../proxy/responses.ts';
import type { ProxyError } from '../proxy/responses.ts';
import { createMetasrvAgent, sendToMetasrv } from '../proxy/upstream.ts';
import type { SendToMetasrv } from '../proxy/upstream.ts';
import type { MigrationTracker } from '../migrations/migration-tracker.ts';
import type { PlanExecutor, PlanExecutorFactoryOptions } from '../plans/plan-executor.ts';
import type { RepartitionTracker } from '../repartitions/repartition-tracker.ts';
import type { FrontendTarget } from '../sql/frontend-client.ts';
import type { HotRegionsSettings } from '../hot-regions/hot-regions-poller.ts';
import type { AuditLog } from '../security/audit-log.ts';
import { Authenticator, BASIC_REALM } from '../security/auth.ts';
import { clientAddress } from '../security/client-address.ts';
import { LoginRateLimiter } from '../security/login-rate-limit.ts';
import { isHostAllowed } from '../security/host-allow-list.ts';
import { isMutatingMethod, mutationRefusal } from '../security/mutation-guard.ts';
import { isAllowedWhenReadOnly } from '../security/read-only-guard.ts';
import { BASE_SECURITY_HEADERS, HSTS_HEADER } from '../security/security-headers.ts';
import type { ConsoleConfig } from './config.ts';
import { HEALTHZ_PATH, READYZ_PATH, answerProbe, createReadinessCheck } from './healthz.ts';
import { handleLogin, handleLogout, refuseRateLimited } from './login.ts';
import type { LoginDeps } from './login.ts';
import type { StaticHandler } from './static-files.ts';

/** Longer than any URL the dashboard builds (the longest is a route by catalog/schema/table). */
export const MAX_URL_BYTES = 4096;

export type ConsoleServerConfig = Pick<
  ConsoleConfig,
  'publicOrigins' | 'allowedHosts' | 'tls' | 'trustedProxies' | 'isReadOnly' | 'auth' | 'timeoutMs'
>;

export interface ConsoleServerOptions {
  config: ConsoleServerConfig;
  clusters: readonly {
    id: string;
    metasrvAddrs: string[];
    leaderMap: ReadonlyMap<string, string>;
    /** This cluster's frontend for the SQL path (detection, SQL endpoints, migrations). */
    frontend?: FrontendTarget | null;
  }[];
  audit: AuditLog;
  /** The dashboard, last after every guard: the build's files, or Vite in `npm run dev`. */
  serveApp: StaticHandler;
  /** Only when this process started the emulator (no cluster configured). */
  embeddedEmulator?: EmbeddedEmulatorInfo;
  send?: SendToMetasrv;
  /** Migration journal and follower (server/migrations); absent in unit tests. */
  migrations?: MigrationTracker;
  plans?: (options: PlanExecutorFactoryOptions) => PlanExecutor;
  /** Split/merge journal and follower (server/repartitions); absent in unit tests. */
  repartitions?: RepartitionTracker;
  /** Login attempts etc.; one JSON line each. */
  log?: (line: string) => void;
  /** Failed sign-ins per client address; injectable for tests (a clock). */
  loginLimiter?: LoginRateLimiter;
  /** REFRESH_INTERVAL_MS for each cluster's poller (server/cluster-poller); its default when absent. */
  refreshIntervalMs?: number;
  /** Each cluster samples its hot regions (server/hot-regions); absent in unit tests of other parts. */
  hotRegions?: HotRegionsSettings;
}

export interface ConsoleServer {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Drops pooled MetaSrv connections. */
  close(): void;
}

function refuse(res: ServerResponse, error: ProxyError, headers?: Record<string, string>) {
  answerProxyError(res, error, { headers });
}

export function createConsoleServer(options: ConsoleServerOptions): ConsoleServer {
  const { config, audit } = options;
  const send = options.send ?? sendToMetasrv;
  const agent = createMetasrvAgent();
  const auth = new Authenticator(config.auth);
  const isSecure = config.tls !== null || config.publicOrigins.every((o) => o.startsWith('https:'));
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const users = new WeakMap<IncomingMessage, string | null>();
  const from = (req: IncomingMessage) => clientAddress(req, config.trustedProxies);
  const loginLimiter = options.loginLimiter ?? new LoginRateLimiter();

  const connections = options.clusters.map(
    (cluster): { id: string; connection: ClusterConnection; frontend: FrontendTarget | null } => ({
      id: cluster.id,
      connection: {
        metasrvAddrs: cluster.metasrvAddrs,
        leaderMap: cluster.leaderMap,
        timeoutMs: config.timeoutMs,
      },
      frontend: cluster.frontend ?? null,
    }),
  );
  // The executor is told here, not by each host: a read-only console that resumed an
  // interrupted plan run on start would send its remaining moves to the cluster.
  const makePlans = options.plans;
  const plans =
    makePlans === undefined
      ? undefined
      : (factoryOptions: PlanExecutorFactoryOptions) =>
          makePlans({ ...factoryOptions, isReadOnly: config.isReadOnly });
  const onMutationAnswered = (record: MutationRecord) => {
    audit({
      from: from(record.req),
      user: users.get(record.req) ?? null,
      method: record.req.method ?? '?',
      path: record.endpoint,
      request: record.body ?? null,
      outcome: {
        status: record.status,
        answeredBy: record.answeredBy,
        metasrv: record.metasrvAddr,
        answer: record.answerText,
      },
    });
  };
  const handlers = connections.map(({ id, connection, frontend }, index) => ({
    id,
    metasrvAddrs: connection.metasrvAddrs,
    isEmulated: index === 0 && options.embeddedEmulator !== undefined,
    handler: createApiHandler(connection, {
      clusterId: id,
      send,
      agent,
      onMutationAnswered,
      startedBy: (req) => users.get(req) ?? null,
      ...(options.migrations === undefined ? {} : { migrations: options.migrations }),
      ...(plans === undefined ? {} : { plans }),
      ...(options.repartitions === undefined ? {} : { repartitions: options.repartitions }),
      frontend,
      // The emulator belongs to the first (only) cluster when this process started it.
      ...(index === 0 && options.embeddedEmulator !== undefined
        ? { embeddedEmulator: options.embeddedEmulator }
        : {}),
      ...(options.refreshIntervalMs === undefined
        ? {}
        : { refreshIntervalMs: options.refreshIntervalMs }),
      ...(options.hotRegions === undefined ? {} : { hotRegions: options.hotRegions }),
    }),
  }));
  const router = createConsoleRouter({
    clusters: handlers,
    session: (req): Session => ({
      auth: auth.mode,
      user: users.get(req) ?? null,
      readOnly: config.isReadOnly,
    }),
  });
  const isReady = createReadinessCheck(handlers.map(({ handler }) => handler));
  const loginDeps: LoginDeps = {
    auth,
    isReadOnly: config.isReadOnly,
    isSecure,
    log: (req, { user, ok }) => {
      const at = new Date().toISOString();
      log(JSON.stringify({ type: 'login', at, from: from(req), user, ok }));
    },
    limiter: loginLimiter,
    from,
  };

  function auditRefusal(req: IncomingMessage, pathname: string, status: number, why: string) {
    audit({
      from: from(req),
      user: users.get(req) ?? null,
      method: req.method ?? '?',
      path: pathname,
      // The body was not read: a refused request's parameters are not trusted to be small.
      request: null,
      outcome: { status, answeredBy: 'guard', metasrv: null, answer: why },
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) res.setHeader(name, value);
    if (config.tls !== null) {
      for (const [name, value] of Object.entries(HSTS_HEADER)) res.setHeader(name, value);
    }

    const rawUrl = req.url ?? '/';
    if (Buffer.byteLength(rawUrl) > MAX_URL_BYTES) {
      refuse(res, { code: 'uri-too-long', message: `URLs are limited to ${MAX_URL_BYTES} bytes.` });
      return;
    }
    const { pathname } = new URL(rawUrl, 'http://console.invalid');

    // Liveness probes from the orchestrator use the pod address as Host; it reads nothing.
    if (req.method === 'GET' && pathname === HEALTHZ_PATH) {
      answerProbe(res, true);
      return;
    }
    if (!isHostAllowed(req.headers.host, config.allowedHosts)) {
      refuse(res, {
        code: 'forbidden',
        message: 'This Host is not one the console is served under (see ALLOWED_HOSTS).',
      });
      return;
    }
    if (req.method === 'GET' && pathname === READYZ_PATH) {
      answerProbe(res, await isReady());
      return;
    }

    const isApi = pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
    // Basic auth checks credentials on every request: a guessing address is stopped here.
    if (auth.mode === 'basic' && refuseRateLimited(req, res, loginDeps)) return;
    const identity = auth.identify(req);
    users.set(req, identity.ok ? identity.user : null);
    if (!identity.ok) {
      if (auth.mode === 'basic') {
        // A request without credentials is the browser asking for its prompt, not a guess.
        if (req.headers.authorization !== undefined) {
          loginLimiter.recordFailure(from(req));
          loginDeps.log(req, { user: null, ok: false });
        }
        // Every path, the dashboard included: the browser shows its own login prompt.
        refuse(
          res,
          { code: 'unauthorized', message: 'Sign in with your console user name and password.' },
          { 'www-authenticate': `Basic realm="${BASIC_REALM}", charset="UTF-8"` },
        );
        return;
      }
      // Token mode: the dashboard and its login page load; the API needs the session cookie.
      const isOpen =
        !isApi || pathname === CONSOLE_PATHS.session || pathname === CONSOLE_PATHS.login;
      if (!isOpen) {
        refuse(res, { code: 'unauthorized', message: 'Sign in on the console login page.' });
        return;
      }
    }

    if (isApi && isMutatingMethod(req.method)) {
      const refusal = mutationRefusal(req, config.publicOrigins);
      if (refusal !== null) {
        auditRefusal(req, pathname, 403, refusal);
        refuse(res, { code: 'forbidden', message: refusal });
        return;
      }
      if (pathname === CONSOLE_PATHS.login && req.method === 'POST') {
        await handleLogin(req, res, loginDeps);
        return;
      }
      if (pathname === CONSOLE_PATHS.logout && req.method === 'POST') {
        handleLogout(req, res, loginDeps);
        return;
      }
      if (config.isReadOnly && !isAllowedWhenReadOnly(req.method, pathname)) {
        const message = 'The console runs in read-only mode: nothing is sent to MetaSrv.';
        auditRefusal(req, pathname, 403, message);
        refuse(res, { code: 'read-only', message });
        return;
      }
    }

    if (isApi) {
      router(req, res, (error?: unknown) => {
        if (error !== undefined) {
          const text = error instanceof Error ? (error.stack ?? error.message) : 'unknown error';
          process.stderr.write(`Region Console: request failed: ${text}\n`);
          if (res.headersSent) res.destroy();
          else answerJson(res, 500, { error: { code: 'internal', message: 'Internal error.' } });
        }
      });
      return;
    }
    options.serveApp(req, res);
  }

  return {
    listener: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        process.stderr.write(`Region Console: request failed: ${String(error)}\n`);
        if (res.headersSent) res.destroy();
        else answerJson(res, 500, { error: { code: 'internal', message: 'Internal error.' } });
      });
    },
    close: () => {
      for (const { handler } of handlers) handler.close();
      agent.destroy();
    },
  };
}
