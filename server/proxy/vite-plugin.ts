/**
 * Mounts the /api handler in `vite dev` and `vite preview`. With no METASRV_ADDRS it first
 * starts the emulated cluster in this process, so `npm run dev` alone gives a working
 * dashboard; the proxy still reaches it over HTTP exactly as it would a real cluster.
 */
import http from 'node:http';
import type { Logger, Plugin, PreviewServer, ViteDevServer } from 'vite';
import type { EmbeddedEmulatorInfo } from './api-handler';
import { DEV_EMULATOR_PATH, createApiHandler } from './api-handler';
import type { ApiHandler } from './api-handler';
import { parseProxyConfig } from './config';
import type { EmulatorApi } from './config';
import { createMetasrvAgent } from './upstream';

interface EmbeddedEmulator extends EmbeddedEmulatorInfo {
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
  const starting = import('../emulator/server').then(({ startEmulator }) => startEmulator({ api }));
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
): Promise<ApiHandler> {
  const config = parseProxyConfig(process.env);
  const agent = createMetasrvAgent();
  // Each Vite (re)start builds a new handler; its pooled MetaSrv connections go with it.
  httpServer?.once('close', () => {
    agent.destroy();
  });

  if (config.metasrvAddrs !== null) {
    logger.info(`Region Console: MetaSrv nodes ${config.metasrvAddrs.join(', ')}`);
    return createApiHandler(
      {
        metasrvAddrs: config.metasrvAddrs,
        leaderMap: config.leaderMap,
        timeoutMs: config.timeoutMs,
      },
      { agent },
    );
  }
  const { emulator, isNew } = await embeddedEmulator(config.emulatorApi);
  logger.info(
    `Region Console: no METASRV_ADDRS, ${isNew ? 'started' : 'reusing'} the embedded emulated ` +
      `cluster (MetaSrv ${config.emulatorApi}).\n` +
      `  MetaSrv nodes: ${emulator.metasrvAddrs.join(', ')}\n` +
      `  Emulator control API: ${emulator.controlAddr} (also GET ${DEV_EMULATOR_PATH})`,
  );
  return createApiHandler(
    { metasrvAddrs: emulator.metasrvAddrs, leaderMap: new Map(), timeoutMs: config.timeoutMs },
    {
      agent,
      embeddedEmulator: { controlAddr: emulator.controlAddr, metasrvAddrs: emulator.metasrvAddrs },
    },
  );
}

async function mount(server: ViteDevServer | PreviewServer): Promise<void> {
  // Preview's httpServer is always an http.Server; dev's is null in middleware mode and may be
  // an Http2SecureServer with https, which never emits the close we listen for either way.
  const httpServer = server.httpServer instanceof http.Server ? server.httpServer : null;
  const handler = await createHandlerFromEnv(server.config.logger, httpServer);
  server.middlewares.use(handler);
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
