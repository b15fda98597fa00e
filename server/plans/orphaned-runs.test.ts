/**
 * A run of a cluster that left the configuration is marked interrupted at start-up, with its
 * moves accounted for; runs of configured clusters and finished runs are left as they are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { PlanRun } from '../../contract/plan-run-contract.ts';
import { interruptRunsOfRemovedClusters } from './orphaned-runs.ts';
import { fileSystemPlanRunStore } from './plan-store.ts';
import { planRunMove } from './test-support/plan-run-move.ts';

let dataDir: string;
const logged: string[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orphaned-runs-'));
  logged.length = 0;
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function run(id: string, clusterId: string, state: PlanRun['state']): PlanRun {
  const finished = !['running', 'paused', 'cancelling'].includes(state);
  return {
    id,
    clusterId,
    kind: 'drain',
    title: `Drain datanode 1 (${id})`,
    state,
    concurrency: 1,
    continueOnFailure: false,
    replayTimeout: '5m',
    startedBy: null,
    createdAtMs: 500,
    finishedAtMs: finished ? 3_000 : null,
    note: null,
    moves: [
      planRunMove('4398046511104', 'done'),
      planRunMove('4398046511105', 'running'),
      planRunMove('4398046511106', 'pending'),
    ],
  };
}

function saved(clusterId: string): PlanRun[] {
  return fileSystemPlanRunStore(dataDir, clusterId, () => undefined).load();
}

function sweep(clusterIds: string[]): void {
  interruptRunsOfRemovedClusters({
    dataDir,
    clusterIds,
    now: () => 9_000,
    log: (m) => logged.push(m),
  });
}

describe('runs of clusters no longer configured', () => {
  test('an active run is interrupted: done moves kept, the running one unknown, the rest skipped', () => {
    const finished = run('old', 'gone', 'completed');
    fileSystemPlanRunStore(dataDir, 'gone', () => undefined).save([
      run('r1', 'gone', 'paused'),
      finished,
    ]);

    sweep(['prod']);

    const [interrupted, untouched] = saved('gone');
    expect(interrupted).toMatchObject({ id: 'r1', state: 'interrupted', finishedAtMs: 9_000 });
    expect(interrupted?.note).toContain('Cluster gone is no longer configured');
    expect(interrupted?.moves.map((m) => m.status)).toEqual(['done', 'failed', 'skipped']);
    expect(interrupted?.moves[1]?.reason).toMatch(/^outcome unknown/);
    expect(untouched).toEqual(finished);
    expect(logged).toEqual([
      'Region Console: plan runs of cluster gone (no longer configured) marked interrupted.',
    ]);
  });

  test('a configured cluster keeps its active run for its executor to resume', () => {
    const active = run('r2', 'prod', 'running');
    fileSystemPlanRunStore(dataDir, 'prod', () => undefined).save([active]);

    sweep(['prod']);

    expect(saved('prod')).toEqual([active]);
    expect(logged).toEqual([]);
  });

  test('no data directory yet is nothing to do', () => {
    fs.rmSync(dataDir, { recursive: true });
    expect(() => {
      sweep(['prod']);
    }).not.toThrow();
  });
});
