import { CloseButton, NativeSelect, Table } from '@mantine/core';
import type { PlannedMove } from '../../domain/planner/planner-types';
import { formatBytes } from './distribution-model';
import {
  VIRTUAL_LIST_HEIGHT,
  VIRTUAL_ROW_HEIGHT,
  useVirtualTableRows,
} from './use-virtual-table-rows';
import { VirtualTableBody } from './virtual-table-body';

interface PlannedMovesTableProps {
  moves: readonly PlannedMove[];
  /** Alive datanodes: the only targets a move may be changed to (never its source). */
  aliveTargets: readonly string[];
  onRetarget: (regionId: string, toPeerId: string) => void;
  onDrop: (regionId: string) => void;
}

/**
 * Every planned move, editable: a drain of a big datanode has thousands, so the rows are
 * virtualized (use-virtual-table-rows.ts); only the rows in view are in the DOM.
 */
export function PlannedMovesTable({
  moves,
  aliveTargets,
  onRetarget,
  onDrop,
}: PlannedMovesTableProps) {
  const { scrollerRef, items, paddingTop, paddingBottom } = useVirtualTableRows(
    moves.length,
    (index) => moves[index]?.regionId ?? index,
  );

  return (
    <div
      ref={scrollerRef}
      style={{ maxHeight: VIRTUAL_LIST_HEIGHT, overflowY: 'auto' }}
      data-testid="planned-moves-scroller"
    >
      <Table
        withTableBorder
        stickyHeader
        fz="xs"
        // 2 px above and below the 30 px select: rows fit VIRTUAL_ROW_HEIGHT.
        verticalSpacing={2}
        aria-label="Planned moves"
        aria-rowcount={moves.length + 1}
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            <Table.Th>#</Table.Th>
            <Table.Th>Region</Table.Th>
            <Table.Th>Table</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>
              <span className="mantine-visually-hidden">Drop</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <VirtualTableBody paddingTop={paddingTop} paddingBottom={paddingBottom}>
          {items.map((item) => {
            const m = moves[item.index];
            if (m === undefined) return null;
            return (
              <Table.Tr
                key={m.regionId}
                aria-rowindex={item.index + 2}
                data-region-id={m.regionId}
                style={{ height: VIRTUAL_ROW_HEIGHT }}
              >
                <Table.Td>{item.index + 1}</Table.Td>
                <Table.Td>{m.regionId}</Table.Td>
                <Table.Td>{m.tableId}</Table.Td>
                <Table.Td>{m.fromPeerId}</Table.Td>
                <Table.Td>
                  <NativeSelect
                    size="xs"
                    aria-label={`Target datanode for region ${m.regionId}`}
                    value={m.toPeerId}
                    data={aliveTargets.filter((p) => p !== m.fromPeerId)}
                    onChange={(event) => {
                      onRetarget(m.regionId, event.currentTarget.value);
                    }}
                  />
                </Table.Td>
                <Table.Td>{formatBytes(m.bytes)}</Table.Td>
                <Table.Td>
                  <CloseButton
                    size="sm"
                    aria-label={`Drop the move of region ${m.regionId}`}
                    onClick={() => {
                      onDrop(m.regionId);
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </VirtualTableBody>
      </Table>
    </div>
  );
}
