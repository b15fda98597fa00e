import type { ReactNode } from 'react';
import { Badge, Container, Group, Stack, Text, Title } from '@mantine/core';
import { DEFAULT_CLUSTER_ID } from '../../contract/api-contract';
import { PanelErrorBoundary } from '../components/panel-error-boundary';
import { ConnectionBadge } from '../features/connection/connection-badge';
import { LeaderHeader } from '../features/leader/leader-header';
import { MigrationsTray } from '../features/migrate/migrations-tray';
import { RefreshIntervalProvider } from '../preferences/refresh-interval';
import { useDocumentTitle } from './document-title';
import { HeaderControls, ProcedureManagerNotice } from './header-controls';
import { useUrlState } from './url-state';
import { Workspace } from './workspace';
import classes from './app.module.css';

interface AppProps {
  /** The cluster shown; ConsoleShell sets it (and remounts App when it changes). */
  clusterId?: string;
  /** Cluster switcher and session bar, from ConsoleShell; tests render App alone. */
  clusterControl?: ReactNode;
  sessionControl?: ReactNode;
  /** The table this cluster showed last (kept per cluster). */
  initialTableId?: string | null;
  onTableOpened?: (tableId: string | null) => void;
  /** The console server started this cluster itself (its embedded emulator): say so. */
  isEmulated?: boolean;
}

/** The shell: the only module that knows every feature. */
export function App({
  clusterId = DEFAULT_CLUSTER_ID,
  clusterControl,
  sessionControl,
  initialTableId = null,
  onTableOpened,
  isEmulated = false,
}: AppProps) {
  useDocumentTitle(clusterId, useUrlState());
  return (
    <RefreshIntervalProvider>
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
                {clusterControl ?? (
                  <Text size="sm" c="dimmed">
                    Cluster{' '}
                    <Text span ff="monospace">
                      {clusterId}
                    </Text>
                  </Text>
                )}
                {sessionControl}
              </Stack>
              <HeaderControls />
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
          <Container size="xl">
            <Workspace
              clusterId={clusterId}
              initialTableId={initialTableId}
              onTableOpened={onTableOpened}
            />
          </Container>
        </main>
        <PanelErrorBoundary panelName="migrations tray">
          <MigrationsTray clusterId={clusterId} />
        </PanelErrorBoundary>
      </div>
    </RefreshIntervalProvider>
  );
}
