import { Alert, Group, Stack, Table, Text } from '@mantine/core';
import { MAX_PLAN_MOVES } from '../../../contract/plan-run-contract';
import type { PlanEffect } from '../../domain/planner/apply-plan';
import type { PlannedMove } from '../../domain/planner/planner-types';
import { formatBytes } from '../../components/format-bytes';
import { PlannedMovesTable } from './planned-moves-table';
import { VIRTUAL_LIST_HEIGHT } from '../../components/use-virtual-table-rows';
import { formatCount } from '../../components/format-count';

interface PlanPreviewProps {
  title: string;
  isDrain: boolean;
  notes: string[];
  moves: PlannedMove[];
  effect: PlanEffect;
  aliveTargets: string[];
  onChangeMoves: (moves: PlannedMove[]) => void;
  /** From this cluster's past migrations, or the timeout without history. */
  estimateText: string;
  /** A count rebalance that makes bytes less even: both figures (null otherwise). */
  bytesWarning: string | null;
}

function fmt(n: number): string {
  return n.toFixed(3);
}

/**
 * The moves, every one of them editable (drop one, or send it elsewhere), and what they would
 * do: the counts and skew are always those of the edited list (the caller recomputes `effect`).
 */
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
          <code>/admin/maintenance</code>, MetaSrv v0.7.2 and later; v0.6 has no such switch).
        </Alert>
      )}
      {props.bytesWarning !== null && (
        <Alert color="orange" title="Bytes get less even" data-testid="bytes-cv-warning">
          {props.bytesWarning}
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
      {/* Bounded: a drain on 200 datanodes changes all of them; the moves follow below. */}
      <div style={{ maxHeight: VIRTUAL_LIST_HEIGHT, overflowY: 'auto' }}>
        <Table
          withTableBorder
          striped
          stickyHeader
          fz="xs"
          aria-label="Regions per datanode before and after"
        >
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
      </div>
      <Text size="xs" c="dimmed">
        Only datanodes whose count changes are listed ({changed.length} of {effect.datanodes.length}
        ).
      </Text>
      <Text size="sm" role="status" data-testid="planned-moves-count">
        {formatCount(moves.length)} move{moves.length === 1 ? '' : 's'} planned
        {moves.length > MAX_PLAN_MOVES &&
          `: a run takes at most ${formatCount(MAX_PLAN_MOVES)}; drop moves or set “At most moves”`}
      </Text>
      <Text size="sm" data-testid="plan-estimate">
        {props.estimateText}
      </Text>
      {moves.length > 0 && (
        <PlannedMovesTable
          moves={moves}
          aliveTargets={aliveTargets}
          onRetarget={(regionId, toPeerId) => {
            onChangeMoves(moves.map((x) => (x.regionId === regionId ? { ...x, toPeerId } : x)));
          }}
          onDrop={(regionId) => {
            onChangeMoves(moves.filter((x) => x.regionId !== regionId));
          }}
        />
      )}
    </Stack>
  );
}
