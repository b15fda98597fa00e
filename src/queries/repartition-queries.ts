/**
 * Server state of repartitions (issue 17), read by the table page (its split/merge dialog and
 * the grid's polling) and by the History page: whether the connected version can split and
 * merge, the server's records, GreptimeDB's repartition events, and the mutation that submits
 * one.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { connectionQuery } from '../api/cluster-api-resolver';
import {
  fetchRepartitionEvents,
  fetchRepartitions,
  submitRepartition,
} from '../api/repartitions-api';
import { parseGreptimeVersion, type GreptimeVersion } from '../../contract/greptime-version';
import { repartitionFacts, type RepartitionFacts } from '../../contract/repartition/preconditions';
import type {
  RepartitionListAnswer,
  SubmitRepartitionBody,
  TrackedRepartition,
} from '../../contract/repartition/repartition-api';
import { isPushLive } from './push-live';
import { repartitionKeys } from './repartition-keys';
import { routeQueries } from './route-queries';

/** While a repartition runs its record changes every second or so (procedure_state reads). */
export const REPARTITION_POLL_INTERVAL_MS = 1_000;

export const repartitionQueries = {
  list: (clusterId: string) =>
    queryOptions({
      queryKey: [...repartitionKeys.all(clusterId), 'list'] as const,
      queryFn: ({ signal }) => fetchRepartitions(clusterId, signal),
    }),
  /**
   * GreptimeDB's `repartition` events (v1.2+). Not under `all`: push updates rewrite every
   * query there as a list of records.
   */
  events: (clusterId: string) =>
    queryOptions({
      queryKey: ['repartition-events', clusterId] as const,
      queryFn: ({ signal }) => fetchRepartitionEvents(clusterId, signal),
    }),
};

export function isUnfinished(record: TrackedRepartition): boolean {
  return record.phase !== 'finished';
}

/**
 * Every second while any record is unfinished and the server's push stream is not delivering
 * its progress (use-push-events.ts), otherwise at the user's refresh interval.
 */
export function repartitionPollInterval(idleIntervalMs: number | false) {
  return (query: {
    queryKey: readonly unknown[];
    state: { data: RepartitionListAnswer | undefined };
  }): number | false => {
    const [, clusterId] = query.queryKey;
    const isPushed = typeof clusterId === 'string' && isPushLive(clusterId);
    return query.state.data?.repartitions.some(isUnfinished) === true && !isPushed
      ? REPARTITION_POLL_INTERVAL_MS
      : idleIntervalMs;
  };
}

export type RepartitionSupport =
  /** The connection is not read yet. */
  | { kind: 'pending' }
  /** The legacy admin API, or a SQL-path version before v1.0.0-rc.1. */
  | { kind: 'unsupported' }
  /** The SQL path without a readable version: the console cannot tell. */
  | { kind: 'version-unknown' }
  | { kind: 'supported'; version: GreptimeVersion; facts: RepartitionFacts };

/** Whether the connected cluster has `ALTER TABLE … SPLIT / MERGE PARTITION` (API.md §0). */
export function useRepartitionSupport(clusterId: string): RepartitionSupport {
  const { data: connection } = useQuery(connectionQuery(clusterId));
  if (connection === undefined) return { kind: 'pending' };
  if (connection.generation !== 'sql') return { kind: 'unsupported' };
  const version = connection.version === null ? null : parseGreptimeVersion(connection.version);
  if (version === null) return { kind: 'version-unknown' };
  const facts = repartitionFacts(version);
  return facts.canSplitAndMerge ? { kind: 'supported', version, facts } : { kind: 'unsupported' };
}

/**
 * Asks the server to submit and follow one split or merge. The idempotency key is made once
 * per confirmed intent, so a double click or a re-send returns the same record. The records
 * change, and so may the route (a refusal leaves it as it was, but the answer may be lost).
 */
export function useSubmitRepartition(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitRepartitionBody) => submitRepartition(clusterId, body),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: repartitionKeys.all(clusterId) }),
        queryClient.invalidateQueries({ queryKey: routeQueries.all(clusterId) }),
      ]),
  });
}
