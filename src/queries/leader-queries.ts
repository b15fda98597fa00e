import { queryOptions } from '@tanstack/react-query';
import { fetchMetasrvStatus } from '../api/cluster-api';

/** The leader can change at any moment; 5 s keeps the header current without hammering. */
export const LEADER_POLL_INTERVAL_MS = 5_000;

export const leaderQueries = {
  all: (clusterId: string) => ['metasrv', clusterId] as const,
  /**
   * What every configured MetaSrv node says about the leader. Polls while the tab is visible
   * (TanStack pauses intervals in hidden tabs: refetchIntervalInBackground defaults to false).
   */
  status: (clusterId: string) =>
    queryOptions({
      queryKey: [...leaderQueries.all(clusterId), 'status'] as const,
      queryFn: ({ signal }) => fetchMetasrvStatus(clusterId, signal),
      refetchInterval: LEADER_POLL_INTERVAL_MS,
    }),
};
