/**
 * The splits and merges submitted through this console (issue 17), from the server's records:
 * kind, table, the exact statement, procedure id, outcome with GreptimeDB's text, who and when.
 * Polled every second while one runs. GreptimeDB's own `repartition` events (v1.2) are not
 * merged in: the server reads only `region_migration` events (contract/sql/statements.ts).
 */
import type { ReactNode } from 'react';
import { Code, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import {
  repartitionPollInterval,
  repartitionQueries,
  useRepartitionSupport,
} from '../../queries/repartition-queries';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** The outcome in one word, and GreptimeDB's text where it gave one. */
export function repartitionOutcome(record: TrackedRepartition): {
  word: string;
  detail: string | null;
} {
  const outcome = record.outcome;
  if (outcome === null) {
    return { word: record.phase === 'submitting' ? 'submitting' : 'running', detail: null };
  }
  switch (outcome.kind) {
    case 'done':
      return { word: 'done', detail: null };
    case 'failed':
      return { word: 'failed', detail: outcome.reason };
    case 'timed-out':
      return {
        word: outcome.byProcedure ? 'timed out' : 'timed out (may still end)',
        detail: outcome.message,
      };
    case 'refused':
      return {
        word: 'refused',
        detail: `HTTP ${String(outcome.httpStatus)}${outcome.code === null ? '' : `, code ${String(outcome.code)}`}: ${outcome.message}`,
      };
    case 'not-submitted':
      return { word: 'not submitted', detail: outcome.message };
  }
}

interface RepartitionHistoryProps {
  clusterId: string;
  renderTableLink?: ((tableId: string) => ReactNode) | undefined;
}

export function RepartitionHistory({ clusterId, renderTableLink }: RepartitionHistoryProps) {
  const support = useRepartitionSupport(clusterId);
  const list = useQuery({
    ...repartitionQueries.list(clusterId),
    refetchInterval: repartitionPollInterval(useRefreshInterval()),
    enabled: support.kind === 'supported',
  });
  if (support.kind !== 'supported') return null;
  const records = list.data?.repartitions ?? [];

  return (
    <section aria-labelledby="repartition-history-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="repartition-history-title">
          Repartitions
        </Title>
        <Text size="sm" c="dimmed">
          Splits and merges submitted through this console. GreptimeDB’s own repartition events are
          not listed here.
        </Text>
        {list.isError && list.data === undefined ? (
          <ApiErrorAlert error={list.error} context="route" />
        ) : list.isPending ? (
          <Text size="sm" role="status">
            Reading the repartitions…
          </Text>
        ) : records.length === 0 ? (
          <Text size="sm">No splits or merges yet through this server.</Text>
        ) : (
          <Table.ScrollContainer minWidth={1000}>
            <Table striped withTableBorder aria-label="Repartition history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Time</Table.Th>
                  <Table.Th scope="col">Kind</Table.Th>
                  <Table.Th scope="col">Table</Table.Th>
                  <Table.Th scope="col">Statement</Table.Th>
                  <Table.Th scope="col">Procedure id</Table.Th>
                  <Table.Th scope="col">Outcome</Table.Th>
                  <Table.Th scope="col">Started by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {records.map((record) => {
                  const { word, detail } = repartitionOutcome(record);
                  const tableId = String(record.table.tableId);
                  return (
                    <Table.Tr key={record.id} data-outcome={record.outcome?.kind ?? record.phase}>
                      <Table.Td style={NO_WRAP}>
                        {new Date(record.submittedAtMs).toLocaleString()}
                      </Table.Td>
                      <Table.Th scope="row">{record.kind}</Table.Th>
                      <Table.Td>
                        {record.table.schema}.{record.table.name} (
                        {renderTableLink?.(tableId) ?? tableId})
                      </Table.Td>
                      <Table.Td>
                        <Code fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                          {record.statement}
                        </Code>
                      </Table.Td>
                      <Table.Td ff="monospace" fz="xs" style={NO_WRAP}>
                        {record.procedureId ?? '—'}
                      </Table.Td>
                      <Table.Td>
                        {word}
                        {detail !== null && (
                          <Text size="xs" c="dimmed">
                            {detail}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{record.startedBy ?? '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </section>
  );
}
