/**
 * The page the console opens on: the cluster at a glance (leader, datanodes, regions, skew,
 * what is in flight, the latest moves), the fields that open a table by name, id or region id,
 * and every table in a searchable, sortable list. It assembles features: the figures other
 * features own (plan runs, the merged history) are read here and handed to the overview.
 */
import { Suspense, lazy, type ReactNode } from 'react';
import { Loader, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { historyRow } from '../../../contract/history-export';
import { mergeHistory } from '../../../contract/merged-history';
import { ACTIVE_RUN_STATES } from '../../../contract/plan-run-contract';
import { PanelErrorBoundary } from '../../components/panel-error-boundary';
import {
  ClusterOverview,
  LatestMoves,
  type OverviewLinkTarget,
} from '../../features/cluster-overview/cluster-overview';
import { planQueries } from '../../features/cluster-view/plan-queries';
import { historyQueries } from '../../features/history/history-queries';
import type { RecentTable } from '../../features/table-finder/recent-tables';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import {
  migrationPollInterval,
  trackedMigrationQueries,
} from '../../queries/tracked-migration-queries';
import { OpenTableFields, type OpenTableOptions } from './open-table-fields';
import classes from './overview-page.module.css';

// The list (TanStack Table and Virtual, shared with the table page's chunk) is a chunk of its
// own: the figures and the fields that open a table paint without waiting for it.
const TableList = lazy(async () => ({
  default: (await import('../../features/table-list/table-list')).TableList,
}));

const OVERVIEW_LINK_PATHS = {
  cluster: '/c/$cluster/cluster',
  history: '/c/$cluster/history',
  'hot-regions': '/c/$cluster/hot-regions',
} as const satisfies Record<OverviewLinkTarget, string>;

interface OverviewPageProps {
  clusterId: string;
  recentTables: readonly RecentTable[];
  onOpenTable: (tableId: string, options?: OpenTableOptions) => void;
}

/** Plan runs in flight and the latest moves, as the cluster view and History read them. */
function useActivity(clusterId: string) {
  const idleInterval = useRefreshInterval();
  const runs = useQuery(planQueries.runs(clusterId));
  const journal = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'all'),
    refetchInterval: migrationPollInterval(idleInterval),
  });
  const events = useQuery({ ...historyQueries.events(clusterId), refetchInterval: idleInterval });
  const isEventsSettled = events.data !== undefined || events.isError;
  // Without the cluster's events (older versions, none yet, or unreadable) the journal alone
  // is the record.
  const clusterEvents = events.data?.isSupported === true ? events.data.events : [];
  return {
    planRunsInFlight:
      runs.data?.runs.filter((r) => ACTIVE_RUN_STATES.includes(r.state)).length ?? null,
    latestMoves:
      journal.data === undefined || !isEventsSettled
        ? null
        : mergeHistory(journal.data.migrations.map(historyRow), clusterEvents),
  };
}

export function OverviewPage({ clusterId, recentTables, onOpenTable }: OverviewPageProps) {
  const activity = useActivity(clusterId);
  const renderLink = (target: OverviewLinkTarget, children: ReactNode) => (
    <Link to={OVERVIEW_LINK_PATHS[target]} params={{ cluster: clusterId }}>
      {children}
    </Link>
  );

  return (
    <Stack gap="md">
      <PanelErrorBoundary panelName="cluster overview">
        <ClusterOverview
          clusterId={clusterId}
          planRunsInFlight={activity.planRunsInFlight}
          renderLink={renderLink}
        />
      </PanelErrorBoundary>
      <div className={classes.columns}>
        <PanelErrorBoundary panelName="table list">
          <Suspense fallback={<Loader size="sm" aria-label="Loading the table list" />}>
            <TableList clusterId={clusterId} onOpenTable={onOpenTable} />
          </Suspense>
        </PanelErrorBoundary>
        <Stack gap="md">
          <OpenTableFields
            clusterId={clusterId}
            recentTables={recentTables}
            openedTableId={null}
            onOpenTable={onOpenTable}
          />
          <PanelErrorBoundary panelName="latest moves">
            <LatestMoves moves={activity.latestMoves} renderLink={renderLink} />
          </PanelErrorBoundary>
        </Stack>
      </div>
    </Stack>
  );
}
