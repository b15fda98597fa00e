/**
 * The one assembly of the console server, for `npm start` (main.ts) and `npm run dev`
 * (server/dev/dev-server.ts) alike: from one validated configuration it starts the embedded
 * emulator when no cluster is configured, listens over HTTP or HTTPS, and serves the request
 * pipeline of console-server.ts (guards, `/api`, login, health) with the dashboard last. The
 * only thing a host chooses is how the dashboard is served: the build's files, or Vite.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createAuditLog } from '../security/audit-log.ts';
import { dataDirProblems } from '../migrations/data-dir.ts';
import { JournalLockedError } from '../migrations/journal.ts';
import type { MigrationTracker } from '../migrations/migration-tracker.ts';
import { processMigrationTracker } from '../migrations/process-tracker.ts';
import { processRepartitionTracker } from '../repartitions/process-repartition-tracker.ts';
import { interruptRunsOfRemovedClusters } from '../plans/orphaned-runs.ts';
import { processPlanExecutor } from '../plans/process-plans.ts';
import { createMetasrvAgent, sendToMetasrv } from '../proxy/upstream.ts';
import type { EmbeddedEmulatorInfo } from '../proxy/api-handler.ts';
import { sendSql } from '../sql/frontend-client.ts';
import { ConsoleConfigError, parseConsoleConfig } from './config.ts';
import type { ConfigDefaults, ConsoleConfig } from './config.ts';
import type { ClusterSettings } from './clusters-config.ts';
import { createLimitedServer } from './connection-limits.ts';
import type { ConsoleHttpServer } from './connection-limits.ts';
import { createConsoleServer } from './console-server.ts';
import type { StaticHandler } from './static-files.ts';
import {
  banner,
  describeConfig,
  probeFrontend,
  probeMetasrvs,
  warnings,
} from './startup-report.ts';

export type { ConsoleHttpServer } from './connection-limits.ts';

/** How the dashboard is served, behind every guard. */
export interface DashboardHost {
  serve: StaticHandler;
  close(): Promise<void>;
}

interface Clusters {
  clusters: ClusterSettings[];
  embeddedEmulator?: EmbeddedEmulatorInfo;
  close: () => Promise<void>;
}

/** `read()`, or its configuration errors listed in full and exit status 2. */
function orExitOnConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConsoleConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** The configuration of this process; a bad one is listed in full and exits with status 2. */
export function readConfigOrExit(defaults: ConfigDefaults): ConsoleConfig {
  return orExitOnConfigError(() => {
    const config = parseConsoleConfig(
      {
        env: process.env,
        argv: process.argv.slice(2),
        readFile: (file) => readFileSync(file),
        cwd: process.cwd(),
      },
      defaults,
    );
    // Checked on the disk (created if missing), so only once the settings are valid.
    const dataDirIssues = dataDirProblems(config.dataDir);
    if (dataDirIssues.length > 0) throw new ConsoleConfigError(dataDirIssues);
    return config;
  });
}

/**
 * Opens the migration tracker on `dataDir`. Another console may take DATA_DIR, or the disk
 * fail, between the start-up check and this open: that is the same configuration error, not
 * a stack trace.
 */
export function openTrackerOrConfigError(
  dataDir: string,
  open: () => MigrationTracker,
): MigrationTracker {
  try {
    return open();
  } catch (error) {
    if (error instanceof JournalLockedError) throw new ConsoleConfigError([error.message]);
    const problems = dataDirProblems(dataDir);
    if (problems.length > 0) throw new ConsoleConfigError(problems);
    throw error;
  }
}

async function clustersToServe(config: ConsoleConfig): Promise<Clusters> {
  if (config.clusters !== null) return { clusters: config.clusters, close: async () => {} };
  // Loaded only when needed: a console pointed at a real cluster never loads the emulator.
  const { startEmulator } = await import('../../emulator/server.ts');
  const emulator = await startEmulator({
    api: config.emulatorApi,
    frontendAuth: config.emulatorFrontendAuth,
  });
  return {
    clusters: [
      {
        id: 'default',
        metasrvAddrs: emulator.metasrvAddrs,
        // v1: the leader reports its gRPC-style address; the admin API is on another port.
        leaderMap: new Map(Object.entries(emulator.leaderAddrMap)),
        frontend:
          emulator.frontendAddr === null
            ? null
            : { url: `http://${emulator.frontendAddr}`, credentials: config.emulatorFrontendAuth },
      },
    ],
    embeddedEmulator: { controlAddr: emulator.controlAddr, metasrvAddrs: emulator.metasrvAddrs },
    close: () => emulator.close(),
  };
}

