/**
 * A plan run survives a crash of the console server (issue 5): the built production server
 * (e2e/built-server.ts) and a standalone emulator (`npm run emulator`) are spawned on
 * their own loopback ports, with a data directory of their own; the server is killed with
 * SIGKILL while a move is in flight and started again on the same data directory. The run
 * resumes by itself, the move in flight is awaited (never submitted twice), the rest run, and
 * the migration history holds every move. The emulator outlives the server, as a real cluster
 * would. Ports 4445-4449 by default: MetaSrv nodes 4445-4447, console 4448, control 4449.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { test, expect, type APIRequestContext } from '@playwright/test';
import { z } from 'zod';
import { PlanRunsAnswerSchema } from '../contract/plan-run-contract';
import { TrackedMigrationSchema } from '../contract/tracked-migration';
import { BUILT_CLIENT_DIR, BUILT_SERVER_MAIN, tempDataDir } from './built-server';
import { ClusterControl } from './cluster-control';

const HistorySchema = z.object({ migrations: z.array(TrackedMigrationSchema) });

/** E2E_RESTART_PORT moves all five ports, so that several runs can share a machine. */
const METASRV_PORT = Number(process.env.E2E_RESTART_PORT ?? 4445);
const METASRV_ADDRS = [0, 1, 2].map((i) => `127.0.0.1:${String(METASRV_PORT + i)}`);
const CONSOLE_PORT = METASRV_PORT + 3;
const CONTROL_ADDR = `127.0.0.1:${String(METASRV_PORT + 4)}`;
const ORIGIN = `http://127.0.0.1:${String(CONSOLE_PORT)}`;
const TABLE_ID = 1026;

/** Spawns node with `args` and resolves once it printed `ready`. */
function spawnUntil(args: string[], env: Record<string, string>, ready: string) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(ready)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`${args.join(' ')} exited (${String(code)}):\n${output}`));
    });
  });
}

function startConsole(dataDir: string): Promise<ChildProcess> {
  return spawnUntil(
    [BUILT_SERVER_MAIN],
    {
      DIST_DIR: BUILT_CLIENT_DIR,
      DATA_DIR: dataDir,
      PORT: String(CONSOLE_PORT),
      METASRV_ADDRS: METASRV_ADDRS.join(','),
    },
    'Region Console listening on',
  );
}

/** Kills without warning (a crash: nothing is flushed) and waits until the process is gone. */
async function crash(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

let emulator: ChildProcess | undefined;
let consoleServer: ChildProcess | undefined;
let dataDir = '';

test.beforeAll(async () => {
  dataDir = tempDataDir('plan-restart');
  emulator = await spawnUntil(
    [
      // The emulator is a tool of the test here, run from source as `npm run emulator` does.
      '--import',
      'tsx',
      'emulator/cli.ts',
      '--port',
      String(METASRV_PORT),
      '--control-port',
      CONTROL_ADDR.split(':')[1] ?? '',
    ],
    {},
    'control:',
  );
});

test.afterAll(async () => {
  if (consoleServer !== undefined) await crash(consoleServer);
  if (emulator !== undefined) emulator.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

async function runs(request: APIRequestContext) {
  const answer = await request.get(`${ORIGIN}/api/clusters/default/plan-runs`);
  expect(answer.ok()).toBe(true);
  return PlanRunsAnswerSchema.parse(await answer.json()).runs;
}

test('a run resumes after the console server is killed mid-run: nothing lost, nothing twice', async ({
  request,
  page,
}) => {
  const cluster = ClusterControl.at(request, CONTROL_ADDR, METASRV_ADDRS);
  // Slow replay: each move takes several seconds, so the kill lands while one is in flight.
  await cluster.reset({ seed: 1, datanodes: 4, replaySpeed: 1, replayWorkMs: 5_000 });
  consoleServer = await startConsole(dataDir);

  // Three regions of table 1026 (crowded on datanode 0) go to datanodes 1, 2 and 3.
  const table = await cluster.table(TABLE_ID);
  const planned = table.regions.filter((r) => r.leaderPeerId === 0).slice(0, 3);
  expect(planned).toHaveLength(3);
  const started = await request.post(`${ORIGIN}/api/clusters/default/plan-runs`, {
    headers: { origin: ORIGIN, 'x-console-request': 'mutation' },
    data: {
      kind: 'manual',
      title: 'Restart test',
      moves: planned.map((r, i) => ({
        regionId: r.regionId,
        tableId: TABLE_ID,
        fromPeerId: '0',
        toPeerId: String(i + 1),
        bytes: 0,
      })),
      concurrency: 1,
      continueOnFailure: false,
      replayTimeout: '30s',
    },
  });
  expect(started.status(), await started.text()).toBe(200);

  // The first move is submitted (its migration journaled): crash the server now.
  await expect
    .poll(async () => (await runs(request))[0]?.moves[0]?.migrationId ?? null, {
      timeout: 20_000,
    })
    .not.toBeNull();
  const before = (await runs(request))[0];
  expect(before?.moves.map((m) => m.status)).toEqual(['running', 'pending', 'pending']);
  await crash(consoleServer);
  // Nobody is watching: the cluster carries the first move on by itself.
  await expect
    .poll(async () => (await cluster.procedures()).map((p) => p.outcome), { timeout: 30_000 })
    .toEqual(['migrated']);

  consoleServer = await startConsole(dataDir);
  await expect
    .poll(async () => (await runs(request))[0]?.state, { timeout: 60_000, intervals: [500] })
    .toBe('completed');
  const after = (await runs(request))[0];
  expect(after?.id).toBe(before?.id);
  expect(after?.moves.map((m) => m.status)).toEqual(['done', 'done', 'done']);
  expect(after?.moves[0]?.migrationId).toBe(before?.moves[0]?.migrationId);

  // At the cluster: exactly one procedure per move, each on its planned region and target.
  const procedures = await cluster.procedures();
  expect(procedures.map((p) => [p.regionId, p.toPeerId, p.outcome])).toEqual(
    planned.map((r, i) => [r.regionId, i + 1, 'migrated']),
  );
  // The migration history has every move of the run, with its outcome.
  const history = await request.get(`${ORIGIN}/api/clusters/default/migrations`);
  const { migrations } = HistorySchema.parse(await history.json());
  const ofRun = migrations.filter((m) => m.planRunId === after?.id);
  expect(ofRun.map((m) => m.request.region_id).sort()).toEqual(
    planned.map((r) => r.regionId).sort(),
  );
  expect(ofRun.every((m) => m.outcome?.kind === 'done')).toBe(true);

  // And the page shows the run as it ended.
  await page.goto(`${ORIGIN}/?view=cluster`);
  await expect(page.getByTestId('run-state')).toHaveText('completed');
  await expect(
    page.getByRole('table', { name: 'Moves of the run' }).locator('[data-status=done]'),
  ).toHaveCount(3);
});
