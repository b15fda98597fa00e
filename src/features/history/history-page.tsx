/**
 * The migration history of one cluster: the server's journal (migrations submitted through
 * this console) merged, on GreptimeDB v0.16+, with the cluster's own record of region moves
 * (`greptime_private.events`: manual moves from anywhere, the balancer's, failovers'), one row
 * per procedure (domain/merged-history.ts). Exports carry the same rows: the server's files
 * where only the journal exists, files built here from the merged rows otherwise; the CSV
 * neutralises formula-like cells either way. Below it, the repartitions: the splits and merges
 * submitted through this console merged with GreptimeDB's repartition events
 * (repartition-history.tsx).
 */
import type { ReactNode } from 'react';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { migrationsExportUrl } from '../../api/migrations-api';
import { historyRow, mergedHistoryJson } from '../../../contract/history-export';
import { mergeHistory } from '../../../contract/merged-history';
import { EVENTS_ROW_LIMIT } from '../../../contract/sql-contract';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import {
  migrationPollInterval,
  trackedMigrationQueries,
} from '../../queries/tracked-migration-queries';
import { dataExportLink, type ExportFormat } from './export-link';
import { historyQueries } from './history-queries';
import { HistoryTable } from './history-table';
import { mergedHistoryCsv } from './merged-history-csv';
import { RepartitionHistory } from './repartition-history';

interface HistoryPageProps {
  clusterId: string;
  renderTableLink?: (tableId: string) => ReactNode;
}

export function HistoryPage({ clusterId, renderTableLink }: HistoryPageProps) {
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'all'),
    refetchInterval: migrationPollInterval(idleInterval),
  });
  const events = useQuery({ ...historyQueries.events(clusterId), refetchInterval: idleInterval });
  const clusterEvents = events.data?.isSupported === true ? events.data.events : null;
  const rows = mergeHistory((list.data?.migrations ?? []).map(historyRow), clusterEvents ?? []);
  // Merged files need the events; without them the server's journal files say the same.
  const exportHref = (format: ExportFormat) =>
    clusterEvents === null
      ? { href: migrationsExportUrl(clusterId, format), download: true }
      : dataExportLink(
          'migrations',
          clusterId,
          format,
          format === 'csv' ? mergedHistoryCsv(rows) : mergedHistoryJson(clusterId, rows),
        );

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
          <HistoryTable rows={rows} renderTableLink={renderTableLink} />
        )}
        <RepartitionHistory clusterId={clusterId} renderTableLink={renderTableLink} />
      </Stack>
    </section>
  );
}
