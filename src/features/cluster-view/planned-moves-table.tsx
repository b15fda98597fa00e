import { CloseButton, NativeSelect, Table } from '@mantine/core';
import type { PlannedMove } from '../../domain/planner/planner-types';
import { formatBytes } from '../../components/format-bytes';
import { VirtualMovesTable } from './virtual-moves-table';

interface PlannedMovesTableProps {
  moves: readonly PlannedMove[];
  /** Alive datanodes: the only targets a move may be changed to (never its source). */
  aliveTargets: readonly string[];
  onRetarget: (regionId: string, toPeerId: string) => void;
  onDrop: (regionId: string) => void;
}

/**
 * Every planned move, editable (target or drop), virtualized: a drain of a big datanode has
 * thousands.
 */
export function PlannedMovesTable({
  moves,
  aliveTargets,
  onRetarget,
  onDrop,
}: PlannedMovesTableProps) {
  return (
    <VirtualMovesTable
      moves={moves}
      label="Planned moves"
      testId="planned-moves-scroller"
      // 2 px above and below the 30 px select: rows fit VIRTUAL_ROW_HEIGHT.
      verticalSpacing={2}
      headers={
        <>
          <Table.Th>#</Table.Th>
          <Table.Th>Region</Table.Th>
          <Table.Th>Table</Table.Th>
          <Table.Th>From</Table.Th>
          <Table.Th>To</Table.Th>
          <Table.Th>Size</Table.Th>
          <Table.Th>
            <span className="mantine-visually-hidden">Drop</span>
          </Table.Th>
        </>
      }
      cells={(m, index) => (
        <>
          <Table.Td>{index + 1}</Table.Td>
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
        </>
      )}
    />
  );
}
