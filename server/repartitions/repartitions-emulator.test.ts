/**
 * One split, end to end against the emulated v1.2 cluster (emulator/server.ts), through the
 * handler that ships: the server re-reads the table over the emulator's SQL, sends the
 * statement, follows the procedure to Done, and the table then shows the new partitions. The
 * emulated clock runs fast so the procedure's steps (2 s each) take milliseconds; the test waits
 * for the outcome, never for time.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SubmitRepartitionAnswerSchema } from '../../contract/repartition/repartition-api.ts';
import type { TrackedRepartition } from '../../contract/repartition/repartition-api.ts';
import { composeRegionId } from '../../contract/region-id.ts';
import { SqlKeyedRowsSchema } from '../../contract/sql/sql-records.ts';
import { startEmulator } from '../../emulator/server.ts';
import { memoryRecordJournal } from '../migrations/journal.ts';
import { createApiHandler } from '../proxy/api-handler.ts';
import { serveHandler } from '../proxy/test-support/fake-metasrv.ts';
import { RepartitionTracker } from './repartition-tracker.ts';
import { MITO_TABLE } from './test-support/scripted-frontend.ts';

/** Clear of the emulator's demo tables (ids from 1024). */
const TABLE_ID = 5000;
const region = (n: number) => composeRegionId(TABLE_ID, n);
const API = 'api/clusters/default';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('against the emulated v1.2 cluster', () => {
  it('splits a partition: the procedure ends Done and the table shows the new region', async () => {
    const emulator = await startEmulator({ api: 'v1.2', clockSpeed: 100 });
    cleanups.push(() => emulator.close());
    const created = await fetch(`http://${emulator.controlAddr}/control/tables`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tableId: TABLE_ID,
        name: MITO_TABLE.name,
        leaders: [0, 1, 2],
        partitionColumn: 'id',
        partitions: ['id < 10', 'id >= 10 AND id < 20', 'id >= 20'].map((rule) => ({
          columnList: ['id'],
          valueList: [rule],
        })),
      }),
    });
    expect(created.status).toBe(200);

    const tracker = new RepartitionTracker({
      journal: memoryRecordJournal<TrackedRepartition>(),
      pollIntervalMs: 10,
    });
    const agent = new http.Agent({ keepAlive: true });
    const handler = createApiHandler(
      {
        metasrvAddrs: emulator.metasrvAddrs,
        leaderMap: new Map(Object.entries(emulator.leaderAddrMap)),
        timeoutMs: 2000,
      },
      {
        agent,
        repartitions: tracker,
        frontend: { url: `http://${emulator.frontendAddr ?? ''}`, credentials: null },
      },
    );
    const proxy = await serveHandler(handler);
    cleanups.push(
      () => {
        agent.destroy();
      },
      () => {
        tracker.close();
        handler.close();
      },
      () => proxy.close(),
    );

    const response = await fetch(`${proxy.origin}/${API}/repartitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        table: MITO_TABLE,
        change: { kind: 'split', source: 'id < 10', targets: ['id < 5', 'id >= 5 AND id < 10'] },
        idempotency_key: 'emulated-split-1',
      }),
    });
    expect(response.status).toBe(200);
    const { repartition } = SubmitRepartitionAnswerSchema.parse(await response.json());
    expect(repartition).toMatchObject({
      phase: 'following',
      allocatedRegionIds: [region(3)],
    });

    const finished = await tracker.waitForOutcome(repartition.id);
    expect(finished.outcome).toEqual({ kind: 'done' });
    expect(finished.states.at(-1)?.status).toBe('Done');

    const regions = await fetch(`${proxy.origin}/${API}/sql-table-regions?table_id=${TABLE_ID}`);
    const rows = SqlKeyedRowsSchema.parse(await regions.json()).filter(
      (row) => row.is_leader === 'Yes',
    );
    expect(rows.map((row) => [String(row.region_id), row.partition_description])).toEqual([
      [region(0), 'id < 5'],
      [region(1), 'id >= 10 AND id < 20'],
      [region(2), 'id >= 20'],
      [region(3), 'id >= 5 AND id < 10'],
    ]);
  });
});
