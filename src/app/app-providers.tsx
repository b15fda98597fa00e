import { Suspense, lazy, useState, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { planQueries } from '../features/cluster-view/plan-queries';
import { showLeaderChangedNotice } from '../features/leader/leader-changed-notice';
import { usePushEvents } from '../queries/use-push-events';
import { DEFAULT_COLOR_SCHEME, cssVariablesResolver, theme } from './theme';
import { createQueryClient } from './query-client';
import { readCspNonce, shareCspNonceWithScrollLock } from './csp-nonce';

shareCspNonceWithScrollLock();

// The container and its transitions are a chunk of their own: nothing on the first paint is a
// toast, and one shown earlier waits in Mantine's notifications store until the container mounts.
const NotificationsContainer = lazy(() =>
  import('./notifications-container').then((module) => ({
    default: module.NotificationsContainer,
  })),
);

interface AppProvidersProps {
  children: ReactNode;
  /** Tests pass their own client (no retries, isolated cache). */
  queryClient?: QueryClient;
}

export function AppProviders({ children, queryClient }: AppProvidersProps) {
  // One client per mounted app, created once: a new client per render would drop the cache.
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme={DEFAULT_COLOR_SCHEME}
      // The production CSP blocks <style> elements without the page's nonce.
      getStyleNonce={readCspNonce}
    >
      <Suspense fallback={null}>
        <NotificationsContainer />
      </Suspense>
      <QueryClientProvider client={client}>
        <PushEvents />
        {children}
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** The server's pushed events for whatever this tab shows (one stream per browser). */
function PushEvents() {
  const client = useQueryClient();
  usePushEvents({
    onLeaderChanged: showLeaderChangedNotice,
    onPlanProgress: (clusterId) => {
      void client.invalidateQueries({ queryKey: planQueries.all(clusterId) });
    },
  });
  return null;
}
