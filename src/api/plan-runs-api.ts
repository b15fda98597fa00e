/** Fetchers for the server-side plan runs (contract/plan-run-contract.ts). */
import { CLUSTER_ENDPOINTS } from '../../contract/api-contract';
import {
  PlanRunAnswerSchema,
  PlanRunsAnswerSchema,
  type PlanRunAnswer,
  type PlanRunControlRequest,
  type PlanRunsAnswer,
  type StartPlanRunRequest,
} from '../../contract/plan-run-contract';
import { requestThroughGate } from './http-gate';

export function fetchPlanRuns(clusterId: string, signal?: AbortSignal): Promise<PlanRunsAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.planRuns,
    bodyFormat: 'json',
    schema: PlanRunsAnswerSchema,
    signal,
  });
}

export function startPlanRun(
  clusterId: string,
  request: StartPlanRunRequest,
): Promise<PlanRunAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.planRuns,
    method: 'POST',
    jsonBody: request,
    bodyFormat: 'json',
    schema: PlanRunAnswerSchema,
  });
}

export function controlPlanRun(
  clusterId: string,
  request: PlanRunControlRequest,
): Promise<PlanRunAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.planRunControl,
    method: 'POST',
    jsonBody: request,
    bodyFormat: 'json',
    schema: PlanRunAnswerSchema,
  });
}
