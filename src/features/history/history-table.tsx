/**
 * The history's rows as a table, a page at a time: a plan run of thousands of moves leaves
 * thousands of rows, and one table of them all would be slow to render and to read.
 */
import { useState, type ReactNode } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { formatCount } from '../../components/format-count';
import { nanosToIso, nanosToMs, type MergedHistoryRow } from '../../../contract/merged-history';
import { mergedActor } from '../../../contract/history-export';
import { ProcedureCells } from './procedure-cells';

export const PAGE_SIZE = 50;

/** Exact timestamps and procedure ids read as one token. */
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

interface HistoryTableProps {
  rows: readonly MergedHistoryRow[];
  /** A link that opens the table (the app knows the routes); plain text without it. */
  renderTableLink?: ((tableId: string) => ReactNode) | undefined;
}

export function HistoryTable({ rows, renderTableLink }: HistoryTableProps) {
  const [page, setPage] = useState(0);
  const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  // A refresh can shorten the list under an open page: stay on the last one there is.
  const current = Math.min(page, pageCount - 1);
  const first = current * PAGE_SIZE;
  const shown = rows.slice(first, first + PAGE_SIZE);
  const hasSteps = shown.some((row) => row.steps.length > 0);
  return (
    <Stack gap="xs">
      {pageCount > 1 && (
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="default"
            disabled={current === 0}
            onClick={() => {
              setPage(current - 1);
            }}
          >
            Newer
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            disabled={current === pageCount - 1}
            onClick={() => {
              setPage(current + 1);
            }}
          >
            Older
          </Button>
          <Text size="sm" role="status">
            Rows {formatCount(first + 1)}–{formatCount(first + shown.length)} of{' '}
            {formatCount(rows.length)}, newest first
          </Text>
        </Group>
      )}
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
              <Table.Th scope="col">Actor</Table.Th>
              <Table.Th scope="col">Plan run</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => (
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
                <Table.Td>
                  {row.tableId === null
                    ? '—'
                    : (renderTableLink?.(String(row.tableId)) ?? row.tableId)}
                </Table.Td>
                <Table.Td>{row.fromPeerId ?? '—'}</Table.Td>
                <Table.Td>{row.toPeerId ?? '—'}</Table.Td>
                <Table.Td>{row.timeout ?? '—'}</Table.Td>
                <Table.Td>{triggerText(row)}</Table.Td>
                <ProcedureCells row={row} hasSteps={hasSteps} />
                <Table.Td data-testid="actor">{mergedActor(row)}</Table.Td>
                <Table.Td ff="monospace" fz="xs" style={NO_WRAP}>
                  {row.planRunId ?? '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
