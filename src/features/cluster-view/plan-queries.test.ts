import { afterEach, describe, expect, it } from 'vitest';
import type { PlanRun, RunState } from '../../../contract/plan-run-contract';
import { setPushLive } from '../../queries/push-live';
import { ACTIVE_RUN_POLL_INTERVAL_MS, planQueries, planRunsPollInterval } from './plan-queries';

function run(state: RunState): PlanRun {
  return {
    id: 'run-1',
    clusterId: 'default',
    kind: 'drain',
    title: 'Drain datanode 0',
    state,
    concurrency: 1,
    continueOnFailure: false,
    replayTimeout: '10s',
    startedBy: null,
    createdAtMs: 0,
    finishedAtMs: null,
    note: null,
    moves: [],
  };
}

const queryKey = planQueries.all('default');
const poll = (...states: RunState[]) =>
  planRunsPollInterval({ queryKey, state: { data: { nowMs: 0, runs: states.map(run) } } });

afterEach(() => {
  setPushLive('default', false);
});

describe('the plan runs are polled', () => {
  it('each second while a run is active and nothing is pushed', () => {
    expect(poll('completed', 'running')).toBe(ACTIVE_RUN_POLL_INTERVAL_MS);
    expect(poll('paused')).toBe(ACTIVE_RUN_POLL_INTERVAL_MS);
    expect(poll('cancelling')).toBe(ACTIVE_RUN_POLL_INTERVAL_MS);
  });

  it('not at all once every run has ended', () => {
    expect(poll('completed', 'failed', 'cancelled', 'interrupted')).toBe(false);
    expect(planRunsPollInterval({ queryKey, state: { data: undefined } })).toBe(false);
  });

  it('not at all while the server pushes their progress, even with a run active', () => {
    setPushLive('default', true);
    expect(poll('running')).toBe(false);
    setPushLive('other', false);
    expect(poll('running')).toBe(false);
  });
});
