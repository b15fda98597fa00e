/**
 * Header additions of issue 4: page links (overview / cluster / history / hot regions), auto-refresh interval, theme,
 * and a warning when the cluster reports its procedure manager paused (SQL-path versions only:
 * the legacy API is never asked; a SQL-path version that answers 404 is not asked again).
 */
import { Alert, Button, Group } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { isApiError } from '../api/api-error';
import { connectionQuery } from '../api/cluster-api-resolver';
import { fetchProcedureManagerStatus } from '../api/migrations-api';
import { ColorSchemeToggle } from '../preferences/color-scheme-toggle';
import { RefreshIntervalControl, useRefreshInterval } from '../preferences/refresh-interval';
import type { ShownPage } from './shown-page';

export const procedureManagerQueries = {
  status: (clusterId: string) =>
    queryOptions({
      queryKey: ['procedure-manager', clusterId] as const,
      queryFn: ({ signal }) => fetchProcedureManagerStatus(clusterId, signal),
      retry: false,
    }),
};

function isMissingEndpoint(error: unknown): boolean {
  return isApiError(error, 'metasrv') && error.detail.status === 404;
}

interface HeaderControlsProps {
  clusterId: string;
  page: ShownPage;
}

/** The pages of the cluster shown, as links (they open in a new tab, and carry the cluster). */
export function HeaderControls({ clusterId, page }: HeaderControlsProps) {
  const variant = (kind: ShownPage['kind']) => (page.kind === kind ? 'filled' : 'subtle');
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <Group gap={4} role="navigation" aria-label="Pages">
        <Button
          size="compact-sm"
          variant={variant('overview')}
          renderRoot={(props) => (
            <Link
              {...props}
              to="/c/$cluster/"
              params={{ cluster: clusterId }}
              activeOptions={{ exact: true, includeSearch: false }}
            />
          )}
        >
          Overview
        </Button>
        <Button
          size="compact-sm"
          variant={variant('cluster')}
          renderRoot={(props) => (
            <Link {...props} to="/c/$cluster/cluster" params={{ cluster: clusterId }} />
          )}
        >
          Cluster
        </Button>
        <Button
          size="compact-sm"
          variant={variant('history')}
          renderRoot={(props) => (
            <Link {...props} to="/c/$cluster/history" params={{ cluster: clusterId }} />
          )}
        >
          History
        </Button>
        <Button
          size="compact-sm"
          variant={variant('hot-regions')}
          renderRoot={(props) => (
            <Link {...props} to="/c/$cluster/hot-regions" params={{ cluster: clusterId }} />
          )}
        >
          Hot regions
        </Button>
      </Group>
      <RefreshIntervalControl />
      <ColorSchemeToggle />
    </Group>
  );
}

export function ProcedureManagerNotice({ clusterId }: { clusterId: string }) {
  const interval = useRefreshInterval();
  // The legacy admin API (v0.6/v0.7) has no procedure manager endpoint: never asked there.
  const generation = useQuery(connectionQuery(clusterId)).data?.generation;
  const status = useQuery({
    ...procedureManagerQueries.status(clusterId),
    enabled: generation === 'sql',
    // A MetaSrv without the endpoint (404: every legacy version) will not grow one, so asking
    // again would only spend the idle tab's request budget.
    refetchInterval: (query) => (isMissingEndpoint(query.state.error) ? false : interval),
  });
  if (status.data !== 'paused') return null;
  return (
    <Alert color="red" variant="filled" title="Procedure manager paused" role="alert">
      This cluster reports its procedure manager paused: submitted migrations will not run until it
      is resumed (POST /admin/procedure-manager/resume on the MetaSrv leader).
    </Alert>
  );
}
