/**
 * An emulator run as its own process (`npm run emulator`, emulator/cli.ts), for the figures
 * that read the console server's memory or time its answers: its model and its bodies live in
 * another process, so the server's figures are the server's alone. MetaSrv nodes listen on
 * BENCH_EMULATOR_PORT and the two ports after it, the control API on the third after it; a v1
 * emulator's admin HTTP (one per MetaSrv node) on the three after that, its frontend next.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from '@playwright/test';
import { ClusterControl } from '../e2e/cluster-control.ts';
import { CONTROL_TIMEOUT_MS } from './cluster.ts';
import { settings } from './config.ts';

/** A stuck shutdown must not keep the bench from printing its figures. */
const STOP_TIMEOUT_MS = 10_000;
/** tsx transforms the emulator on start; a loaded machine takes a while. */
const START_TIMEOUT_MS = 120_000;
const METASRV_NODES = 3;

export interface StandaloneEmulator {
  control: ClusterControl;
  /** Its MetaSrv nodes, `127.0.0.1:port`: what the console server is given as METASRV_ADDRS. */
  metasrvAddrs: string[];
  stop: () => Promise<void>;
}

export interface StandaloneEmulatorOptions {
  /** The generation it speaks from its start: v1 opens its admin HTTP and frontend then. */
  api?: 'v0.6' | 'v1.2';
}

export async function startStandaloneEmulator(
  options: StandaloneEmulatorOptions = {},
): Promise<StandaloneEmulator> {
  const { api = 'v0.6' } = options;
  const port = settings.emulatorPort;
  const adminPort = port + METASRV_NODES + 1;
  const controlAddr = `127.0.0.1:${String(port + METASRV_NODES)}`;
  const metasrvAddrs = Array.from(
    { length: METASRV_NODES },
    (_, node) => `127.0.0.1:${String(port + node)}`,
  );
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'emulator/cli.ts',
      '--port',
      String(port),
      '--metasrvs',
      String(METASRV_NODES),
      '--control-port',
      String(port + METASRV_NODES),
      '--api',
      api,
      // Only the v1 generations open these (one admin port per MetaSrv node); named so that
      // nothing outside the range is used.
      '--admin-port',
      String(adminPort),
      '--frontend-port',
      String(adminPort + METASRV_NODES),
    ],
    { cwd: settings.root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const context = await request.newContext({ timeout: CONTROL_TIMEOUT_MS });
  const stop = async () => {
    await context.dispose();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
    }
  };
  const control = ClusterControl.at(context, controlAddr, metasrvAddrs);
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      await control.state();
      return { control, metasrvAddrs, stop };
    } catch {
      await sleep(200); // not up yet
    }
  }
  await stop();
  throw new Error(`the standalone emulator did not start (control API ${controlAddr})`);
}
