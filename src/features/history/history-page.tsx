/**
 * Every migration submitted through this server, for one cluster, from the server's journal.
 * Exports (JSON, CSV) are made by the server from the same rows (domain/history-export.ts),
 * so the files match the page; the CSV neutralises formula-like cells.
 */
import { Alert, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { migrationsExportUrl } from '../../api/migrations-api';
import { formatDuration } from '../../components/format-duration';
import { historyRow } from '../../domain/history-export';
import { ApiErrorAlert } from '../errors/api-error-alert';
import { useRefreshInterval } from '../preferences/refresh-interval';
import {
  migrationPollInterval,
  trackedMigrationQueries,
} from '../migrations/tracked-migration-queries';

export function HistoryPage({ clusterId }: { clusterId: string }) {
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'all'),
    refetchInterval: migrationPollInterval(idleInterval),
  });
  const rows = (list.data?.migrations ?? []).map(historyRow);
  const hasStartedBy = rows.some((row) => row.startedBy !== null);

  return (
    <section aria-labelledby="history-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="history-title">
            Migration history of cluster {clusterId}
          </Title>
          <Group gap="xs">
            <Button
              component="a"
              href={migrationsExportUrl(clusterId, 'json')}
              download
              size="xs"
              variant="default"
            >
              Export JSON
            </Button>
            <Button
              component="a"
              href={migrationsExportUrl(clusterId, 'csv')}
              download
              size="xs"
              variant="default"
            >
              Export CSV
            </Button>
          </Group>
        </Group>
        {list.data?.isJournaled === false && (
          <Alert color="yellow" variant="light" title="Not saved to disk">
            This server could not open its journal (another server uses the same data directory), so
            this history lives in memory and ends with the server.
          </Alert>
        )}
        {list.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading the history…</Text>
          </Group>
        ) : list.isError && list.data === undefined ? (
          <ApiErrorAlert error={list.error} context="route" />
        ) : rows.length === 0 ? (
          <Text size="sm">
            No migrations have been submitted through this server yet. Open a table and click a
            region to migrate one.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped withTableBorder aria-label="Migration history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Time</Table.Th>
                  <Table.Th scope="col">Region</Table.Th>
                  <Table.Th scope="col">Table</Table.Th>
                  <Table.Th scope="col">From</Table.Th>
                  <Table.Th scope="col">To</Table.Th>
                  <Table.Th scope="col">Replay timeout</Table.Th>
                  <Table.Th scope="col">Procedure id</Table.Th>
                  <Table.Th scope="col">Outcome</Table.Th>
                  <Table.Th scope="col">Duration</Table.Th>
                  {hasStartedBy && <Table.Th scope="col">Started by</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id} data-outcome={row.outcome}>
                    <Table.Td>{new Date(row.submittedAt).toLocaleString()}</Table.Td>
                    <Table.Th scope="row" ff="monospace">
                      {row.regionId}
                    </Table.Th>
                    <Table.Td>{row.tableId}</Table.Td>
                    <Table.Td>{row.fromPeerId}</Table.Td>
                    <Table.Td>{row.toPeerId}</Table.Td>
                    <Table.Td>{row.replayTimeout}</Table.Td>
                    <Table.Td ff="monospace">{row.procedureId ?? '—'}</Table.Td>
                    <Table.Td>
                      {row.outcome}
                      {row.detail !== null && (
                        <Text size="xs" c="dimmed">
                          {row.detail}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {row.durationMs === null ? '—' : formatDuration(row.durationMs)}
                    </Table.Td>
                    {hasStartedBy && <Table.Td>{row.startedBy ?? '—'}</Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </section>
  );
}
