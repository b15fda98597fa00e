/**
 * The migration history of one cluster: the server's journal (migrations submitted through
 * this console) merged, on GreptimeDB v0.16+, with the cluster's own record of region moves
 * (`greptime_private.events`: manual moves from anywhere, the balancer's, failovers'), one row
 * per procedure (domain/merged-history.ts). Exports carry the same rows: the server's files
 * where only the journal exists, files built here from the merged rows otherwise; the CSV
 * neutralises formula-like cells either way.
 */
import { Alert, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { migrationsExportUrl } from '../../api/migrations-api';
import { formatDuration } from '../../components/format-duration';
import { historyRow, mergedHistoryCsv, mergedHistoryJson } from '../../domain/history-export';
import {
  mergeHistory,
  nanosToIso,
  nanosToMs,
  type MergedHistoryRow,
} from '../../domain/merged-history';
import { EVENTS_ROW_LIMIT } from '../../domain/sql-path-contract';
import { ApiErrorAlert } from '../errors/api-error-alert';
import { useRefreshInterval } from '../preferences/refresh-interval';
import {
  migrationPollInterval,
  trackedMigrationQueries,
} from '../migrations/tracked-migration-queries';
import { historyQueries } from './history-queries';

/** Exact timestamps read as one token. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Who or what started the move, in words. */
function triggerText(row: MergedHistoryRow): string {
  switch (row.source) {
    case 'console':
      return 'this console';
    case 'console+cluster':
      return `${row.trigger ?? 'Manual'} · this console`;
    case 'cluster':
      return row.trigger === 'Manual' ? 'Manual (outside this console)' : (row.trigger ?? '—');
  }
}

function dataUrl(type: string, text: string): string {
  return `data:${type};charset=utf-8,${encodeURIComponent(text)}`;
}

function exportName(clusterId: string, format: 'csv' | 'json'): string {
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');
  return `migrations-${clusterId}-${stamp}.${format}`;
}

export function HistoryPage({ clusterId }: { clusterId: string }) {
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'all'),
    refetchInterval: migrationPollInterval(idleInterval),
  });
  const events = useQuery({ ...historyQueries.events(clusterId), refetchInterval: idleInterval });
  const clusterEvents = events.data?.isSupported === true ? events.data.events : null;
  const rows = mergeHistory((list.data?.migrations ?? []).map(historyRow), clusterEvents ?? []);
  const hasStartedBy = rows.some((row) => row.startedBy !== null);
  // Merged files need the events; without them the server's journal files say the same.
  const exportHref = (format: 'csv' | 'json') =>
    clusterEvents === null
      ? { href: migrationsExportUrl(clusterId, format), download: true }
      : {
          href:
            format === 'csv'
              ? dataUrl('text/csv', mergedHistoryCsv(rows))
              : dataUrl('application/json', mergedHistoryJson(clusterId, rows)),
          download: exportName(clusterId, format),
        };

  return (
    <section aria-labelledby="history-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="history-title">
            Migration history of cluster {clusterId}
          </Title>
          <Group gap="xs">
            <Button component="a" {...exportHref('json')} size="xs" variant="default">
              Export JSON
            </Button>
            <Button component="a" {...exportHref('csv')} size="xs" variant="default">
              Export CSV
            </Button>
          </Group>
        </Group>
        {events.data?.isSupported === false && (
          <Text size="sm" c="dimmed" data-testid="events-unavailable">
            Only migrations submitted through this console are listed. Cluster-wide events are not
            available: {events.data.reason}
          </Text>
        )}
        {events.data?.isSupported === true && (
          <Text size="sm" c="dimmed" data-testid="events-available">
            Migrations submitted through this console, merged with every region move the cluster
            recorded in greptime_private.events (manual ones from anywhere, the balancer’s and
            failovers’). The cluster writes events in batches about every 5 s.
            {events.data.events.length >= EVENTS_ROW_LIMIT &&
              ` Only its newest ${EVENTS_ROW_LIMIT} events are read.`}
          </Text>
        )}
        {events.isError && (
          <ApiErrorAlert error={events.error} context="route">
            <Text size="sm">
              greptime_private.events could not be read, so only this console’s own migrations are
              listed.
            </Text>
          </ApiErrorAlert>
        )}
        {list.data?.isJournaled === false && (
          <Alert color="yellow" variant="light" title="Not saved to disk">
            This server could not open its journal (another server uses the same data directory), so
            this history lives in memory and ends with the server.
          </Alert>
        )}
        {list.isPending || events.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading the history…</Text>
          </Group>
        ) : list.isError && list.data === undefined ? (
          <ApiErrorAlert error={list.error} context="route" />
        ) : rows.length === 0 ? (
          <Text size="sm">
            No migrations yet{clusterEvents === null ? ' through this server' : ''}. Open a table
            and click a region to migrate one.
          </Text>
        ) : (
          <HistoryTable rows={rows} hasStartedBy={hasStartedBy} />
        )}
      </Stack>
    </section>
  );
}

