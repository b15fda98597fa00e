/**
 * A console restarted in read-only mode with a plan run that was active when it stopped: it
 * sends nothing to the cluster, shows the run as interrupted, and lets it be cancelled, which
 * changes the local plan store only and is audited.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PlanRunAnswerSchema,
  PlanRunsAnswerSchema,
  type PlanRun,
} from '../../contract/plan-run-contract.ts';
import { memoryJournal } from '../migrations/journal.ts';
import { MigrationTracker } from '../migrations/migration-tracker.ts';
import { PlanExecutor } from '../plans/plan-executor.ts';
import { fileSystemPlanRunStore } from '../plans/plan-store.ts';
import { planRunMove } from '../plans/test-support/plan-run-move.ts';
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

const RUN: PlanRun = {
  id: 'run-1',
  clusterId: 'default',
  kind: 'drain',
  title: 'Drain datanode 1',
  state: 'running',
  concurrency: 1,
  continueOnFailure: false,
  replayTimeout: '5m',
  startedBy: null,
  createdAtMs: 1_000,
  finishedAtMs: null,
  note: null,
  moves: [
    planRunMove('4398046511104', 'done'),
    planRunMove('4398046511105', 'pending'),
    planRunMove('4398046511106', 'pending'),
  ],
};

async function readOnlyRestart() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-read-only-'));
  const store = fileSystemPlanRunStore(dataDir, 'default', () => undefined);
  store.save([RUN]);
  const node = await startFakeMetasrv();
  cleanups.push(() => node.close());
  const tracker = new MigrationTracker({ journal: memoryJournal() });
  cleanups.push(() => {
    tracker.close();
  });
  const running = await startConsole({
    clusters: [{ id: 'default', metasrvAddrs: [node.addr], leaderMap: new Map() }],
    config: { isReadOnly: true },
    migrations: tracker,
    // Read-only comes from the console's configuration alone, as with processPlanExecutor.
    plans: (options) => new PlanExecutor({ ...options, store }),
  });
  cleanups.push(() => running.close());
  const control = (action: string) =>
    rawRequest(running.port, {
      method: 'POST',
      path: '/api/clusters/default/plan-run-control',
      headers: dashboardMutationHeaders(running.origin),
      body: JSON.stringify({ runId: RUN.id, action }),
    });
  return { node, running, store, control };
}

describe('a read-only restart with an active plan run', () => {
  it('does not resume it: the run shows as interrupted and the cluster is asked nothing', async () => {
    const { node, running, control } = await readOnlyRestart();
    const list = await rawRequest(running.port, { path: '/api/clusters/default/plan-runs' });
    const runs = PlanRunsAnswerSchema.parse(JSON.parse(list.body)).runs;
    expect(runs.map((run) => run.state)).toEqual(['interrupted']);
    expect(runs[0]?.note).toContain('read-only');

    const resume = await control('resume');
    expect(resume.status).toBe(403);
    expect(resume.body).toContain('can only be cancelled');
    const start = await rawRequest(running.port, {
      method: 'POST',
      path: '/api/clusters/default/plan-runs',
      headers: dashboardMutationHeaders(running.origin),
      body: '{}',
    });
    expect(start.status).toBe(403);
    expect(node.calls).toEqual([]);
  });

  it('cancels it in the local plan store only, audited', async () => {
    const { node, running, store, control } = await readOnlyRestart();
    const cancel = await control('cancel');
    expect(cancel.status).toBe(200);
    const { run } = PlanRunAnswerSchema.parse(JSON.parse(cancel.body));
    expect(run.state).toBe('cancelled');
    expect(run.moves.map((m) => m.status)).toEqual(['done', 'cancelled', 'cancelled']);
    expect(store.load().map((saved) => saved.state)).toEqual(['cancelled']);
    expect(running.auditLines.at(-1)).toMatch(
      /"path":"\/api\/clusters\/default\/plan-run-control".*"status":200/,
    );
    expect(node.calls).toEqual([]);

    const again = await control('cancel');
    expect(again.status).toBe(409);
  });
});
