import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { controlPlanRun, fetchPlanRuns, startPlanRun } from '../../api/plan-runs-api';
import {
  ACTIVE_RUN_STATES,
  type PlanRunControlRequest,
  type PlanRunsAnswer,
  type StartPlanRunRequest,
} from '../../../contract/plan-run-contract';

/** While a run is active the page follows it each second; otherwise it does not poll. */
export const ACTIVE_RUN_POLL_INTERVAL_MS = 1_000;

function hasActiveRun(answer: PlanRunsAnswer | undefined): boolean {
  return answer?.runs.some((r) => ACTIVE_RUN_STATES.includes(r.state)) ?? false;
}

export const planQueries = {
  all: (clusterId: string) => ['plan-runs', clusterId] as const,
  runs: (clusterId: string) =>
    queryOptions({
      queryKey: planQueries.all(clusterId),
      queryFn: ({ signal }) => fetchPlanRuns(clusterId, signal),
      refetchInterval: (query) =>
        hasActiveRun(query.state.data) ? ACTIVE_RUN_POLL_INTERVAL_MS : false,
    }),
};

export function useStartPlanRun(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: StartPlanRunRequest) => startPlanRun(clusterId, request),
    onSettled: () => client.invalidateQueries({ queryKey: planQueries.all(clusterId) }),
  });
}

export function useControlPlanRun(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: PlanRunControlRequest) => controlPlanRun(clusterId, request),
    onSettled: () => client.invalidateQueries({ queryKey: planQueries.all(clusterId) }),
  });
}
