import { queryOptions } from '@tanstack/react-query';
import { resolveClusterApi } from '../../api/cluster-api-resolver';

/** While the migrate dialog is open its target list must reflect current leases. */
export const LEASES_POLL_INTERVAL_MS = 5_000;

export const datanodeQueries = {
  all: (clusterId: string) => ['datanodes', clusterId] as const,
  /** Every datanode lease MetaSrv holds, expired ones included, with MetaSrv's clock. */
  leases: (clusterId: string) =>
    queryOptions({
      queryKey: [...datanodeQueries.all(clusterId), 'leases'] as const,
      queryFn: async ({ signal, client }) =>
        (await resolveClusterApi(client, clusterId)).fetchNodeLeases(signal),
    }),
};
