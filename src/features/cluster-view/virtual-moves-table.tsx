import type { ReactNode } from 'react';
import { Table } from '@mantine/core';
import {
  VIRTUAL_LIST_HEIGHT,
  VIRTUAL_ROW_HEIGHT,
  useVirtualTableRows,
} from '../../components/use-virtual-table-rows';

interface VirtualMovesTableProps<T extends { regionId: string }> {
  moves: readonly T[];
  label: string;
  /** The header cells, in column order. */
  headers: ReactNode;
  /** Cell padding above and below; rows keep VIRTUAL_ROW_HEIGHT. */
  verticalSpacing: number;
  /** `data-*` attributes of a move's row beyond its region id. */
  rowData?: (move: T) => Record<`data-${string}`, string>;
  /** A move's cells, in column order. */
  cells: (move: T, index: number) => ReactNode;
  testId?: string;
}

/**
 * A list of moves (a plan's, a run's) as a table virtualized on its rows: a drain of a big
 * datanode has thousands, and only the rows in view are in the DOM, between two spacer rows
 * that keep the scroll height of the rest.
 */
export function VirtualMovesTable<T extends { regionId: string }>({
  moves,
  label,
  headers,
  verticalSpacing,
  rowData,
  cells,
  testId,
}: VirtualMovesTableProps<T>) {
  const { scrollerRef, items, paddingTop, paddingBottom } = useVirtualTableRows(
    moves.length,
    (index) => moves[index]?.regionId ?? index,
  );
  return (
    <div
      ref={scrollerRef}
      style={{ maxHeight: VIRTUAL_LIST_HEIGHT, overflowY: 'auto' }}
      data-testid={testId}
    >
      <Table
        withTableBorder
        stickyHeader
        fz="xs"
        verticalSpacing={verticalSpacing}
        aria-label={label}
        aria-rowcount={moves.length + 1}
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>{headers}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
          {items.map((item) => {
            const move = moves[item.index];
            if (move === undefined) return null;
            return (
              <Table.Tr
                key={move.regionId}
                aria-rowindex={item.index + 2}
                data-region-id={move.regionId}
                {...rowData?.(move)}
                style={{ height: VIRTUAL_ROW_HEIGHT }}
              >
                {cells(move, item.index)}
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
        </Table.Tbody>
      </Table>
    </div>
  );
}
