import { useQuery } from '@tanstack/react-query';
import { UNKNOWN_LEADER } from '../../domain/curl-command';
import { leaderQueries } from '../leader/leader-queries';

/**
 * The leader's reported address, for equivalent curl commands: what MetaSrv calls itself is
 * what an operator would curl. Shares the header's query (no extra request).
 */
export function useLeaderAddrForCommands(clusterId: string): string {
  const leader = useQuery({ ...leaderQueries.status(clusterId), refetchInterval: false }).data
    ?.leader;
  return leader?.reportedAddr ?? UNKNOWN_LEADER;
}
