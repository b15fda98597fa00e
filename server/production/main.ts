/**
 * `npm start`: the production server. One Node process serves the built dashboard
 * (dist/client) behind the guards of server/security, with the leader-aware /api handler.
 * Configuration: environment variables and CLI flags (README, "Running it for your team").
 * A bad configuration is listed in full and the process exits with status 2.
 */
import { PRODUCTION_DEFAULTS } from './config.ts';
import { readConfigOrExit, runConsoleServer } from './run-console-server.ts';
import { createStaticHandler } from './static-files.ts';

const config = readConfigOrExit(PRODUCTION_DEFAULTS);
const { distDir } = config;
if (distDir === null) throw new Error('the production defaults name the build to serve');
const dashboard = { serve: createStaticHandler(distDir), close: () => Promise.resolve() };
await runConsoleServer(config, () => Promise.resolve(dashboard));
