/**
 * "Who started it, where auth is on", through the production pipeline: the signed-in user
 * (a basic-auth user or a token's name) reaches the migration tracker as `startedBy`, so the
 * history list and both exports name them. Without auth it stays empty, never a guess.
 */
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryJournal } from '../migrations/journal.ts';
import { MigrationTracker } from '../migrations/migration-tracker.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import type { ConsoleServerConfig } from './console-server.ts';
import {
  dashboardMutationHeaders,
  rawRequest,
  startConsole,
} from './test-support/console-fixture.ts';
import type { RunningConsole } from './test-support/console-fixture.ts';

const MIGRATIONS_PATH = '/api/clusters/default/migrations';
const PROCEDURE_ID = '3e1b5e4e-7f2a-4f57-9a53-2b0f8f0d9a10';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function consoleWithTracker(config: Partial<ConsoleServerConfig>): Promise<RunningConsole> {
  const node = await startFakeMetasrv();
  node.reply('/admin/region-migration', {
    status: 200,
    body: JSON.stringify({ procedure_id: PROCEDURE_ID }),
  });
  // A legacy MetaSrv (its /admin/route/help answers), so the migration goes over HTTP.
  node.reply('/admin/route/help', { status: 200, body: 'route help' });
  node.reply('/admin/route', { status: 200, body: '{"ok":1}' });
  cleanups.push(() => node.close());
  // A slow follow: the record is what is asserted, not how the route evolves.
  const tracker = new MigrationTracker({ journal: memoryJournal(), pollIntervalMs: 60_000 });
  cleanups.push(() => {
    tracker.close();
  });
  const running = await startConsole({
    clusters: [{ id: 'default', metasrvAddrs: [node.addr], leaderMap: new Map() }],
    config,
    migrations: tracker,
  });
  cleanups.push(() => running.close());
  return running;
}

async function submitAndReadHistory(running: RunningConsole, credentials: Record<string, string>) {
  const submitted = await rawRequest(running.port, {
    method: 'POST',
    path: MIGRATIONS_PATH,
    headers: { ...dashboardMutationHeaders(running.origin), ...credentials },
    body: JSON.stringify({
      request: {
        region_id: '4398046511104',
        from_peer_id: '1',
        to_peer_id: '2',
        replay_timeout: '5m',
      },
      idempotency_key: 'started-by-test-1',
    }),
  });
  expect(submitted.status, submitted.body).toBe(200);
  const get = (path: string) => rawRequest(running.port, { path, headers: credentials });
  const list = JSON.parse((await get(MIGRATIONS_PATH)).body) as {
    migrations: { startedBy: string | null; procedureId: string | null }[];
  };
  const json = await get(`${MIGRATIONS_PATH}/export?format=json`);
  const csv = await get(`${MIGRATIONS_PATH}/export?format=csv`);
  return { submitted, list, json: JSON.parse(json.body) as unknown, csv: csv.body };
}

/** The CSV's `started_by` and `actor` columns, row by row. */
function attributionColumns(csv: string): [string | undefined, string | undefined][] {
  const { data, errors } = Papa.parse<Record<string, string>>(csv, { header: true });
  expect(errors).toEqual([]);
  return data.map((row) => [row.started_by, row.actor]);
}

describe('who started a migration, through the production server', () => {
  it('token auth: the token’s name is in the record, the history and both exports', async () => {
    const token = 'tok-0123456789abcdef';
    const running = await consoleWithTracker({
      auth: { mode: 'token', credentials: [{ name: 'oncall-bob', secret: token }] },
    });
    const login = await rawRequest(running.port, {
      method: 'POST',
      path: '/api/login',
      headers: dashboardMutationHeaders(running.origin),
      body: JSON.stringify({ token }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';

    const { submitted, list, json, csv } = await submitAndReadHistory(running, { cookie });
    expect(JSON.parse(submitted.body)).toMatchObject({
      migration: { startedBy: 'oncall-bob', procedureId: PROCEDURE_ID },
    });
    expect(list.migrations).toEqual([
      expect.objectContaining({ startedBy: 'oncall-bob', procedureId: PROCEDURE_ID }),
    ]);
    expect(JSON.stringify(json)).toContain('"startedBy":"oncall-bob"');
    expect(attributionColumns(csv)).toEqual([['oncall-bob', 'manual (oncall-bob)']]);
    // The secret is nowhere in what the history hands out.
    expect(JSON.stringify([list, json, csv])).not.toContain(token);
  });

  it('basic auth: the user name is who started it', async () => {
    const running = await consoleWithTracker({
      auth: { mode: 'basic', credentials: [{ name: 'alice', secret: 's3cret-pass' }] },
    });
    const authorization = `Basic ${Buffer.from('alice:s3cret-pass').toString('base64')}`;
    const { list, csv } = await submitAndReadHistory(running, { authorization });
    expect(list.migrations).toEqual([expect.objectContaining({ startedBy: 'alice' })]);
    expect(attributionColumns(csv)).toEqual([['alice', 'manual (alice)']]);
  });

  it('without auth nobody is named', async () => {
    const running = await consoleWithTracker({});
    const { list, csv } = await submitAndReadHistory(running, {});
    expect(list.migrations).toEqual([expect.objectContaining({ startedBy: null })]);
    expect(attributionColumns(csv)).toEqual([['', 'manual']]);
  });
});
