import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../../api/cluster-api-resolver';
import type { MigrationEvent } from '../../../contract/sql-types';

/** Region moves the cluster recorded, or why it records none (legacy, before v0.16). */
export type ClusterEvents =
  { isSupported: true; events: MigrationEvent[] } | { isSupported: false; reason: string };

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
        // The console server answers "no events yet" while the recorder has not created
        // greptime_private.events (server/sql/sql-api.ts); every other error is shown.
        return { isSupported: true, events: await api.migrationEvents.fetch(null, signal) };
      },
    }),
};