function HistoryTable({
  rows,
  hasStartedBy,
}: {
  rows: readonly MergedHistoryRow[];
  hasStartedBy: boolean;
}) {
  const hasSteps = rows.some((row) => row.steps.length > 0);
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped withTableBorder aria-label="Migration history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Time</Table.Th>
            <Table.Th scope="col">Region</Table.Th>
            <Table.Th scope="col">Table</Table.Th>
            <Table.Th scope="col">From</Table.Th>
            <Table.Th scope="col">To</Table.Th>
            <Table.Th scope="col">Timeout</Table.Th>
            <Table.Th scope="col">Triggered by</Table.Th>
            <Table.Th scope="col">Procedure id</Table.Th>
            {hasSteps && <Table.Th scope="col">Event states</Table.Th>}
            <Table.Th scope="col">Outcome</Table.Th>
            <Table.Th scope="col">Duration</Table.Th>
            {hasStartedBy && <Table.Th scope="col">Started by</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-source={row.source}>
              <Table.Td>
                {new Date(nanosToMs(row.timeNs)).toLocaleString()}
                {row.source === 'cluster' && (
                  <Text size="xs" c="dimmed" ff="monospace" style={NO_WRAP}>
                    {nanosToIso(row.timeNs)}
                  </Text>
                )}
              </Table.Td>
              <Table.Th scope="row" ff="monospace">
                {row.regionIds.join(', ') || '—'}
              </Table.Th>
              <Table.Td>{row.tableId ?? '—'}</Table.Td>
              <Table.Td>{row.fromPeerId ?? '—'}</Table.Td>
              <Table.Td>{row.toPeerId ?? '—'}</Table.Td>
              <Table.Td>{row.timeout ?? '—'}</Table.Td>
              <Table.Td>{triggerText(row)}</Table.Td>
              <Table.Td ff="monospace">{row.procedureId ?? '—'}</Table.Td>
              {hasSteps && (
                <Table.Td>
                  {row.steps.length === 0 ? (
                    '—'
                  ) : (
                    <Stack gap={0} data-testid="event-states">
                      {row.steps.map((step) => (
                        <Text key={`${step.state}-${step.timestampNs}`} size="xs">
                          <Text span fw={600} size="xs">
                            {step.state}
                          </Text>{' '}
                          <Text span ff="monospace" size="xs" c="dimmed" style={NO_WRAP}>
                            {nanosToIso(step.timestampNs)}
                          </Text>
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
              )}
              <Table.Td>
                {row.outcome}
                {row.detail !== null && (
                  <Text size="xs" c="dimmed">
                    {row.detail}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{row.durationMs === null ? '—' : formatDuration(row.durationMs)}</Table.Td>
              {hasStartedBy && <Table.Td>{row.startedBy ?? '—'}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
