/**
 * What wraps the dashboard in a real deployment: the session (login page when token auth
 * wants one, read-only mode) and the configured clusters, read before the router starts
 * because every route names its cluster (router.tsx). The URL holds which cluster is shown.
 */
import { Suspense, lazy, useState } from 'react';
import { Center, Container, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import type { ClusterSummary } from '../../contract/api-contract';
import { CanMutateProvider } from '../components/permissions';
import { sessionQueries } from '../features/auth/session-queries';
import { clusterQueries } from '../features/clusters/cluster-queries';
import { ApiErrorAlert } from '../errors/api-error-alert';
import { createAppRouter } from './router';

// Only token auth ever shows it, so it is not part of the first page.
const LoginPage = lazy(() =>
  import('../features/auth/login-page').then((module) => ({ default: module.LoginPage })),
);

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

  const failure = sessionQuery.error ?? clustersQuery.error;
  if (failure !== null) {
    return (
      <Container size="sm" py={40}>
        <ApiErrorAlert error={failure} context="route" />
      </Container>
    );
  }
  if (session === undefined) return <Loading />;
  if (isSignedOut) {
    return (
      <Suspense fallback={<Loading />}>
        <LoginPage />
      </Suspense>
    );
  }
  const clusters = clustersQuery.data?.clusters;
  if (clusters === undefined) return <Loading />;

  return (
    <CanMutateProvider value={!session.readOnly}>
      <ConsoleRouter clusters={clusters} />
    </CanMutateProvider>
  );
}

/** One router for the page's lifetime: the cluster list is fixed while the server runs. */
function ConsoleRouter({ clusters }: { clusters: readonly ClusterSummary[] }) {
  const queryClient = useQueryClient();
  const [router] = useState(() =>
    createAppRouter(
      clusters.map((cluster) => cluster.id),
      queryClient,
    ),
  );
  return <RouterProvider router={router} />;
}
