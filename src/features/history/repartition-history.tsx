/**
 * The repartitions of one cluster (issue 17): the splits and merges submitted through this
 * console (the server's records: kind, table, the exact statement, procedure id, outcome with
 * GreptimeDB's text, who and when), merged on GreptimeDB v1.2+ with the cluster's own record
 * (`repartition` / `repartition_group` rows of greptime_private.events, API.md §6.3, §7.6), one
 * row per procedure (contract/repartition/repartition-history.ts). A repartition the console
 * did not submit is listed as "outside this console" with what the events record: procedure id,
 * table, partitions before and after, regions, state, time, database user. The exports carry the
 * same rows. The records are polled every second while one runs, the events at the refresh
 * interval.
 */
import type { ReactNode } from 'react';
import { Button, Group, Stack, Table, Text, Title, Code } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import {
  repartitionPollInterval,
  repartitionQueries,
  useRepartitionSupport,
} from '../../queries/repartition-queries';
import { nanosToIso, nanosToMs } from '../../../contract/merged-history';
import {
  mergeRepartitionHistory,
  repartitionActor,
  repartitionHistoryJson,
  repartitionTableText,
  type RepartitionHistoryRow,
} from '../../../contract/repartition/repartition-history';
import { EVENTS_ROW_LIMIT } from '../../../contract/sql-contract';
import { ProcedureCells } from './procedure-cells';
import { dataExportLink, type ExportFormat } from './export-link';
import { repartitionHistoryCsv } from './merged-history-csv';

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const WRAP_ANYWHERE = { whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;
/** Expressions and statements stay readable: their columns do not shrink below this. */
const PARTITIONS_MIN_WIDTH = { minWidth: 220 } as const;
const STATEMENT_MIN_WIDTH = { minWidth: 320 } as const;

function Partitions({ label, values }: { label: string; values: string[] | null }) {
  return (
    <Text size="xs" style={WRAP_ANYWHERE}>
      <Text span size="xs" c="dimmed">
        {label}{' '}
      </Text>
      {values === null ? 'not recorded' : values.join('; ') || '—'}
    </Text>
  );
}

interface RowProps {
  row: RepartitionHistoryRow;
  hasSteps: boolean;
  renderTableLink?: ((tableId: string) => ReactNode) | undefined;
}

function RepartitionRow({ row, hasSteps, renderTableLink }: RowProps) {
  const tableId = row.tableId === null ? null : String(row.tableId);
  return (
    <Table.Tr data-source={row.source} data-procedure-id={row.procedureId ?? undefined}>
      <Table.Td style={NO_WRAP}>
        {new Date(nanosToMs(row.timeNs)).toLocaleString()}
        {row.source === 'cluster' && (
          <Text size="xs" c="dimmed" ff="monospace">
            {nanosToIso(row.timeNs)}
          </Text>
        )}
      </Table.Td>
      <Table.Th scope="row">{row.kind}</Table.Th>
      <Table.Td>
        {repartitionTableText(row)}
        {tableId !== null && <> ({renderTableLink?.(tableId) ?? tableId})</>}
      </Table.Td>
      <Table.Td>
        <Stack gap={2} data-testid="partitions">
          <Partitions label="from" values={row.fromPartitions} />
          <Partitions label="to" values={row.toPartitions} />
          {row.hasUnreadPayload && (
            <Text size="xs" c="dimmed">
              The cluster recorded a payload version this console does not read (API.md documents
              version 2).
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td ff="monospace" fz="xs">
        {row.sourceRegionIds.length === 0 && row.targetRegionIds.length === 0
          ? '—'
          : `${row.sourceRegionIds.join(', ') || '?'} → ${row.targetRegionIds.join(', ') || '?'}`}
      </Table.Td>
      <Table.Td>
        {row.statement === null ? (
          '—'
        ) : (
          <Code fz="xs" style={WRAP_ANYWHERE}>
            {row.statement}
          </Code>
        )}
      </Table.Td>
      <ProcedureCells row={row} hasSteps={hasSteps} />
      <Table.Td data-testid="started-by">{repartitionActor(row)}</Table.Td>
    </Table.Tr>
  );
}

interface RepartitionHistoryProps {
  clusterId: string;
  renderTableLink?: ((tableId: string) => ReactNode) | undefined;
}

export function RepartitionHistory({ clusterId, renderTableLink }: RepartitionHistoryProps) {
  const support = useRepartitionSupport(clusterId);
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...repartitionQueries.list(clusterId),
    refetchInterval: repartitionPollInterval(idleInterval),
    enabled: support.kind === 'supported',
  });
  const hasEvents = support.kind === 'supported' && support.facts.writesEvents;
  const events = useQuery({
    ...repartitionQueries.events(clusterId),
    refetchInterval: idleInterval,
    enabled: hasEvents,
  });
  if (support.kind !== 'supported') return null;
  const clusterEvents = hasEvents ? (events.data ?? []) : [];
  const rows = mergeRepartitionHistory(list.data?.repartitions ?? [], clusterEvents);
  const hasSteps = rows.some((row) => row.steps.length > 0);
  const exportLink = (format: ExportFormat) =>
    dataExportLink(
      'repartitions',
      clusterId,
      format,
      format === 'csv' ? repartitionHistoryCsv(rows) : repartitionHistoryJson(clusterId, rows),
    );

  return (
    <section aria-labelledby="repartition-history-title">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5" id="repartition-history-title">
            Repartitions
          </Title>
          <Group gap="xs">
            <Button component="a" {...exportLink('json')} size="xs" variant="default">
              Export repartitions JSON
            </Button>
            <Button component="a" {...exportLink('csv')} size="xs" variant="default">
              Export repartitions CSV
            </Button>
          </Group>
        </Group>
        {hasEvents ? (
          <Text size="sm" c="dimmed" data-testid="repartition-events-available">
            Splits and merges submitted through this console, merged with every repartition the
            cluster recorded in greptime_private.events, including those made outside this console.
            The cluster writes events in batches about every 5 s.
            {clusterEvents.length >= EVENTS_ROW_LIMIT &&
              ` Only its newest ${String(EVENTS_ROW_LIMIT)} repartition events are read.`}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" data-testid="repartition-events-unavailable">
            Splits and merges submitted through this console. GreptimeDB {support.version.text}{' '}
            records no repartition events (greptime_private.events has them from v1.2), so
            repartitions made outside this console are not listed.
          </Text>
        )}
        {events.isError && (
          <ApiErrorAlert error={events.error} context="route">
            <Text size="sm">
              greptime_private.events could not be read, so only this console’s own repartitions are
              listed.
            </Text>
          </ApiErrorAlert>
        )}
        {list.isError && list.data === undefined ? (
          <ApiErrorAlert error={list.error} context="route" />
        ) : list.isPending || (hasEvents && events.isPending) ? (
          <Text size="sm" role="status">
            Reading the repartitions…
          </Text>
        ) : rows.length === 0 ? (
          <Text size="sm">No splits or merges yet{hasEvents ? '' : ' through this server'}.</Text>
        ) : (
          <Table.ScrollContainer minWidth={1600}>
            <Table striped withTableBorder aria-label="Repartition history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Time</Table.Th>
                  <Table.Th scope="col">Kind</Table.Th>
                  <Table.Th scope="col">Table</Table.Th>
                  <Table.Th scope="col" style={PARTITIONS_MIN_WIDTH}>
                    Partitions
                  </Table.Th>
                  <Table.Th scope="col">Regions</Table.Th>
                  <Table.Th scope="col" style={STATEMENT_MIN_WIDTH}>
                    Statement
                  </Table.Th>
                  <Table.Th scope="col">Procedure id</Table.Th>
                  {hasSteps && <Table.Th scope="col">Event states</Table.Th>}
                  <Table.Th scope="col">Outcome</Table.Th>
                  <Table.Th scope="col">Duration</Table.Th>
                  <Table.Th scope="col">Started by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <RepartitionRow
                    key={row.key}
                    row={row}
                    hasSteps={hasSteps}
                    renderTableLink={renderTableLink}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </section>
  );
}
