import { useState } from 'react';
import { Container, Group, Stack, Text, Title } from '@mantine/core';
import { DEFAULT_CLUSTER_ID } from '../domain/api-contract';
import { PanelErrorBoundary } from '../components/panel-error-boundary';
import { LeaderHeader } from '../features/leader/leader-header';
import { TablePicker } from '../features/table-picker/table-picker';
import { RoutePanel } from '../features/region-grid/route-panel';
import classes from './app.module.css';

/** The shell: the only module that knows every feature. One cluster (`default`) for now. */
export function App() {
  const clusterId = DEFAULT_CLUSTER_ID;
  const [tableId, setTableId] = useState<string | null>(null);

  return (
    <div className={classes.page}>
      <header className={classes.header}>
        <Container size="xl">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
            <Stack gap={0}>
              <Title order={1} size="h3">
                Greptime Region Console
              </Title>
              <Text size="sm" c="dimmed">
                Cluster{' '}
                <Text span ff="monospace">
                  {clusterId}
                </Text>
              </Text>
            </Stack>
            <PanelErrorBoundary panelName="MetaSrv leader">
              <LeaderHeader clusterId={clusterId} />
            </PanelErrorBoundary>
          </Group>
        </Container>
      </header>
      <main className={classes.main}>
        <Container size="xl">
          <Stack gap="lg">
            <PanelErrorBoundary panelName="table picker">
              <TablePicker openedTableId={tableId} onOpenTable={setTableId} />
            </PanelErrorBoundary>
            {tableId !== null && (
              <PanelErrorBoundary key={tableId} panelName="region grid">
                <RoutePanel clusterId={clusterId} tableId={tableId} onOpenTable={setTableId} />
              </PanelErrorBoundary>
            )}
          </Stack>
        </Container>
      </main>
    </div>
  );
}
