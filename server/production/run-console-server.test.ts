/**
 * Start-up of the one assembly when another console takes DATA_DIR after the configuration
 * check passed (two consoles started at once): the race ends like the check would have, as a
 * listed configuration error with exit status 2, before anything listens or starts.
 * `process.exit` is stubbed to throw, so the test sees the exit instead of dying.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { LOCK_FILE } from '../migrations/data-dir-lock.ts';
import { dataDirProblems } from '../migrations/data-dir.ts';
import { parseConsoleConfig } from './config.ts';
import { runConsoleServer } from './run-console-server.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-console-'));
  // runConsoleServer sets DATA_DIR for the stores it opens; restored after each test.
  vi.stubEnv('DATA_DIR', dataDir);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

class Exited extends Error {
  constructor(readonly code: string | number | null | undefined) {
    super(`exit ${String(code)}`);
  }
}

it('a DATA_DIR taken by a live console after the start-up check exits 2 with the reason', async () => {
  const config = parseConsoleConfig(
    {
      env: {},
      argv: [],
      readFile: () => {
        throw new Error('no files in this test');
      },
      cwd: dataDir,
    },
    { port: 0, dataDir, distDir: null },
  );
  expect(dataDirProblems(dataDir)).toEqual([]);
  // Another host's console cannot be probed, so its lock is taken at its word.
  fs.writeFileSync(
    path.join(dataDir, LOCK_FILE),
    JSON.stringify({ host: 'other-host', pid: 4242, startTime: null }),
  );
  const stderr: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exited(code);
  });
  const hostDashboard = vi.fn();

  await expect(runConsoleServer(config, hostDashboard)).rejects.toEqual(new Exited(2));
  expect(stderr.join('')).toBe(
    `Invalid Region Console configuration (1 problem):\n  - DATA_DIR ${dataDir} is in use by another Region Console (process 4242 on host other-host); stop it, or give this console its own DATA_DIR.\n`,
  );
  expect(hostDashboard).not.toHaveBeenCalled();
});
