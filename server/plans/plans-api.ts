/**
 * `/api/clusters/:id/plan-runs` and `/plan-run-control` (contract: contract/plan-run-contract.ts).
 * Every body passes the contract's zod schema before the executor sees it.
 */
import type { IncomingMessage } from 'node:http';
import { API_PREFIX } from '../../contract/api-contract.ts';
import {
  MAX_PLAN_BODY_BYTES,
  PlanRunControlRequestSchema,
  StartPlanRunRequestSchema,
  type PlanRunAnswer,
  type PlanRunsAnswer,
} from '../../contract/plan-run-contract.ts';
import type { MigrationsAnswer } from '../migrations/migrations-api.ts';
import { readJsonInput } from '../proxy/request-body.ts';
import { queryObject, validate } from '../proxy/validation.ts';
import type { PlanExecutor } from './plan-executor.ts';

const PLAN_PATH = new RegExp(`^${API_PREFIX}/clusters/([^/]+)/(plan-runs|plan-run-control)$`);

export function isPlanRunsPath(pathname: string): boolean {
  return PLAN_PATH.test(pathname);
}

/** Pause, resume or cancel of a run (the executor decides which a read-only console allows). */
export function isPlanRunControlPath(pathname: string): boolean {
  return PLAN_PATH.exec(pathname)?.[2] === 'plan-run-control';
}

type ErrorAnswer = Extract<MigrationsAnswer, { kind: 'proxy-error' }>;

const CONTROL_REFUSAL_CODE = {
  'not-found': 'not-found',
  'not-active': 'conflict',
  'read-only': 'read-only',
} as const;

function error(
  code: 'bad-request' | 'not-found' | 'method-not-allowed' | 'conflict' | 'read-only',
  message: string,
  issues?: string[],
): ErrorAnswer {
  return { kind: 'proxy-error', error: { code, message, ...(issues && { issues }) } };
}

export async function servePlanRunsApi(
  executor: PlanExecutor,
  req: IncomingMessage,
  url: URL,
  context: { clusterId: string; startedBy: string | null; nowMs?: number },
): Promise<MigrationsAnswer> {
  const match = PLAN_PATH.exec(url.pathname);
  if (match?.[1] !== context.clusterId)
    return error('not-found', `No such endpoint: ${url.pathname}`);
  const which = match[2];
  const query = queryObject(url.searchParams);
  if (!query.ok || Object.keys(query.value).length > 0) {
    return error('bad-request', 'These endpoints take no query parameters.');
  }
  const nowMs = context.nowMs ?? Date.now();
  if (which === 'plan-runs' && req.method === 'GET') {
    const answer: PlanRunsAnswer = { nowMs, runs: executor.list() };
    return { kind: 'json', value: answer };
  }
  if (req.method !== 'POST') {
    return {
      ...error('method-not-allowed', 'Use POST for this endpoint.'),
      headers: { allow: which === 'plan-runs' ? 'GET, POST' : 'POST' },
    };
  }
  const read = await readJsonInput(req, {
    maxBytes: MAX_PLAN_BODY_BYTES,
    tooLarge: 'The plan is too large.',
    invalid: 'Invalid request body.',
  });
  if (!('ok' in read)) return read;
  if (which === 'plan-runs') {
    const checked = validate(StartPlanRunRequestSchema, read.value);
    if (!checked.ok) return error('bad-request', 'Invalid plan.', checked.issues);
    const started = executor.start(checked.value, context.startedBy);
    if (!started.ok) {
      return error(
        'conflict',
        `Plan run ${started.active.id} ("${started.active.title}") is still ${started.active.state}; one run per cluster at a time.`,
      );
    }
    const answer: PlanRunAnswer = { nowMs, run: started.run };
    return { kind: 'json', value: answer };
  }
  const checked = validate(PlanRunControlRequestSchema, read.value);
  if (!checked.ok) return error('bad-request', 'Invalid control request.', checked.issues);
  const result = executor.control(checked.value);
  if (!result.ok) return error(CONTROL_REFUSAL_CODE[result.kind], result.message);
  const answer: PlanRunAnswer = { nowMs, run: result.run };
  return { kind: 'json', value: answer };
}
