/**
 * Fetchers for the server's repartition records (`/api/clusters/:id/repartitions`, issue 17):
 * the split or merge the operator chose goes to the server, which sends the `ALTER TABLE`
 * statement and follows its procedure. Also GreptimeDB's own record of repartitions
 * (`sql-repartition-events`, v1.2+), which History merges with the server's. Same gate as every
 * other answer.
 */
import { CLUSTER_ENDPOINTS } from '../../contract/api-contract';
import {
  RepartitionListAnswerSchema,
  SubmitRepartitionAnswerSchema,
  type RepartitionListAnswer,
  type SubmitRepartitionAnswer,
  type SubmitRepartitionBody,
} from '../../contract/repartition/repartition-api';
import {
  RepartitionEventsAnswerSchema,
  type RepartitionEvent,
} from '../../contract/repartition/repartition-events';
import { SQL_ENDPOINTS } from '../../contract/sql-contract';
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

/**
 * The `repartition` / `repartition_group` rows of greptime_private.events (v1.2+; the caller
 * asks only on such versions). Before the recorder created the table the server answers no
 * rows (server/sql/sql-api.ts).
 */
export function fetchRepartitionEvents(
  clusterId: string,
  signal?: AbortSignal,
): Promise<RepartitionEvent[]> {
  return requestThroughGate({
    clusterId,
    endpoint: SQL_ENDPOINTS.repartitionEvents,
    bodyFormat: 'json',
    schema: RepartitionEventsAnswerSchema,
    signal,
  });
}
