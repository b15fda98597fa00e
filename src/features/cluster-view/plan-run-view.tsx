import { useState } from 'react';
import { Badge, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useCanMutate } from '../../components/permissions';
import { ACTIVE_RUN_STATES, type PlanRun } from '../../../contract/plan-run-contract';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { useControlPlanRun } from './plan-queries';
import { VirtualMovesTable } from './virtual-moves-table';
import { ConfirmPlanAction } from './confirm-plan-action';
import { datanodeList, movedDatanodes } from './plan-estimate';

/**
 * Filled badges take the theme's shade 9 in light and 8 in dark, with white or black text
 * chosen on the light shade: white on teal 8 is 3.95:1 in dark mode (axe color-contrast), so
 * "done" is teal 9 in both (5.0:1), as the datanodes panel's "alive" badge is.
 */
const STATUS_COLORS: Record<PlanRun['moves'][number]['status'], string> = {
  pending: 'gray',
  running: 'blue',
  done: 'teal.9',
  skipped: 'yellow',
  failed: 'red',
  cancelled: 'gray',
};

/** One server-side run: overall progress, controls while active, and each move's status. */
export function PlanRunView({ clusterId, run }: { clusterId: string; run: PlanRun }) {
  const control = useControlPlanRun(clusterId);
  const finished = run.moves.filter((m) => m.status !== 'pending' && m.status !== 'running').length;
  const isActive = ACTIVE_RUN_STATES.includes(run.state);
  // Read-only mode: a run is watched, not paused, resumed or cancelled.
  const canMutate = useCanMutate();
  const [isConfirmingCancel, setIsConfirmingCancel] = useState(false);
  const act = (action: 'pause' | 'resume' | 'cancel') => {
    control.mutate(
      { runId: run.id, action },
      {
        onSettled: () => {
          setIsConfirmingCancel(false);
        },
      },
    );
  };
  const pending = run.moves.filter((m) => m.status === 'pending');
  const running = run.moves.filter((m) => m.status === 'running');
  const pendingText = `${String(pending.length)} pending move${pending.length === 1 ? '' : 's'}`;
  return (
    <Stack gap="xs" aria-label={`Plan run ${run.title}`}>
      <Group gap="sm">
        <Text fw={600}>{run.title}</Text>
        <Badge data-testid="run-state">{run.state}</Badge>
        <Text size="xs" c="dimmed">
          concurrency {run.concurrency}
          {run.continueOnFailure ? ', continues on failure' : ', stops on failure'}
        </Text>
      </Group>
      <Progress
        value={run.moves.length === 0 ? 100 : (finished / run.moves.length) * 100}
        aria-label={`${finished} of ${run.moves.length} moves finished`}
      />
      <Text size="sm" role="status">
        {finished} of {run.moves.length} moves finished:{' '}
        {(['done', 'skipped', 'failed', 'cancelled', 'running', 'pending'] as const)
          .map((s) => `${run.moves.filter((m) => m.status === s).length} ${s}`)
          .join(', ')}
        .{run.note !== null && ` ${run.note}`}
      </Text>
      {isActive && canMutate && (
        <Group gap="xs">
          {run.state === 'running' && (
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                act('pause');
              }}
            >
              Pause run
            </Button>
          )}
          {run.state === 'paused' && (
            <Button
              size="xs"
              onClick={() => {
                act('resume');
              }}
            >
              Resume run
            </Button>
          )}
          {run.state !== 'cancelling' && (
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => {
                setIsConfirmingCancel(true);
              }}
            >
              Cancel run (the move in flight finishes)
            </Button>
          )}
        </Group>
      )}
      {isConfirmingCancel && (
        <ConfirmPlanAction
          title={`Cancel run “${run.title}” on cluster ${clusterId}?`}
          clusterId={clusterId}
          moveCount={pending.length}
          confirmLabel={`Cancel run: ${pendingText} will not start`}
          isPending={control.isPending}
          onConfirm={() => {
            act('cancel');
          }}
          onClose={() => {
            setIsConfirmingCancel(false);
          }}
        >
          <Text size="sm" data-testid="confirm-summary">
            Cluster {clusterId}: {pendingText} of {run.moves.length}
            {pending.length === 0
              ? ''
              : ` (from ${datanodeList(movedDatanodes(pending).sources)} to ${datanodeList(movedDatanodes(pending).targets)})`}{' '}
            will not start.
          </Text>
          <Text size="sm" data-testid="confirm-timeout">
            {running.length === 0
              ? 'No move is in flight.'
              : `${String(running.length)} move${running.length === 1 ? '' : 's'} in flight finish${running.length === 1 ? 'es' : ''} on ${datanodeList(movedDatanodes(running).targets)}: each may take up to its migration timeout (${run.replayTimeout}) and MetaSrv’s retries.`}
          </Text>
        </ConfirmPlanAction>
      )}
      {control.isError && <ApiErrorAlert error={control.error} context="migration" />}
      <RunMovesTable moves={run.moves} />
    </Stack>
  );
}

/** Every move of the run with its status, virtualized like the preview's list. */
function RunMovesTable({ moves }: { moves: PlanRun['moves'] }) {
  return (
    <VirtualMovesTable
      moves={moves}
      label="Moves of the run"
      verticalSpacing={0}
      headers={
        <>
          <Table.Th>Region</Table.Th>
          <Table.Th>From → to</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Reason</Table.Th>
        </>
      }
      rowData={(m) => ({ 'data-status': m.status })}
      cells={(m) => (
        <>
          <Table.Td>{m.regionId}</Table.Td>
          <Table.Td>
            {m.fromPeerId} → {m.toPeerId}
          </Table.Td>
          <Table.Td>
            <Badge size="xs" color={STATUS_COLORS[m.status]}>
              {m.status}
            </Badge>
          </Table.Td>
          <Table.Td maw={480}>
            {/* One line per row (rows have a fixed height); the whole reason on hover. */}
            <Text size="xs" truncate="end" title={m.reason ?? undefined}>
              {m.reason}
            </Text>
          </Table.Td>
        </>
      )}
    />
  );
}
