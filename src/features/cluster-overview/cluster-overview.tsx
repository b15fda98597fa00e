/**
 * The cluster at a glance, at the top of the overview: the MetaSrv leader and nodes, datanodes
 * alive, leader regions, count and byte skew (as the cluster view computes them), what is in
 * flight and the latest moves. Each figure links to the page that explains it; the page
 * supplies the links (routing belongs to the app) and the figures of other features (plan
 * runs, the merged history).
 */
import type { ReactNode } from 'react';
import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { nanosToMs, type MergedHistoryRow } from '../../../contract/merged-history';
import { isInFlight } from '../../../contract/tracked-migration';
import { formatCount } from '../../components/format-count';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { clusterSummaryQueries } from '../../queries/cluster-summary-queries';
import { datanodeQueries } from '../../queries/datanode-queries';
import { leaderQueries } from '../../queries/leader-queries';
import {
  migrationPollInterval,
  trackedMigrationQueries,
} from '../../queries/tracked-migration-queries';
import { overviewFigures } from './overview-figures';

export type OverviewLinkTarget = 'cluster' | 'history' | 'hot-regions';

export type RenderOverviewLink = (target: OverviewLinkTarget, children: ReactNode) => ReactNode;

interface ClusterOverviewProps {
  clusterId: string;
  /** Plan runs running, paused or cancelling; null while unknown. */
  planRunsInFlight: number | null;
  renderLink: RenderOverviewLink;
}

/** Moves listed here; History has every one. */
export const LATEST_MOVES_SHOWN = 5;

function Figure({
  label,
  value,
  detail,
  link,
}: {
  label: string;
  value: string;
  detail: ReactNode;
  link?: ReactNode;
}) {
  return (
    <Paper withBorder p="xs" radius="sm" role="group" aria-label={label}>
      <Stack gap={2}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text fw={700} size="lg">
          {value}
        </Text>
        <Text size="xs">{detail}</Text>
        {link !== undefined && <Text size="xs">{link}</Text>}
      </Stack>
    </Paper>
  );
}

function describeMove(move: MergedHistoryRow): string {
  const regions =
    move.regionIds.length === 1
      ? `region ${move.regionIds[0] ?? ''}`
      : `${move.regionIds.length} regions`;
  const route =
    move.fromPeerId === null || move.toPeerId === null
      ? ''
      : `: datanode ${move.fromPeerId} → ${move.toPeerId}`;
  return `${regions}${route} · ${move.outcome}`;
}

export function ClusterOverview({ clusterId, planRunsInFlight, renderLink }: ClusterOverviewProps) {
  const refreshInterval = useRefreshInterval();
  const leader = useQuery({ ...leaderQueries.status(clusterId), refetchInterval: refreshInterval });
  const summary = useQuery(clusterSummaryQueries.summary(clusterId));
  // Polled like the header's leader, so a datanode that dies is counted without a reload.
  const leases = useQuery({
    ...datanodeQueries.leases(clusterId),
    refetchInterval: refreshInterval,
  });
  const migrations = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'recent'),
    refetchInterval: migrationPollInterval(refreshInterval),
  });

  const figures = summary.data === undefined ? null : overviewFigures(summary.data, leases.data);
  const nodes = leader.data?.nodes ?? [];
  const migrationsInFlight = migrations.data?.migrations.filter(isInFlight).length ?? null;
  const unknown = (what: string, isError: boolean) =>
    isError ? `${what} could not be read` : 'reading…';

  return (
    <section aria-labelledby="cluster-overview-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="cluster-overview-title">
          Cluster {clusterId}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="xs">
          <Figure
            label="MetaSrv leader"
            value={leader.data?.leader?.addr ?? (leader.data === undefined ? '…' : 'none known')}
            detail={
              leader.data === undefined
                ? unknown('The MetaSrv status', leader.isError)
                : `${nodes.filter((n) => n.reachable).length} of ${nodes.length} MetaSrv nodes reachable`
            }
          />
          <Figure
            label="Datanodes"
            value={
              figures === null
                ? '…'
                : figures.datanodesAlive === null
                  ? `${figures.datanodesTotal} datanodes`
                  : `${figures.datanodesAlive} of ${figures.datanodesTotal} alive`
            }
            detail={
              figures?.datanodesAlive === null
                ? 'Leases could not be read: liveness unknown.'
                : 'alive: a lease younger than 10 s, by MetaSrv’s clock'
            }
            link={renderLink('cluster', 'Regions per datanode')}
          />
          <Figure
            label="Leader regions"
            value={figures === null ? '…' : formatCount(figures.regionCount)}
            detail={
              figures === null
                ? unknown('The heartbeat summary', summary.isError)
                : `in ${formatCount(figures.tableCount)} tables, from MetaSrv’s heartbeat`
            }
            link={
              <Group gap="xs" component="span">
                {renderLink('cluster', 'Tables × datanodes')}
                {renderLink('hot-regions', 'Hot regions')}
              </Group>
            }
          />
          <Figure
            label="Skew (CV)"
            value={
              figures === null
                ? '…'
                : `${figures.countSkew.cv.toFixed(3)} · ${figures.byteSkew.cv.toFixed(3)}`
            }
            detail={
              figures === null
                ? unknown('The heartbeat summary', summary.isError)
                : `regions · bytes per datanode; 0 is even (max/mean ${figures.countSkew.maxOverMean.toFixed(2)} · ${figures.byteSkew.maxOverMean.toFixed(2)})`
            }
            link={renderLink('cluster', 'Rebalance')}
          />
          <Figure
            label="In flight"
            value={
              migrationsInFlight === null || planRunsInFlight === null
                ? '…'
                : `${migrationsInFlight} · ${planRunsInFlight}`
            }
            detail="migrations · plan runs this console follows"
            link={
              <Group gap="xs" component="span">
                {renderLink('history', 'History')}
                {renderLink('cluster', 'Plan runs')}
              </Group>
            }
          />
        </SimpleGrid>
      </Stack>
    </section>
  );
}

interface LatestMovesProps {
  /** Newest first; null while unknown. */
  moves: readonly MergedHistoryRow[] | null;
  renderLink: RenderOverviewLink;
}

/** The last few region moves, from the history the page merges (journal and cluster events). */
export function LatestMoves({ moves, renderLink }: LatestMovesProps) {
  return (
    <Paper withBorder p="xs" radius="sm" role="group" aria-label="Latest moves">
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          Latest moves
        </Text>
        <Text size="xs">{renderLink('history', 'Every move in History')}</Text>
      </Group>
      {moves === null ? (
        <Text size="sm">reading…</Text>
      ) : moves.length === 0 ? (
        <Text size="sm">No region move recorded yet.</Text>
      ) : (
        <Stack gap={0} component="ol" m={0} pl="md">
          {moves.slice(0, LATEST_MOVES_SHOWN).map((move) => (
            <Text key={move.key} size="sm" component="li">
              <time dateTime={new Date(nanosToMs(move.timeNs)).toISOString()}>
                {new Date(nanosToMs(move.timeNs)).toLocaleString()}
              </time>{' '}
              {describeMove(move)}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
