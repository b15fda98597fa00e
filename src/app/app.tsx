import { Suspense, lazy, type ReactNode } from 'react';
import { Badge, Container, Group, Stack, Title } from '@mantine/core';
import { PanelErrorBoundary } from '../components/panel-error-boundary';
import { ConnectionBadge } from '../features/connection/connection-badge';
import { LeaderHeader } from '../features/leader/leader-header';
import { RefreshIntervalProvider } from '../preferences/refresh-interval';
import { WeightingProvider } from '../preferences/weighting';
import { useDocumentTitle } from './document-title';
import { HeaderControls, ProcedureManagerNotice } from './header-controls';
import { useShownPage } from './shown-page';
import classes from './app.module.css';

interface AppProps {
  /** The cluster shown, from the URL (ClusterLayout remounts App when it changes). */
  clusterId: string;
  /** Cluster switcher and session bar. */
  clusterControl: ReactNode;
  sessionControl: ReactNode;
  /** The console server started this cluster itself (its embedded emulator): say so. */
  isEmulated?: boolean;
  /** The page the router shows. */
  children: ReactNode;
}

// The tray (tracked migrations, retry, their dialogs) is its own chunk: the first page shows
// without it, and it appears once loaded.
const MigrationsTray = lazy(() =>
  import('../features/migrate/migrations-tray').then((module) => ({
    default: module.MigrationsTray,
  })),
);

/** The shell: the only module that knows every feature. */
export function App({
  clusterId,
  clusterControl,
  sessionControl,
  isEmulated = false,
  children,
}: AppProps) {
  const page = useShownPage();
  useDocumentTitle(clusterId, page);
  return (
    <RefreshIntervalProvider>
      <WeightingProvider>
        <div className={classes.page}>
          <header className={classes.header}>
            <Container size="xl">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
                <Stack gap={0}>
                  <Group gap="xs" align="center">
                    <Title order={1} size="h3">
                      Greptime Region Console
                    </Title>
                    {isEmulated && (
                      <Badge variant="light" color="grape" size="lg" tt="none">
                        Emulated demo cluster
                      </Badge>
                    )}
                  </Group>
                  {clusterControl}
                  {sessionControl}
                </Stack>
                <HeaderControls clusterId={clusterId} page={page} />
                <PanelErrorBoundary panelName="API generation">
                  <ConnectionBadge clusterId={clusterId} />
                </PanelErrorBoundary>
                <PanelErrorBoundary panelName="MetaSrv leader">
                  <LeaderHeader clusterId={clusterId} />
                </PanelErrorBoundary>
              </Group>
              <ProcedureManagerNotice clusterId={clusterId} />
            </Container>
          </header>
          <main className={classes.main}>
            <Container size="xl">{children}</Container>
          </main>
          <PanelErrorBoundary panelName="migrations tray">
            <Suspense fallback={null}>
              <MigrationsTray clusterId={clusterId} />
            </Suspense>
          </PanelErrorBoundary>
        </div>
      </WeightingProvider>
    </RefreshIntervalProvider>
  );
}
