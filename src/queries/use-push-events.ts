/**
 * Feeds the server's push events into TanStack Query, for every cluster some mounted query
 * of this tab reads. What a tab shows is read from the query cache itself (observed leader,
 * route-by-table and cluster-summary queries), so no page has to announce it: the stream
 * asks the server to poll exactly what is on screen.
 *
 * - leader-changed: the leader status is re-read at once, and `onLeaderChanged` announces it;
 * - migration-progress, repartition-progress: the record is replaced in every cached list of
 *   its kind (a new or finished one re-reads the lists, a finished one the routes too);
 * - plan-progress: `onPlanProgress` (the plan queries belong to a feature).
 */
import { useEffect, useRef } from 'react';
import { useQueryClient, type QueryCache, type QueryClient } from '@tanstack/react-query';
import { parsePushEvent, type PushInterests } from '../api/push-events-api';
import type { LeaderChangedEvent } from '../../contract/push-events';
import type {
  RepartitionListAnswer,
  TrackedRepartition,
} from '../../contract/repartition/repartition-api';
import {
  isInFlight,
  type MigrationListAnswer,
  type TrackedMigration,
} from '../../contract/tracked-migration';
import { clusterSummaryQueries } from './cluster-summary-queries';
import { leaderQueries } from './leader-queries';
import { repartitionKeys } from './repartition-keys';
import { setPushLive } from './push-live';
import { routeQueries } from './route-queries';
import { SharedPushStream } from './shared-push-stream';
import { trackedMigrationQueries } from './tracked-migration-queries';

export interface PushHandlers {
  onLeaderChanged: (clusterId: string, event: LeaderChangedEvent) => void;
  onPlanProgress: (clusterId: string) => void;
}

const LEADER_FAMILY = leaderQueries.all('')[0];
const ROUTE_FAMILY = routeQueries.all('')[0];
const SUMMARY_FAMILY = clusterSummaryQueries.all('')[0];

function tableIdOf(detail: unknown): string | null {
  if (typeof detail !== 'object' || detail === null || !('table_id' in detail)) return null;
  return typeof detail.table_id === 'string' ? detail.table_id : null;
}

/** Per cluster, what the observed queries of this tab show. */
export function interestsByCluster(cache: QueryCache): Map<string, PushInterests> {
  const found = new Map<string, { tableIds: Set<string>; isClusterView: boolean }>();
  const of = (clusterId: string) => {
    const known = found.get(clusterId) ?? { tableIds: new Set<string>(), isClusterView: false };
    found.set(clusterId, known);
    return known;
  };
  for (const query of cache.getAll()) {
    if (query.getObserversCount() === 0) continue;
    const [family, clusterId, detail] = query.queryKey;
    if (typeof clusterId !== 'string') continue;
    if (family === LEADER_FAMILY) of(clusterId);
    if (family === SUMMARY_FAMILY) of(clusterId).isClusterView = true;
    const tableId = family === ROUTE_FAMILY ? tableIdOf(detail) : null;
    if (tableId !== null) of(clusterId).tableIds.add(tableId);
  }
  return new Map(
    [...found].map(([clusterId, { tableIds, isClusterView }]) => [
      clusterId,
      { tableIds: [...tableIds].sort(), isClusterView },
    ]),
  );
}

/**
 * A pushed record replaces its copy in every cached list of its kind; a record no list holds
 * yet, or one that has finished, re-reads the lists, and a finished one the routes too.
 */
function applyRecord<A, R extends { id: string }>(
  client: QueryClient,
  clusterId: string,
  list: {
    queryKey: readonly unknown[];
    recordsOf: (answer: A) => R[];
    withRecords: (answer: A, records: R[]) => A;
  },
  record: R,
  hasFinished: boolean,
) {
  const { queryKey, recordsOf, withRecords } = list;
  const isCached = client
    .getQueriesData<A>({ queryKey })
    .some(
      ([, answer]) => answer !== undefined && recordsOf(answer).some((r) => r.id === record.id),
    );
  client.setQueriesData<A>({ queryKey }, (answer) =>
    answer === undefined
      ? answer
      : withRecords(
          answer,
          recordsOf(answer).map((r) => (r.id === record.id ? record : r)),
        ),
  );
  if (!isCached || hasFinished) void client.invalidateQueries({ queryKey });
  if (hasFinished) void client.invalidateQueries({ queryKey: routeQueries.all(clusterId) });
}

export function usePushEvents(handlers: PushHandlers): void {
  const client = useQueryClient();
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    const cache = client.getQueryCache();
    const streams = new Map<string, { stream: SharedPushStream; asked: string }>();
    const handle = (clusterId: string, data: string): void => {
      const event = parsePushEvent(data);
      switch (event?.kind) {
        case 'leader-changed':
          void client.invalidateQueries({ queryKey: leaderQueries.all(clusterId) });
          handlersRef.current.onLeaderChanged(clusterId, event);
          return;
        case 'migration-progress':
          applyRecord<MigrationListAnswer, TrackedMigration>(
            client,
            clusterId,
            {
              queryKey: trackedMigrationQueries.all(clusterId),
              recordsOf: (answer) => answer.migrations,
              withRecords: (answer, migrations) => ({ ...answer, migrations }),
            },
            event.migration,
            !isInFlight(event.migration),
          );
          return;
        case 'repartition-progress':
          applyRecord<RepartitionListAnswer, TrackedRepartition>(
            client,
            clusterId,
            {
              queryKey: repartitionKeys.all(clusterId),
              recordsOf: (answer) => answer.repartitions,
              withRecords: (answer, repartitions) => ({ ...answer, repartitions }),
            },
            event.repartition,
            event.repartition.phase === 'finished',
          );
          return;
        case 'plan-progress':
          handlersRef.current.onPlanProgress(clusterId);
          return;
        case undefined:
          return;
      }
    };
    const sync = (): void => {
      const wanted = interestsByCluster(cache);
      for (const [clusterId, { stream }] of streams) {
        if (wanted.has(clusterId)) continue;
        stream.close();
        streams.delete(clusterId);
        setPushLive(clusterId, false);
      }
      for (const [clusterId, interests] of wanted) {
        const asked = JSON.stringify(interests);
        const open = streams.get(clusterId);
        if (open?.asked === asked) continue;
        const stream =
          open?.stream ??
          new SharedPushStream({
            clusterId,
            onEvent: (data) => {
              handle(clusterId, data);
            },
            onLive: (isLive) => {
              setPushLive(clusterId, isLive);
            },
          });
        stream.setInterests(interests);
        streams.set(clusterId, { stream, asked });
      }
    };
    // Observers come and go in bursts while a page mounts: one sync after the burst.
    let pending: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = cache.subscribe((event) => {
      if (event.type !== 'observerAdded' && event.type !== 'observerRemoved') return;
      pending ??= setTimeout(() => {
        pending = null;
        sync();
      }, 0);
    });
    sync();
    return () => {
      unsubscribe();
      if (pending !== null) clearTimeout(pending);
      for (const [clusterId, { stream }] of streams) {
        stream.close();
        setPushLive(clusterId, false);
      }
    };
  }, [client]);
}
