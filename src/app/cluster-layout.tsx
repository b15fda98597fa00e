/**
 * The shell around every page of one cluster. The cluster in the URL is the cluster shown:
 * App is keyed by it, so switching clusters remounts everything below and no state of one
 * cluster leaks into another.
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Outlet, getRouteApi, useNavigate } from '@tanstack/react-router';
import { SessionBar } from '../features/auth/session-bar';
import { sessionQueries } from '../features/auth/session-queries';
import { clusterQueries } from '../features/clusters/cluster-queries';
import { useRememberCluster } from '../features/clusters/cluster-settings';
import { ClusterSwitcher } from '../features/clusters/cluster-switcher';
import { App } from './app';
import { preloadTablePageWhenIdle } from './routes/lazy-pages';

const clusterRouteApi = getRouteApi('/c/$cluster');

export function ClusterLayout() {
  const { cluster } = clusterRouteApi.useParams();
  const navigate = useNavigate();
  // Both were read before the router started (ConsoleShell); here they come from the cache.
  const clusters = useQuery(clusterQueries.list()).data?.clusters ?? [];
  const session = useQuery(sessionQueries.current()).data;
  useRememberCluster(cluster);
  useEffect(preloadTablePageWhenIdle, []);

  return (
    <App
      key={cluster}
      clusterId={cluster}
      isEmulated={clusters.find((c) => c.id === cluster)?.isEmulated ?? false}
      clusterControl={
        <ClusterSwitcher
          clusters={clusters}
          clusterId={cluster}
          onChange={(next) => {
            void navigate({ to: '/c/$cluster/', params: { cluster: next } });
          }}
        />
      }
      sessionControl={session === undefined ? null : <SessionBar session={session} />}
    >
      <Outlet />
    </App>
  );
}
