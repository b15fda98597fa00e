/**
 * The console under test: built as `npm run build` builds it, and served as `npm start`
 * serves it (the production server with its embedded emulator, or pointed at a standalone
 * one by METASRV_ADDRS), with a data directory of its own that is dropped when it stops.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { settings } from './config.ts';

/** A stuck shutdown must not keep the bench from printing its figures. */
const STOP_TIMEOUT_MS = 10_000;

export function build(): void {
  if (settings.skipBuild) return;
  console.log(`building to ${settings.outDir} ...`);
  const result = spawnSync(
    path.join(settings.root, 'node_modules/.bin/tsx'),
    ['scripts/build.ts'],
    {
      cwd: settings.root,
      env: { ...process.env, CONSOLE_OUT_DIR: settings.outDir },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('the build failed');
}

export interface RunningServer {
  /** The server's process (the load figures read its memory in /proc). */
  pid: number;
  /** Its DATA_DIR, removed by `stop` (the hot figures weigh the heatmap ring kept there). */
  dataDir: string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /**
   * A standalone emulator's MetaSrv nodes (`host:port`), given as METASRV_ADDRS, so that the
   * server's memory holds none of the emulator's. Absent: the embedded emulator.
   */
  metasrvAddrs?: readonly string[];
  /** More environment for the server, e.g. EMULATOR_API for a v1.2 embedded emulator. */
  env?: Readonly<Record<string, string>>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const { metasrvAddrs, env = {} } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-bench-'));
  const child = spawn(
    process.execPath,
    [path.join(settings.outDir, 'node/server/production/main.js')],
    {
      cwd: settings.root,
      env: {
        ...process.env,
        PORT: String(settings.port),
        DIST_DIR: path.join(settings.outDir, 'client'),
        DATA_DIR: dataDir,
        REFRESH_INTERVAL_MS: String(settings.refreshIntervalMs),
        ...(metasrvAddrs === undefined ? {} : { METASRV_ADDRS: metasrvAddrs.join(',') }),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const { pid } = child;
  if (pid === undefined) {
    await stop();
    throw new Error('the console server could not be spawned');
  }
  // Up: the embedded emulator is listed, or the standalone one's leader is known (/readyz).
  const readyUrl = `${settings.base}${metasrvAddrs === undefined ? '/api/dev/emulator' : '/readyz'}`;
  for (let i = 0; i < 150; i += 1) {
    try {
      if ((await fetch(readyUrl)).ok) return { pid, dataDir, stop };
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error('the console server did not start');
}
