/**
 * Mounts the /api handler in `vite dev` and `vite preview`. With no METASRV_ADDRS it first
 * starts the emulated cluster in this process, so `npm run dev` alone gives a working
 * dashboard; the proxy still reaches it over HTTP exactly as it would a real cluster.
 */
import http from 'node:http';
import type { Logger, Plugin, PreviewServer, ViteDevServer } from 'vite';
import { DEFAULT_CLUSTER_ID } from '../../contract/api-contract.ts';
import type { EmbeddedEmulatorInfo } from './api-handler.ts';
import { DEV_EMULATOR_PATH, createApiHandler } from './api-handler.ts';
import type { ApiHandler } from './api-handler.ts';
import { parseProxyConfig } from './config.ts';
import { createConsoleRouter } from './console-router.ts';
import type { EmulatorApi } from './config.ts';
import { createMetasrvAgent } from './upstream.ts';
import { parseEmulatorFrontendAuth } from '../sql/frontend-config.ts';
import { processMigrationTracker } from '../migrations/process-tracker.ts';
import { processPlanExecutor } from '../plans/process-plans.ts';

interface EmbeddedEmulator extends EmbeddedEmulatorInfo {
  /** v1: reported MetaSrv address -> admin HTTP address; {} in legacy modes. */
  readonly leaderAddrMap: Record<string, string>;
  /** v1: the emulated frontend's host:port; null in legacy modes. */
  readonly frontendAddr: string | null;
  close(): Promise<void>;
}

declare global {
  /**
   * The embedded emulator of this process. Vite re-bundles vite.config.ts (and this module
   * with it) on every config change, so a module-level variable would be a new one each
   * time and a second emulator would be started; the global outlives the reloads.
   */
  var regionConsoleEmbeddedEmulator: Promise<EmbeddedEmulator> | undefined;
}

/** The embedded emulator, started on first use; `isNew` is false after a Vite restart. */
async function embeddedEmulator(
  api: EmulatorApi,
): Promise<{ emulator: EmbeddedEmulator; isNew: boolean }> {
  const existing = globalThis.regionConsoleEmbeddedEmulator;
  if (existing !== undefined) return { emulator: await existing, isNew: false };
  // Loaded only when needed: a console pointed at a real cluster never loads the emulator.
  const frontendAuth = parseEmulatorFrontendAuth(process.env);
  const starting = import('../../emulator/server.ts').then(({ startEmulator }) =>
    startEmulator({ api, ...(frontendAuth === null ? {} : { frontendAuth }) }),
  );
  globalThis.regionConsoleEmbeddedEmulator = starting;
  try {
    return { emulator: await starting, isNew: true };
  } catch (error) {
    // A failed start must not be kept, or every later restart would repeat the old error.
    globalThis.regionConsoleEmbeddedEmulator = undefined;
    throw error;
  }
}

async function createHandlerFromEnv(
  logger: Logger,
  httpServer: http.Server | null,
): Promise<{ handler: ApiHandler; metasrvAddrs: string[] }> {
  const config = parseProxyConfig(process.env);
  const agent = createMetasrvAgent();
  const migrations = processMigrationTracker((message) => {
    logger.warn(message);
  });
  // Each Vite (re)start builds a new handler; its pooled MetaSrv connections go with it.
  httpServer?.once('close', () => {
    agent.destroy();
  });

  if (config.metasrvAddrs !== null) {
    logger.info(`Region Console: MetaSrv nodes ${config.metasrvAddrs.join(', ')}`);
    const handler = createApiHandler(
      {
        metasrvAddrs: config.metasrvAddrs,
        leaderMap: config.leaderMap,
        timeoutMs: config.timeoutMs,
      },
      { agent, migrations, plans: processPlanExecutor, frontend: config.frontend },
    );
    return { handler, metasrvAddrs: config.metasrvAddrs };
  }
  const { emulator, isNew } = await embeddedEmulator(config.emulatorApi);
  logger.info(
    `Region Console: no METASRV_ADDRS, ${isNew ? 'started' : 'reusing'} the embedded emulated ` +
      `cluster (MetaSrv ${config.emulatorApi}).\n` +
      `  MetaSrv nodes: ${emulator.metasrvAddrs.join(', ')}\n` +
      `  Emulator control API: ${emulator.controlAddr} (also GET ${DEV_EMULATOR_PATH})`,
  );
  const handler = createApiHandler(
    {
      metasrvAddrs: emulator.metasrvAddrs,
      // v1: the leader reports its gRPC-style address; the admin API is on another port.
      leaderMap: new Map(Object.entries(emulator.leaderAddrMap)),
      timeoutMs: config.timeoutMs,
    },
    {
      frontend:
        emulator.frontendAddr === null
          ? null
          : {
              url: `http://${emulator.frontendAddr}`,
              credentials: parseEmulatorFrontendAuth(process.env),
            },
      agent,
      migrations,
      plans: processPlanExecutor,
      embeddedEmulator: { controlAddr: emulator.controlAddr, metasrvAddrs: emulator.metasrvAddrs },
    },
  );
  return { handler, metasrvAddrs: emulator.metasrvAddrs };
}

async function mount(server: ViteDevServer | PreviewServer): Promise<void> {
  // Preview's httpServer is always an http.Server; dev's is null in middleware mode and may be
  // an Http2SecureServer with https, which never emits the close we listen for either way.
  const httpServer = server.httpServer instanceof http.Server ? server.httpServer : null;
  const { handler, metasrvAddrs } = await createHandlerFromEnv(server.config.logger, httpServer);
  // One cluster (`default`) and no auth here: vite dev/preview are for development. The
  // production server (server/production) adds several clusters, auth and the guards.
  const router = createConsoleRouter({
    clusters: [{ id: DEFAULT_CLUSTER_ID, metasrvAddrs, handler }],
    session: () => ({ auth: 'none', user: null, readOnly: false }),
  });
  server.middlewares.use(router);
}

export function regionConsolePlugin(): Plugin {
  return {
    name: 'greptime-region-console',
    // Registered directly (not in a returned post hook) so /api/ is handled before Vite's
    // own middlewares, such as the SPA fallback, can answer it.
    configureServer: mount,
    configurePreviewServer: mount,
  };
}
