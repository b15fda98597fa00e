import { Stack, Table, Text } from '@mantine/core';
import { nanosToIso } from '../../../contract/merged-history';

/** An exact timestamp reads as one token. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

interface EventStateStep {
  state: string;
  /** Exact nanoseconds since the epoch. */
  timestampNs: string;
  /** What moved the procedure on; migration events record none. */
  trigger?: string | null;
}

/**
 * The states greptime_private.events recorded for one procedure, oldest first, each with its
 * exact time: the migration history and the repartition history show them alike.
 */
export function EventStatesCell({ steps }: { steps: readonly EventStateStep[] }) {
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
