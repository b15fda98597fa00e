/**
 * Several clusters of both API generations behind one production server: two emulated
 * clusters in this process, one legacy (v0.6 admin API) and one GreptimeDB v1.1.4 whose
 * frontend requires credentials. Each cluster's own frontend must reach detection, the SQL
 * endpoints and the migration tracker; the other cluster's must never be used. Asserted at
 * the emulators: which one started a procedure, and how.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.ts';
import type { RunningEmulator } from '../../emulator/server.ts';
import { memoryJournal } from '../migrations/journal.ts';
import { MigrationTracker } from '../migrations/migration-tracker.ts';
import {
  dashboardMutationHeaders,
  rawRequest,
  startConsole,
} from './test-support/console-fixture.ts';
import type { RunningConsole } from './test-support/console-fixture.ts';

const FRONTEND_AUTH = { user: 'console', password: 'frontend-pass-1' };
/** Created on both emulators: one region on datanode 0. */
const TABLE_ID = 5000;
const REGION_ID = String((BigInt(TABLE_ID) << 32n) | 0n);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator(api: 'v0.6' | 'v1.1'): Promise<RunningEmulator> {
  const running = await startEmulator({
    api,
    ...(api === 'v1.1' ? { frontendAuth: FRONTEND_AUTH } : {}),
  });
  cleanups.push(() => running.close());
  const created = await fetch(`http://${running.controlAddr}/control/tables`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tableId: TABLE_ID, regions: 1, leaders: [0] }),
  });
  expect(created.status).toBe(200);
  return running;
}

async function twoGenerations(): Promise<{
  legacy: RunningEmulator;
  modern: RunningEmulator;
  running: RunningConsole;
}> {
  const [legacy, modern] = await Promise.all([emulator('v0.6'), emulator('v1.1')]);
  const tracker = new MigrationTracker({ journal: memoryJournal(), pollIntervalMs: 60_000 });
  cleanups.push(() => {
    tracker.close();
  });
  const running = await startConsole({
    clusters: [
      { id: 'legacy', metasrvAddrs: legacy.metasrvAddrs, leaderMap: new Map(), frontend: null },
      {
        id: 'modern',
        metasrvAddrs: modern.metasrvAddrs,
        leaderMap: new Map(Object.entries(modern.leaderAddrMap)),
        frontend: { url: `http://${modern.frontendAddr ?? ''}`, credentials: FRONTEND_AUTH },
      },
    ],
    migrations: tracker,
  });
  cleanups.push(() => running.close());
  return { legacy, modern, running };
}

async function submitMigration(running: RunningConsole, clusterId: string, key: string) {
  return rawRequest(running.port, {
    method: 'POST',
    path: `/api/clusters/${clusterId}/migrations`,
    headers: dashboardMutationHeaders(running.origin),
    body: JSON.stringify({
      request: { region_id: REGION_ID, from_peer_id: '0', to_peer_id: '1', replay_timeout: '5m' },
      idempotency_key: key,
    }),
  });
}

describe('several clusters on both API generations', () => {
  it('detects each cluster’s generation with its own frontend', async () => {
    const { running } = await twoGenerations();
    const connection = async (id: string) =>
      JSON.parse(
        (await rawRequest(running.port, { path: `/api/clusters/${id}/connection` })).body,
      ) as unknown;
    expect(await connection('legacy')).toMatchObject({
      generation: 'legacy',
      frontendAddr: null,
      problem: null,
    });
    expect(await connection('modern')).toMatchObject({
      generation: 'sql',
      version: '1.1.4',
      detectedBy: 'cluster-info',
      hasFrontendCredentials: true,
      problem: null,
    });
  });

  it('serves the SQL endpoints from the right frontend only', async () => {
    const { running } = await twoGenerations();
    const modern = await rawRequest(running.port, {
      path: `/api/clusters/modern/sql-table-regions?table_id=${TABLE_ID}`,
    });
    expect(modern.status, modern.body).toBe(200);
    expect(modern.body).toContain(REGION_ID);
    // The legacy cluster has no frontend: its SQL endpoints say so rather than borrow one.
    const legacy = await rawRequest(running.port, {
      path: `/api/clusters/legacy/sql-table-regions?table_id=${TABLE_ID}`,
    });
    expect(legacy.status).not.toBe(200);
    expect(legacy.body).not.toContain(REGION_ID);
  });

  it('tracks a migration on each cluster through its own generation', async () => {
    const { legacy, modern, running } = await twoGenerations();
    const onSql = await submitMigration(running, 'modern', 'modern-key-1');
    expect(onSql.status, onSql.body).toBe(200);
    expect(modern.cluster.procedureList()).toHaveLength(1);
    expect(legacy.cluster.procedureList()).toHaveLength(0);

    const onLegacy = await submitMigration(running, 'legacy', 'legacy-key-1');
    expect(onLegacy.status, onLegacy.body).toBe(200);
    expect(legacy.cluster.procedureList()).toHaveLength(1);
    expect(modern.cluster.procedureList()).toHaveLength(1);

    const history = async (id: string) => {
      const list = await rawRequest(running.port, { path: `/api/clusters/${id}/migrations` });
      return (JSON.parse(list.body) as { migrations: unknown[] }).migrations;
    };
    // The v1 migration went to the frontend as SQL; the legacy one to the MetaSrv leader.
    expect(await history('modern')).toEqual([
      expect.objectContaining({ clusterId: 'modern', metasrvAddr: modern.frontendAddr }),
    ]);
    expect(await history('legacy')).toEqual([
      expect.objectContaining({ clusterId: 'legacy', metasrvAddr: legacy.metasrvAddrs[0] }),
    ]);
  });
});
