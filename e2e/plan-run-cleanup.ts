/**
 * One plan run per cluster at a time, and the console server outlives a test: a run left
 * active (by a failing test) would make the next spec's "Run" a 409. Specs that start runs
 * cancel whatever is still active afterwards and wait for it to end.
 */
import type { APIRequestContext } from '@playwright/test';
import { ACTIVE_RUN_STATES, PlanRunsAnswerSchema } from '../contract/plan-run-contract';
import { expect } from './fixtures';

const RUNS_URL = '/api/clusters/default/plan-runs';

async function activeRuns(request: APIRequestContext) {
  const answer = await request.get(RUNS_URL);
  expect(answer.ok()).toBe(true);
  return PlanRunsAnswerSchema.parse(await answer.json()).runs.filter((run) =>
    ACTIVE_RUN_STATES.includes(run.state),
  );
}

/** Cancels every run still active on the default cluster and waits until none is. */
export async function cancelActiveRuns(request: APIRequestContext): Promise<void> {
  for (const run of await activeRuns(request)) {
    await request.post('/api/clusters/default/plan-run-control', {
      data: { runId: run.id, action: 'cancel' },
    });
  }
  await expect.poll(async () => (await activeRuns(request)).length, { timeout: 45_000 }).toBe(0);
}
