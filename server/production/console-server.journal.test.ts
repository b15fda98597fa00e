/**
 * A DATA_DIR that refuses writes, over HTTP: a new submission answers 503 with the reason and
 * sends nothing; reading the history keeps working.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ProxyErrorBodySchema } from '../../contract/api-contract.ts';
import { openFileJournal } from '../migrations/journal.ts';
import { MigrationTracker } from '../migrations/migration-tracker.ts';
import { faultyFs } from '../migrations/test-support/faulty-fs.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import {
  dashboardMutationHeaders,
  rawRequest,
  startConsole,
} from './test-support/console-fixture.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('a submission while DATA_DIR is read-only answers 503 with the reason; reads still work', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-journal-'));
  cleanups.push(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const files = faultyFs();
  const tracker = new MigrationTracker({ journal: openFileJournal(dataDir, { files }) });
  cleanups.push(() => {
    tracker.close();
  });
  const node = await startFakeMetasrv();
  cleanups.push(() => node.close());
  const running = await startConsole({
    clusters: [{ id: 'default', metasrvAddrs: [node.addr], leaderMap: new Map() }],
    migrations: tracker,
  });
  cleanups.push(() => running.close());

  files.fail('EROFS');
  const submitted = await rawRequest(running.port, {
    method: 'POST',
    path: '/api/clusters/default/migrations',
    headers: dashboardMutationHeaders(running.origin),
    body: JSON.stringify({
      request: {
        region_id: '4398046511104',
        from_peer_id: '1',
        to_peer_id: '2',
        replay_timeout: '5s',
      },
      idempotency_key: 'key-0000000001',
    }),
  });
  expect(submitted.status).toBe(503);
  const { error } = ProxyErrorBodySchema.parse(JSON.parse(submitted.body));
  expect(error.code).toBe('data-dir-not-writable');
  expect(error.message).toMatch(/^DATA_DIR is not writable: EROFS/);
  expect(node.calls).toEqual([]);

  const list = await rawRequest(running.port, { path: '/api/clusters/default/migrations' });
  expect(list.status).toBe(200);
  expect(list.body).toContain('DATA_DIR is not writable: EROFS');
});
