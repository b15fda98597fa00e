import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { controlPlanRun, fetchPlanRuns, startPlanRun } from '../../api/plan-runs-api';
import {
  ACTIVE_RUN_STATES,
  type PlanRunControlRequest,
  type PlanRunsAnswer,
  type StartPlanRunRequest,
} from '../../../contract/plan-run-contract';
import { isPushLive } from '../../queries/push-live';

/**
 * While a run is active and the server's push stream is down, the page follows it each second;
 * otherwise it does not poll: a live stream announces every change (`plan-progress`), and a
 * second-by-second poll in every tab is the load issue 14 removed.
 */
export const ACTIVE_RUN_POLL_INTERVAL_MS = 1_000;

export function planRunsPollInterval(query: {
  queryKey: readonly unknown[];
  state: { data: PlanRunsAnswer | undefined };
}): number | false {
  const [, clusterId] = query.queryKey;
  const isPushed = typeof clusterId === 'string' && isPushLive(clusterId);
  return hasActiveRun(query.state.data) && !isPushed ? ACTIVE_RUN_POLL_INTERVAL_MS : false;
}

function hasActiveRun(answer: PlanRunsAnswer | undefined): boolean {
  return answer?.runs.some((r) => ACTIVE_RUN_STATES.includes(r.state)) ?? false;
}

export const planQueries = {
  all: (clusterId: string) => ['plan-runs', clusterId] as const,
  runs: (clusterId: string) =>
    queryOptions({
      queryKey: planQueries.all(clusterId),
      queryFn: ({ signal }) => fetchPlanRuns(clusterId, signal),
      refetchInterval: planRunsPollInterval,
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
