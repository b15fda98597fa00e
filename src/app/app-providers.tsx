import { useState, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { DEFAULT_COLOR_SCHEME, theme } from './theme';
import { createQueryClient } from './query-client';
import { readCspNonce, shareCspNonceWithScrollLock } from './csp-nonce';

shareCspNonceWithScrollLock();

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
      defaultColorScheme={DEFAULT_COLOR_SCHEME}
      // The production CSP blocks <style> elements without the page's nonce.
      getStyleNonce={readCspNonce}
    >
      <Notifications position="top-right" limit={3} />
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
