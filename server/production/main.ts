/**
 * `npm start`: the production server. One Node process serves the built dashboard (dist/) and
 * the same leader-aware /api handler as `vite dev`, behind the guards of server/security.
 * Configuration: environment variables and CLI flags (README, "Running it for your team").
 * A bad configuration is listed in full and the process exits with status 2.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAuditLog } from '../security/audit-log.ts';
import { dataDirFromEnv, processMigrationTracker } from '../migrations/process-tracker.ts';
import { interruptRunsOfRemovedClusters } from '../plans/orphaned-runs.ts';
import { processPlanExecutor } from '../plans/process-plans.ts';
import { createMetasrvAgent, sendToMetasrv } from '../proxy/upstream.ts';
import type { EmbeddedEmulatorInfo } from '../proxy/api-handler.ts';
import { ProductionConfigError, parseProductionConfig } from './config.ts';
import type { ProductionConfig } from './config.ts';
import type { ClusterSettings } from './clusters-config.ts';
import { createConsoleServer } from './console-server.ts';
import {
  banner,
  describeConfig,
  probeFrontend,
  probeMetasrvs,
  warnings,
} from './startup-report.ts';
import { sendSql } from '../sql/frontend-client.ts';

interface Started {
  clusters: ClusterSettings[];
  embeddedEmulator?: EmbeddedEmulatorInfo;
  close: () => Promise<void>;
}

async function clustersToServe(config: ProductionConfig): Promise<Started> {
  if (config.clusters !== null) return { clusters: config.clusters, close: async () => {} };
  // Loaded only when needed: a console pointed at a real cluster never loads the emulator.
  const { startEmulator } = await import('../../emulator/server.ts');
  const emulator = await startEmulator({ api: config.emulatorApi });
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
            : { url: `http://${emulator.frontendAddr}`, credentials: null },
      },
    ],
    embeddedEmulator: { controlAddr: emulator.controlAddr, metasrvAddrs: emulator.metasrvAddrs },
    close: () => emulator.close(),
  };
}

async function main(): Promise<void> {
  let config: ProductionConfig;
  try {
    // DATA_DIR is read by the migrations journal from the environment; --data-dir sets it.
    const dataDirFlag = process.argv.indexOf('--data-dir');
    const dataDir = dataDirFlag >= 0 ? process.argv[dataDirFlag + 1] : undefined;
    if (dataDir !== undefined) process.env.DATA_DIR = dataDir;
    config = parseProductionConfig({
      env: process.env,
      argv: process.argv.slice(2),
      readFile: (file) => readFileSync(file),
      cwd: process.cwd(),
    });
  } catch (error) {
    if (error instanceof ProductionConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const started = await clustersToServe(config);
  interruptRunsOfRemovedClusters({
    dataDir: dataDirFromEnv(),
    clusterIds: started.clusters.map((cluster) => cluster.id),
    now: Date.now,
    log: (message) => void process.stderr.write(`${message}\n`),
  });
  const consoleServer = createConsoleServer({
    config,
    clusters: started.clusters,
    audit: createAuditLog((line) => void process.stdout.write(`${line}\n`)),
    ...(started.embeddedEmulator === undefined
      ? {}
      : { embeddedEmulator: started.embeddedEmulator }),
    migrations: processMigrationTracker((message) => void process.stderr.write(`${message}\n`)),
    plans: processPlanExecutor,
  });
  const server =
    config.tls === null
      ? http.createServer(consoleServer.listener)
      : https.createServer({ cert: config.tls.cert, key: config.tls.key }, consoleServer.listener);
  // Slow-loris bounds: a client gets 10 s for its headers and 30 s for the whole request.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxHeadersCount = 100;

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

  const lines = describeConfig(config, `${scheme}://${host}:${port}`);
  const agent = createMetasrvAgent();
  for (const cluster of started.clusters) {
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
  if (started.embeddedEmulator !== undefined) {
    lines.push(`  emulator control API: ${started.embeddedEmulator.controlAddr}`);
  }
  const warning = banner(warnings(config, started.embeddedEmulator !== undefined));
  process.stdout.write(`${lines.join('\n')}\n${warning === '' ? '' : `${warning}\n`}`);

  let isClosing = false;
  const shutDown = (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    process.stdout.write(`Region Console: ${signal}, shutting down\n`);
    server.close();
    server.closeAllConnections();
    consoleServer.close();
    void started.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', () => {
    shutDown('SIGINT');
  });
  process.once('SIGTERM', () => {
    shutDown('SIGTERM');
  });
}

void main();
