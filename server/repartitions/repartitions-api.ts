/**
 * `/api/clusters/:clusterId/repartitions`: the tracker's records for browsers and for curl.
 *
 *   GET  repartitions                                   {nowMs, repartitions} newest first
 *   POST repartitions  SubmitRepartitionBody            {nowMs, repartition, isRepeat}
 *
 * A POST answers once the frontend has answered the statement. GreptimeDB's refusal is a 200
 * whose record carries its text, because the record (not the HTTP exchange) is what the UI
 * shows. What never reached the cluster is an error answer: a version without SPLIT / MERGE
 * (404), a table that is not there or a change the console's check refuses (400, with the
 * issues), the console's own disk (503).
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { API_PREFIX, CLUSTER_ENDPOINTS } from '../../contract/api-contract.ts';
import {
  SubmitRepartitionBodySchema,
  type RepartitionListAnswer,
  type SubmitRepartitionAnswer,
  type TrackedRepartition,
} from '../../contract/repartition/repartition-api.ts';
import { JOURNAL_UNWRITABLE } from '../migrations/journal.ts';
import { badRequest, readJsonInput } from '../proxy/request-body.ts';
import type { ProxyError } from '../proxy/responses.ts';
import { queryObject, validate } from '../proxy/validation.ts';
import { PLAN_CHECK_REFUSED } from './repartition-tracker.ts';
import type { RepartitionTracker } from './repartition-tracker.ts';

export type RepartitionsAnswer =
  | { kind: 'json'; value: unknown }
  | { kind: 'proxy-error'; error: ProxyError; status?: number; headers?: Record<string, string> };

const REPARTITIONS_PATH = new RegExp(
  `^${API_PREFIX}/clusters/([^/]+)/${CLUSTER_ENDPOINTS.repartitions}$`,
);

const NoQuerySchema = z.strictObject({});

export interface RepartitionsRequestContext {
  /** Who is asking, where auth is on; null otherwise. */
  startedBy: string | null;
  /** Keeps the parsed body for the audit record. */
  rememberBody: (body: unknown) => void;
}

export function isRepartitionsPath(pathname: string): boolean {
  return REPARTITIONS_PATH.test(pathname);
}

/** One line per issue, named like the body's fields (`change.targets.1: …`). */
function issueLines(outcome: Extract<TrackedRepartition['outcome'], { kind: 'not-submitted' }>) {
  return (outcome.issues ?? []).map((issue) => {
    const where = issue.target === null ? 'change' : `change.targets.${issue.target}`;
    const greptime =
      issue.greptimeError === undefined ? '' : ` (GreptimeDB would say: ${issue.greptimeError})`;
    return `${where}: ${issue.message}${greptime}`;
  });
}

/** A record whose change never reached the cluster answers as the error it is. */
function unsentAnswer(repartition: TrackedRepartition): RepartitionsAnswer | null {
  const { outcome } = repartition;
  if (outcome?.kind !== 'not-submitted') return null;
  if (outcome.code === PLAN_CHECK_REFUSED) return badRequest(issueLines(outcome), outcome.message);
  if (outcome.code === JOURNAL_UNWRITABLE) {
    // The console's own disk, not the cluster, refused: nothing was sent (503).
    return { kind: 'proxy-error', error: { code: JOURNAL_UNWRITABLE, message: outcome.message } };
  }
  return null;
}

export async function serveRepartitionsApi(
  tracker: RepartitionTracker,
  req: IncomingMessage,
  url: URL,
  context: RepartitionsRequestContext,
): Promise<RepartitionsAnswer> {
  const clusterId = REPARTITIONS_PATH.exec(url.pathname)?.[1];
  if (clusterId === undefined || !tracker.hasCluster(clusterId)) {
    return {
      kind: 'proxy-error',
      error: { code: 'not-found', message: `No such endpoint: ${url.pathname}` },
    };
  }
  const query = queryObject(url.searchParams);
  const noQuery = query.ok ? validate(NoQuerySchema, query.value) : query;
  if (!noQuery.ok) return badRequest(noQuery.issues);

  if (req.method === 'GET') {
    const answer: RepartitionListAnswer = {
      nowMs: Date.now(),
      repartitions: tracker.list(clusterId),
    };
    return { kind: 'json', value: answer };
  }
  if (req.method !== 'POST') {
    return {
      kind: 'proxy-error',
      error: { code: 'method-not-allowed', message: 'Use GET, POST for this endpoint.' },
      headers: { allow: 'GET, POST' },
    };
  }
  const read = await readJsonInput(req);
  if (!('ok' in read)) return read;
  context.rememberBody(read.value);
  const body = validate(SubmitRepartitionBodySchema, read.value);
  if (!body.ok) return badRequest(body.issues);
  const submission = await tracker.submit(clusterId, body.value, { startedBy: context.startedBy });
  if (submission.kind === 'refused') {
    return { kind: 'proxy-error', error: submission.error, status: submission.status };
  }
  const unsent = unsentAnswer(submission.repartition);
  if (unsent !== null) return unsent;
  const answer: SubmitRepartitionAnswer = {
    nowMs: Date.now(),
    repartition: submission.repartition,
    isRepeat: submission.isRepeat,
  };
  return { kind: 'json', value: answer };
}
