import { queryOptions } from '@tanstack/react-query';
import { isApiError } from '../../api/api-error';
import { resolveClusterApi } from '../../api/cluster-api-resolver';
import type { MigrationEvent } from '../../../contract/sql-types';

/** Region moves the cluster recorded, or why it records none (legacy, before v0.16). */
export type ClusterEvents =
  { isSupported: true; events: MigrationEvent[] } | { isSupported: false; reason: string };

/** TableNotFound (API.md §3.4). */
const TABLE_NOT_FOUND_CODE = 4001;

export const historyQueries = {
  /** greptime_private.events of every table (v0.16+): what any migration adds to. */
  events: (clusterId: string) =>
    queryOptions({
      queryKey: ['migration-events', clusterId] as const,
      queryFn: async ({ signal, client }): Promise<ClusterEvents> => {
        const api = await resolveClusterApi(client, clusterId);
        if (!api.migrationEvents.isSupported) {
          return { isSupported: false, reason: api.migrationEvents.reason };
        }
        try {
          return { isSupported: true, events: await api.migrationEvents.fetch(null, signal) };
        } catch (error) {
          // MetaSrv's recorder creates the table with its first event: none recorded yet.
          if (isApiError(error, 'frontend') && error.detail.code === TABLE_NOT_FOUND_CODE) {
            return { isSupported: true, events: [] };
          }
          throw error;
        }
      },
    }),
};
