import { useId } from 'react';
import { Alert, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MetasrvStatus, ProxyErrorCode } from '../../../contract/api-contract';
import { formatDuration } from '../../components/format-duration';
import { useNow } from '../../components/use-now';
import { useRefreshFailureToast } from '../../components/use-refresh-failure-toast';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { leaderQueries } from '../../queries/leader-queries';
import { describeMetasrvNodes, describeNodeState } from './metasrv-nodes';
import classes from './leader-header.module.css';

const LEADER_ERROR_TITLES: Partial<Record<ProxyErrorCode, string>> = {
  'leader-not-configured': 'MetaSrv reports a leader the console is not configured to use',
  'no-leader': 'MetaSrv has no leader at this moment',
  'metasrv-unreachable': 'No MetaSrv node could be reached',
  'metasrv-timeout': 'MetaSrv did not answer in time',
};

export function LeaderHeader({ clusterId }: { clusterId: string }) {
  // The user's auto-refresh interval only sets how often this tab redraws: the server reads the
  // leader every 5 s for every tab, and pushes a change at once (use-push-events.ts).
  const query = useQuery({
    ...leaderQueries.status(clusterId),
    refetchInterval: useRefreshInterval(),
  });
  useRefreshFailureToast(query, {
    id: `leader-refresh-${clusterId}`,
    title: 'Could not refresh the MetaSrv leader',
  });
  const now = useNow(1_000, query.isRefetchError);

  return (
    <section aria-label="MetaSrv leader" className={classes.root}>
      {query.isPending ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Looking for the MetaSrv leader…</Text>
        </Group>
      ) : query.isError && query.data === undefined ? (
        <Alert color="red" title="Could not read the MetaSrv status" role="alert">
          <Text size="sm">{query.error.message}</Text>
        </Alert>
      ) : (
        <LeaderStatusView
          status={query.data}
          staleForMs={query.isRefetchError ? now - query.dataUpdatedAt : null}
        />
      )}
    </section>
  );
}

function LeaderStatusView({
  status,
  staleForMs,
}: {
  status: MetasrvStatus;
  /** Set when the latest refresh failed: how old the shown answer is. */
  staleForMs: number | null;
}) {
  const nodes = describeMetasrvNodes(status);
  const others = nodes.filter((node) => node.state.kind !== 'leader');
  const { leader, leaderError } = status;
  const othersHeadingId = useId();

  return (
    <Stack gap={4} data-stale={staleForMs !== null || undefined} className={classes.status}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          Leader:
        </Text>
        {leader === null ? (
          <Text size="sm">none known</Text>
        ) : (
          <Text size="sm" ff="monospace" data-testid="metasrv-leader-addr">
            {leader.addr}
          </Text>
        )}
        {leader !== null && leader.reportedAddr !== leader.addr && (
          <Text size="xs" c="dimmed">
            (MetaSrv reports {leader.reportedAddr}, mapped by configuration)
          </Text>
        )}
        {staleForMs !== null && (
          <Badge color="yellow" variant="light">
            Stale: last updated {formatDuration(staleForMs)} ago
          </Badge>
        )}
      </Group>
      {leader?.withoutElection === true && (
        <Text size="xs" c="dimmed">
          No election: this MetaSrv runs without one (it answers “election info is None”), so it is
          the leader.
        </Text>
      )}
      {leaderError !== null && (
        <Alert
          color="red"
          variant="light"
          title={LEADER_ERROR_TITLES[leaderError.code] ?? 'No usable MetaSrv leader'}
          role="alert"
          className={classes.alert}
        >
          <Text size="sm">{leaderError.message}</Text>
        </Alert>
      )}
      {others.length > 0 && (
        <div>
          <Text size="xs" c="dimmed" id={othersHeadingId}>
            {others.length === nodes.length ? 'MetaSrv nodes' : 'Other MetaSrv nodes'}
          </Text>
          <ul aria-labelledby={othersHeadingId} className={classes.nodeList}>
            {others.map((node) => (
              <li key={node.addr} data-state={node.state.kind} className={classes.node}>
                <span aria-hidden className={classes.dot} />
                <Text span size="xs" ff="monospace">
                  {node.addr}
                </Text>{' '}
                <Text span size="xs">
                  {describeNodeState(node.state)}
                </Text>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Stack>
  );
}
