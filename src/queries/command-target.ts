/**
 * Where a copyable command points, per API generation. Legacy: MetaSrv's admin API at the
 * address the leader reports (what an operator would curl). SQL path: the statement goes to
 * the frontend's `/v1/sql`, built by the same builders the server uses (contract/sql), with
 * `$GREPTIME_AUTH` in place of credentials; MetaSrv admin calls go to the configured MetaSrv
 * address, which from v0.16 is its HTTP port (the leader still reports its gRPC port).
 */
import { useQuery } from '@tanstack/react-query';
import { connectionQuery } from '../api/cluster-api-resolver';
import { connectionFacts } from '../api/sql-cluster-api';
import type { SqlFacts } from '../../contract/greptime-version';
import {
  curlCommand,
  sqlCurlCommand,
  UNKNOWN_LEADER,
  type MetasrvCall,
} from '../domain/curl-command';
import { leaderQueries } from './leader-queries';

export type CommandTarget =
  | { generation: 'legacy'; metasrvAddr: string }
  | {
      generation: 'sql';
      metasrvAddr: string;
      frontendOrigin: string | null;
      hasFrontendCredentials: boolean;
      facts: SqlFacts;
    };

/** Null until the connection is known, so a command never shows the wrong generation. */
export function useCommandTarget(clusterId: string): CommandTarget | null {
  const connection = useQuery(connectionQuery(clusterId)).data;
  // Shares the header's query (no extra request).
  const leader = useQuery({ ...leaderQueries.status(clusterId), refetchInterval: false }).data
    ?.leader;
  if (connection === undefined) return null;
  if (connection.generation === 'legacy') {
    return { generation: 'legacy', metasrvAddr: leader?.reportedAddr ?? UNKNOWN_LEADER };
  }
  return {
    generation: 'sql',
    metasrvAddr: leader?.addr ?? UNKNOWN_LEADER,
    frontendOrigin: connection.frontendOrigin,
    hasFrontendCredentials: connection.hasFrontendCredentials,
    facts: connectionFacts(connection),
  };
}

/** The curl of one statement against the frontend, exactly as the server sends it. */
export function sqlCommand(
  target: Extract<CommandTarget, { generation: 'sql' }>,
  sql: string,
): string {
  return sqlCurlCommand({
    origin: target.frontendOrigin,
    sql,
    withAuth: target.hasFrontendCredentials,
  });
}

/** The curl of one MetaSrv admin call at the target's MetaSrv address. */
export function metasrvCommand(target: CommandTarget, call: Omit<MetasrvCall, 'addr'>): string {
  return curlCommand({ ...call, addr: target.metasrvAddr });
}
