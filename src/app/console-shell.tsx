/**
 * What wraps the dashboard in a real deployment: the session (login page when token auth
 * wants one, read-only mode) and the configured clusters (a switcher; the chosen cluster's id
 * is app state, and App is remounted per cluster so nothing of one cluster leaks into another).
 */
import { useState } from 'react';
import { Center, Container, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { CanMutateProvider } from '../components/permissions';
import { LoginPage } from '../features/auth/login-page';
import { SessionBar } from '../features/auth/session-bar';
import { sessionQueries } from '../features/auth/session-queries';
import { clusterQueries } from '../features/clusters/cluster-queries';
import {
  initialClusterId,
  lastTableId,
  rememberCluster,
  rememberTableId,
} from '../features/clusters/cluster-settings';
import { ClusterSwitcher } from '../features/clusters/cluster-switcher';
import { ApiErrorAlert } from '../errors/api-error-alert';
import { App } from './app';

function Loading() {
  return (
    <Center py={80}>
      <Loader aria-label="Loading the console" />
    </Center>
  );
}

export function ConsoleShell() {
  const sessionQuery = useQuery(sessionQueries.current());
  const session = sessionQuery.data;
  const isSignedOut = session?.auth === 'token' && session.user === null;
  const clustersQuery = useQuery({
    ...clusterQueries.list(),
    enabled: session !== undefined && !isSignedOut,
  });
  const [chosenClusterId, setChosenClusterId] = useState<string | null>(null);

  const failure = sessionQuery.error ?? clustersQuery.error;
  if (failure !== null) {
    return (
      <Container size="sm" py={40}>
        <ApiErrorAlert error={failure} context="route" />
      </Container>
    );
  }
  if (session === undefined) return <Loading />;
  if (isSignedOut) return <LoginPage />;
  const clusters = clustersQuery.data?.clusters;
  if (clusters === undefined) return <Loading />;

  const ids = clusters.map((cluster) => cluster.id);
  const clusterId =
    chosenClusterId !== null && ids.includes(chosenClusterId)
      ? chosenClusterId
      : initialClusterId(ids);
  if (clusterId === null) return <Loading />;
  const isEmulated = clusters.find((cluster) => cluster.id === clusterId)?.isEmulated ?? false;

  return (
    <CanMutateProvider value={!session.readOnly}>
      <App
        key={clusterId}
        clusterId={clusterId}
        isEmulated={isEmulated}
        initialTableId={lastTableId(clusterId)}
        onTableOpened={(tableId) => {
          rememberTableId(clusterId, tableId);
        }}
        clusterControl={
          <ClusterSwitcher
            clusters={clusters}
            clusterId={clusterId}
            onChange={(next) => {
              rememberCluster(next);
              setChosenClusterId(next);
            }}
          />
        }
        sessionControl={<SessionBar session={session} />}
      />
    </CanMutateProvider>
  );
}
