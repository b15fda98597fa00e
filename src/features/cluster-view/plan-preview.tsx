import { Alert, Button, CloseButton, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { PlanEffect } from '../../domain/planner/apply-plan';
import type { PlannedMove } from '../../domain/planner/planner-types';
import { formatBytes } from './distribution-model';

interface PlanPreviewProps {
  title: string;
  isDrain: boolean;
  notes: string[];
  moves: PlannedMove[];
  effect: PlanEffect;
  aliveTargets: string[];
  onChangeMoves: (moves: PlannedMove[]) => void;
}

/** Shown rows of the move list; the rest are summarised (a drain can have thousands). */
const SHOWN_MOVES = 200;

function fmt(n: number): string {
  return n.toFixed(3);
}

/** The moves, editable (drop one, or send it elsewhere), and what they would do. */
export function PlanPreview(props: PlanPreviewProps) {
  const { moves, effect, aliveTargets, onChangeMoves } = props;
  const changed = effect.datanodes.filter((d) => d.countBefore !== d.countAfter);
  return (
    <Stack gap="sm" aria-label={`Preview: ${props.title}`}>
      {props.isDrain && (
        <Alert color="yellow" title="Draining does not fence the datanode">
          After these moves the datanode leads no regions of the chosen tables, but MetaSrv can
          still place regions on it: new tables, and region failover. To keep it empty, put the
          cluster in maintenance mode first where the GreptimeDB version has it (
          <code>/admin/maintenance</code>, newer than v0.7; MetaSrv v0.6/v0.7 has no such switch).
        </Alert>
      )}
      {props.notes.map((note) => (
        <Text key={note} size="sm" c="orange.8">
          {note}
        </Text>
      ))}
      <Group gap="lg">
        <Text size="sm">
          Count skew (CV): <b>{fmt(effect.countSkewBefore.cv)}</b> →{' '}
          <b>{fmt(effect.countSkewAfter.cv)}</b>; max/mean{' '}
          {effect.countSkewBefore.maxOverMean.toFixed(2)} →{' '}
          {effect.countSkewAfter.maxOverMean.toFixed(2)}
        </Text>
        <Text size="sm">
          Bytes skew (CV): <b>{fmt(effect.bytesSkewBefore.cv)}</b> →{' '}
          <b>{fmt(effect.bytesSkewAfter.cv)}</b>
        </Text>
      </Group>
      <Table withTableBorder striped fz="xs" aria-label="Regions per datanode before and after">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Datanode</Table.Th>
            <Table.Th>Regions before</Table.Th>
            <Table.Th>Regions after</Table.Th>
            <Table.Th>Bytes before</Table.Th>
            <Table.Th>Bytes after</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changed.map((d) => (
            <Table.Tr key={d.peerId} data-datanode={d.peerId}>
              <Table.Td>{d.peerId}</Table.Td>
              <Table.Td>{d.countBefore}</Table.Td>
              <Table.Td>{d.countAfter}</Table.Td>
              <Table.Td>{formatBytes(d.bytesBefore)}</Table.Td>
              <Table.Td>{formatBytes(d.bytesAfter)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        Only datanodes whose count changes are listed ({changed.length} of {effect.datanodes.length}
        ).
      </Text>
      <Table withTableBorder fz="xs" aria-label="Planned moves">
        <Table.Thead>
          <Table.Tr>
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
        <Table.Tbody>
          {moves.slice(0, SHOWN_MOVES).map((m, i) => (
            <Table.Tr key={m.regionId} data-region-id={m.regionId}>
              <Table.Td>{i + 1}</Table.Td>
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
                    const toPeerId = event.currentTarget.value;
                    onChangeMoves(
                      moves.map((x) => (x.regionId === m.regionId ? { ...x, toPeerId } : x)),
                    );
                  }}
                />
              </Table.Td>
              <Table.Td>{formatBytes(m.bytes)}</Table.Td>
              <Table.Td>
                <CloseButton
                  size="sm"
                  aria-label={`Drop the move of region ${m.regionId}`}
                  onClick={() => {
                    onChangeMoves(moves.filter((x) => x.regionId !== m.regionId));
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {moves.length > SHOWN_MOVES && (
        <Group gap="xs">
          <Text size="xs">
            … and {moves.length - SHOWN_MOVES} more moves (not shown; they run as planned).
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => {
              onChangeMoves(moves.slice(0, SHOWN_MOVES));
            }}
          >
            Keep only the first {SHOWN_MOVES}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
