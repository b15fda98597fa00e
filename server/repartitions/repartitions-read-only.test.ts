/**
 * A read-only console (the production pipeline, server/production) with the repartition
 * tracker wired: a split is refused before it reaches the cluster, and the records stay
 * readable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyErrorBodySchema } from '../../contract/api-contract.ts';
import { RepartitionListAnswerSchema } from '../../contract/repartition/repartition-api.ts';
import type { TrackedRepartition } from '../../contract/repartition/repartition-api.ts';
import { memoryRecordJournal } from '../migrations/journal.ts';
import {
  dashboardMutationHeaders,
  rawRequest,
  startConsole,
} from '../production/test-support/console-fixture.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { startFakeFrontend } from '../sql/test-support/fake-frontend.ts';
import { RepartitionTracker } from './repartition-tracker.ts';
import { MITO_TABLE, scriptedCluster } from './test-support/scripted-frontend.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a read-only console', () => {
  it('refuses a split without sending anything, and still lists the records', async () => {
    const cluster = scriptedCluster();
    const frontend = await startFakeFrontend();
    frontend.answer((sql) => cluster.answer(sql));
    const metasrv = await startFakeMetasrv();
    const tracker = new RepartitionTracker({ journal: memoryRecordJournal<TrackedRepartition>() });
    const running = await startConsole({
      clusters: [
        {
          id: 'default',
          metasrvAddrs: [metasrv.addr],
          leaderMap: new Map(),
          frontend: { url: frontend.url, credentials: null },
        },
      ],
      config: { isReadOnly: true },
      repartitions: tracker,
    });
    cleanups.push(
      () => frontend.close(),
      () => metasrv.close(),
      () => {
        tracker.close();
      },
      () => running.close(),
    );

    const submit = await rawRequest(running.port, {
      method: 'POST',
      path: '/api/clusters/default/repartitions',
      headers: dashboardMutationHeaders(running.origin),
      body: JSON.stringify({
        table: MITO_TABLE,
        change: { kind: 'split', source: 'id < 10', targets: ['id < 5', 'id >= 5 AND id < 10'] },
        idempotency_key: 'split-0001',
      }),
    });
    expect(submit.status).toBe(403);
    expect(ProxyErrorBodySchema.parse(JSON.parse(submit.body)).error.code).toBe('read-only');
    expect(cluster.statements.filter((sql) => sql.startsWith('ALTER TABLE'))).toEqual([]);
    expect(running.auditLines.at(-1)).toMatch(
      /"path":"\/api\/clusters\/default\/repartitions".*"status":403/,
    );

    const listed = await rawRequest(running.port, { path: '/api/clusters/default/repartitions' });
    expect(listed.status).toBe(200);
    expect(RepartitionListAnswerSchema.parse(JSON.parse(listed.body)).repartitions).toEqual([]);
  });
});
