/**
 * Runs of a cluster this console no longer serves. Its executor is never created, so without
 * this sweep such a run would stay "running" in its file, and resume if the cluster came back
 * to the configuration, maybe weeks later, moving regions by a plan made from stale data.
 * At start-up, each is marked interrupted instead: kept in full, with why, never resumed.
 */
import fs from 'node:fs';
import { ACTIVE_RUN_STATES, type PlanRun } from '../../contract/plan-run-contract.ts';
import { fileSystemPlanRunStore } from './plan-store.ts';

const RUNS_FILE = /^plan-runs-(.+)\.json$/;

export function interruptRunsOfRemovedClusters(options: {
  dataDir: string;
  clusterIds: readonly string[];
  now: () => number;
  log: (message: string) => void;
}): void {
  let files: string[];
  try {
    files = fs.readdirSync(options.dataDir);
  } catch {
    return; // No data directory yet: nothing was ever run.
  }
  for (const file of files) {
    const clusterId = RUNS_FILE.exec(file)?.[1];
    if (clusterId === undefined || options.clusterIds.includes(clusterId)) continue;
    const store = fileSystemPlanRunStore(options.dataDir, clusterId, options.log);
    const runs = store.load();
    if (!runs.some(isActive)) continue;
    const note = `Cluster ${clusterId} is no longer configured in this console, so the run could not go on after the restart. It is not resumed if the cluster comes back: its plan was made from data that is old by then.`;
    const ending: RunEnding = {
      state: 'interrupted',
      note,
      runningReason:
        'outcome unknown: the console stopped following it when its cluster left the configuration; its procedure may have finished, so check the region in the cluster',
    };
    store.save(runs.map((run) => (isActive(run) ? endActiveRun(run, ending, options.now()) : run)));
    options.log(
      `Region Console: plan runs of cluster ${clusterId} (no longer configured) marked interrupted.`,
    );
  }
}

function isActive(run: PlanRun): boolean {
  return ACTIVE_RUN_STATES.includes(run.state);
}

/** How a run that cannot go on is closed without asking the cluster anything. */
export interface RunEnding {
  state: 'interrupted' | 'cancelled';
  note: string;
  /** For moves that were in flight: their outcome is not known to the run. */
  runningReason: string;
}

/** Pending moves are not run; in-flight ones are marked with `runningReason`. */
export function endActiveRun(run: PlanRun, ending: RunEnding, nowMs: number): PlanRun {
  const notRun = ending.state === 'cancelled' ? 'cancelled' : 'skipped';
  return {
    ...run,
    state: ending.state,
    note: ending.note,
    finishedAtMs: nowMs,
    moves: run.moves.map((move) => {
      if (move.status === 'pending') {
        return { ...move, status: notRun, reason: `not run: the run was ${ending.state}` };
      }
      if (move.status === 'running') {
        return { ...move, status: 'failed', reason: ending.runningReason, finishedAtMs: nowMs };
      }
      return move;
    }),
  };
}
