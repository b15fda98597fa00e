/**
 * Plan runs on a read-only console. Read-only means nothing is sent to the cluster, so a run
 * that was active when the console stopped is neither resumed nor driven: it is shown as
 * interrupted, and Cancel closes it in the local plan store only. A run left alone resumes when
 * the console restarts with writes allowed.
 */
import { ACTIVE_RUN_STATES, type PlanRun } from '../../contract/plan-run-contract.ts';
import { endActiveRun } from './orphaned-runs.ts';

export const READ_ONLY_RUN_NOTE =
  'The console runs in read-only mode, so this run is not resumed and nothing of it is sent to the cluster. Cancel closes it here; a restart with writes allowed resumes it.';

/** An active run as a read-only console shows it: interrupted, saying why. */
export function shownWhenReadOnly(run: PlanRun): PlanRun {
  return ACTIVE_RUN_STATES.includes(run.state)
    ? { ...run, state: 'interrupted', note: READ_ONLY_RUN_NOTE }
    : run;
}

/** Cancel on a read-only console: the run is closed in the store, the cluster is not asked. */
export function cancelledWhenReadOnly(run: PlanRun, nowMs: number): PlanRun {
  return endActiveRun(
    run,
    {
      state: 'cancelled',
      note: 'Cancelled while the console was read-only; nothing was sent to the cluster.',
      runningReason:
        'outcome not followed by this run: it was cancelled while the console was read-only; its migration in History shows how it ended',
    },
    nowMs,
  );
}
