/**
 * Fetchers for the server's repartition records (`/api/clusters/:id/repartitions`, issue 17):
 * the split or merge the operator chose goes to the server, which sends the `ALTER TABLE`
 * statement and follows its procedure. Same gate as every other answer.
 */
import { CLUSTER_ENDPOINTS } from '../../contract/api-contract';
import {
  RepartitionListAnswerSchema,
  SubmitRepartitionAnswerSchema,
  type RepartitionListAnswer,
  type SubmitRepartitionAnswer,
  type SubmitRepartitionBody,
} from '../../contract/repartition/repartition-api';
import { requestThroughGate } from './http-gate';

export function fetchRepartitions(
  clusterId: string,
  signal?: AbortSignal,
): Promise<RepartitionListAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.repartitions,
    bodyFormat: 'json',
    schema: RepartitionListAnswerSchema,
    signal,
  });
}

/**
 * No AbortSignal: once sent, only the server decides; a repeat with the same idempotency key
 * returns the first record and sends nothing to GreptimeDB.
 */
export function submitRepartition(
  clusterId: string,
  body: SubmitRepartitionBody,
): Promise<SubmitRepartitionAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.repartitions,
    method: 'POST',
    jsonBody: body,
    bodyFormat: 'json',
    schema: SubmitRepartitionAnswerSchema,
  });
}
