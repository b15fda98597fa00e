/**
 * The cells the migration history and the repartition history share: what GreptimeDB's
 * procedure was and how it ended. Both tables show them alike, in this order.
 */
import { Stack, Table, Text } from '@mantine/core';
import { formatDuration } from '../../components/format-duration';
import { nanosToIso } from '../../../contract/merged-history';

/** An id, a timestamp or a duration reads as one token. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;
/** MetaSrv's and the frontend's reasons can hold long unbroken paths and ids. */
const WRAP_ANYWHERE = { whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;

interface EventStateStep {
  state: string;
  /** Exact nanoseconds since the epoch. */
  timestampNs: string;
  /** What moved the procedure on; migration events record none. */
  trigger?: string | null;
}

/** The states greptime_private.events recorded for one procedure, oldest first, each with its exact time. */
function EventStatesCell({ steps }: { steps: readonly EventStateStep[] }) {
  return (
    <Table.Td>
      {steps.length === 0 ? (
        '—'
      ) : (
        <Stack gap={0} data-testid="event-states">
          {steps.map((step) => (
            <Text key={`${step.state}-${step.timestampNs}`} size="xs">
              <Text span fw={600} size="xs">
                {step.state}
              </Text>
              {step.trigger != null && ` (${step.trigger})`}{' '}
              <Text span ff="monospace" size="xs" c="dimmed" style={NO_WRAP}>
                {nanosToIso(step.timestampNs)}
              </Text>
            </Text>
          ))}
        </Stack>
      )}
    </Table.Td>
  );
}

interface ProcedureRow {
  procedureId: string | null;
  steps: readonly EventStateStep[];
  outcome: string;
  detail: string | null;
  durationMs: number | null;
}

/**
 * Procedure id, the event states (only when some row of the table has them: `hasSteps`), the
 * outcome with its detail, and the duration.
 */
export function ProcedureCells({ row, hasSteps }: { row: ProcedureRow; hasSteps: boolean }) {
  return (
    <>
      <Table.Td ff="monospace" fz="xs" style={NO_WRAP}>
        {row.procedureId ?? '—'}
      </Table.Td>
      {hasSteps && <EventStatesCell steps={row.steps} />}
      <Table.Td>
        {row.outcome}
        {row.detail !== null && (
          <Text size="xs" c="dimmed" style={WRAP_ANYWHERE}>
            {row.detail}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={NO_WRAP}>
        {row.durationMs === null ? '—' : formatDuration(row.durationMs)}
      </Table.Td>
    </>
  );
}
