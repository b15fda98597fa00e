import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchMigrations, submitTrackedMigration } from '../api/migrations-api';
import type { RegionMigrationRequest } from '../../contract/api-contract';
import { isInFlight, type MigrationListAnswer } from '../../contract/tracked-migration';
import { isPushLive } from './push-live';
import { routeQueries } from './route-queries';

/** While a migration is in flight its record changes every second or so. */
export const IN_FLIGHT_POLL_INTERVAL_MS = 1_000;

export const trackedMigrationQueries = {
  all: (clusterId: string) => ['tracked-migrations', clusterId] as const,
  list: (clusterId: string, scope: 'all' | 'recent') =>
    queryOptions({
      queryKey: [...trackedMigrationQueries.all(clusterId), scope] as const,
      queryFn: ({ signal }) => fetchMigrations(clusterId, scope, signal),
    }),
};

export function hasInFlight(answer: MigrationListAnswer | undefined): boolean {
  return answer?.migrations.some(isInFlight) ?? false;
}

/**
 * Polls every second while any migration is in flight and the server's push stream is not
 * delivering its progress (use-push-events.ts), otherwise at the user's auto-refresh interval.
 */
export function migrationPollInterval(idleIntervalMs: number | false) {
  return (query: {
    queryKey: readonly unknown[];
    state: { data: MigrationListAnswer | undefined };
  }): number | false => {
    const [, clusterId] = query.queryKey;
    const isPushed = typeof clusterId === 'string' && isPushLive(clusterId);
    return hasInFlight(query.state.data) && !isPushed ? IN_FLIGHT_POLL_INTERVAL_MS : idleIntervalMs;
  };
}

/**
 * Asks the server to submit and follow one migration. The idempotency key is made once per
 * intent by the caller, so a double click or a re-send after a lost answer returns the same
 * record. The records and the route change, so both are invalidated.
 */
export function useSubmitTrackedMigration(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ request, key }: { request: RegionMigrationRequest; key: string }) =>
      submitTrackedMigration(clusterId, { request, idempotency_key: key }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trackedMigrationQueries.all(clusterId) }),
        queryClient.invalidateQueries({ queryKey: routeQueries.all(clusterId) }),
      ]),
  });
}

/** A fresh idempotency key (URL-safe). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