/** What the server prints once it listens: where, what it talks to, and loud warnings. */
async function startupReport(config: ConsoleConfig, served: Clusters, listeningAt: string) {
  const lines = describeConfig(config, listeningAt);
  const agent = createMetasrvAgent();
  for (const cluster of served.clusters) {
    lines.push(`  cluster ${cluster.id}:`);
    const probes = await probeMetasrvs(cluster.metasrvAddrs, {
      send: sendToMetasrv,
      agent,
      timeoutMs: config.timeoutMs,
    });
    for (const probe of probes) lines.push(`    MetaSrv ${probe.addr} ${probe.answer}`);
    for (const [reported, target] of cluster.leaderMap) {
      lines.push(`    leader map: ${reported} -> ${target}`);
    }
    if (cluster.frontend !== null) {
      lines.push(
        `    ${await probeFrontend(cluster.frontend, { sendSql, timeoutMs: config.timeoutMs })}`,
      );
    }
  }
  agent.destroy();
  if (served.embeddedEmulator !== undefined) {
    lines.push(`  emulator control API: ${served.embeddedEmulator.controlAddr}`);
  }
  const warning = banner(warnings(config, served.embeddedEmulator !== undefined));
  return `${lines.join('\n')}\n${warning === '' ? '' : `${warning}\n`}`;
}

export async function runConsoleServer(
  config: ConsoleConfig,
  hostDashboard: (server: ConsoleHttpServer) => Promise<DashboardHost>,
): Promise<void> {
  // The migrations journal and the plan runs read DATA_DIR where they are opened.
  process.env.DATA_DIR = config.dataDir;
  const migrations = orExitOnConfigError(() =>
    openTrackerOrConfigError(config.dataDir, () =>
      processMigrationTracker((message) => void process.stderr.write(`${message}\n`)),
    ),
  );
  // After the migration tracker: its lock makes DATA_DIR this process's.
  const repartitions = processRepartitionTracker(
    (message) => void process.stderr.write(`${message}\n`),
  );
  const served = await clustersToServe(config);
  interruptRunsOfRemovedClusters({
    dataDir: config.dataDir,
    clusterIds: served.clusters.map((cluster) => cluster.id),
    now: Date.now,
    log: (message) => void process.stderr.write(`${message}\n`),
  });
  const { server, serve } = createLimitedServer({
    tls: config.tls,
    limits: config.connectionLimits,
  });
  const dashboard = await hostDashboard(server);
  const consoleServer = createConsoleServer({
    config,
    clusters: served.clusters,
    audit: createAuditLog((line) => void process.stdout.write(`${line}\n`)),
    serveApp: dashboard.serve,
    ...(served.embeddedEmulator === undefined ? {} : { embeddedEmulator: served.embeddedEmulator }),
    migrations,
    repartitions,
    plans: processPlanExecutor,
    refreshIntervalMs: config.refreshIntervalMs,
    hotRegions: { dataDir: config.dataDir, intervalMs: config.hotRegionsIntervalMs },
  });
  serve(consoleServer.listener);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port =
    typeof address === 'object' && address !== null
      ? (address satisfies AddressInfo).port
      : config.port;
  const scheme = config.tls === null ? 'http' : 'https';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(await startupReport(config, served, `${scheme}://${host}:${port}`));

  let isClosing = false;
  const shutDown = (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    process.stdout.write(`Region Console: ${signal}, shutting down\n`);
    server.close();
    server.closeAllConnections();
    consoleServer.close();
    void Promise.all([dashboard.close(), served.close()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', () => {
    shutDown('SIGINT');
  });
  process.once('SIGTERM', () => {
    shutDown('SIGTERM');
  });
}
