/**
 * `npm run dev`: the console server of `npm start` (server/production/run-console-server.ts),
 * with Vite in middleware mode serving the dashboard from source with hot reload in place of
 * the build's files. Everything before the dashboard (guards, `/api`, login, health, the
 * embedded emulator) is the production code path. Defaults: port 5173, DATA_DIR `.data/dev`.
 *
 * The embedded emulator belongs to this process, not to Vite: Vite restarts itself when
 * vite.config.ts changes, and the emulator (with its listening ports) is untouched. Restart
 * `npm run dev` after editing server or emulator code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createServer as createViteServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { readConfigOrExit, runConsoleServer } from '../production/run-console-server.ts';
import type { ConsoleHttpServer, DashboardHost } from '../production/run-console-server.ts';
import { answerText, isClientRoute, serveIndexHtml } from '../production/static-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function hostWithVite(server: ConsoleHttpServer): Promise<DashboardHost> {
  const vite: ViteDevServer = await createViteServer({
    root: ROOT,
    // `custom`: Vite serves modules and assets only; index.html is served below, with a nonce.
    appType: 'custom',
    // Hot reload on this server's own port, through its upgrade requests.
    server: { middlewareMode: true, hmr: { server } },
  });
  const serveIndex: DashboardHost['serve'] = (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://console.invalid');
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isClientRoute(pathname)) {
      answerText(res, 404, 'Not found');
      return;
    }
    readFile(path.join(ROOT, 'index.html'), 'utf8')
      .then((html) => vite.transformIndexHtml(pathname, html))
      .then((html) => {
        serveIndexHtml(req, res, html);
      })
      .catch((error: unknown) => {
        answerText(res, 500, `index.html: ${String(error)}`);
      });
  };
  return {
    // `vite.middlewares` is read per request: a Vite restart replaces it.
    serve: (req, res) => {
      vite.middlewares(req, res, () => {
        serveIndex(req, res);
      });
    },
    close: () => vite.close(),
  };
}

const config = readConfigOrExit({ port: 5173, dataDir: path.join('.data', 'dev'), distDir: null });
await runConsoleServer(config, hostWithVite);
