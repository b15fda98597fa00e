/**
 * Flush table / Compact table in the table's header. Each opens a dialog that names the table,
 * offers strict-window compaction with a window in seconds (checked before anything can be
 * sent), and confirms with the exact statement. Legacy clusters get one line saying why;
 * read-only mode shows nothing.
 */
import { useState } from 'react';
import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TableSummary } from '../../../contract/sql-types';
import { MaintenanceUnavailable, useMaintenanceAvailability } from './maintenance-availability';
import { MaintenanceConfirmation } from './maintenance-confirmation';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import { checkWindowSeconds } from './maintenance-texts';

const TABLE_ACTIONS = [
  { action: 'flush_table', label: 'Flush table…', verb: 'Flush' },
  { action: 'compact_table', label: 'Compact table…', verb: 'Compact' },
] as const;
type TableAction = (typeof TABLE_ACTIONS)[number]['action'];

export function TableMaintenanceControls({
  clusterId,
  tableId,
}: {
  clusterId: string;
  tableId: string;
}) {
  const availability = useMaintenanceAvailability(clusterId);
  const name = useQuery({
    ...maintenanceQueries.tableName(clusterId, tableId),
    enabled: availability.kind === 'available',
  });
  const [action, setAction] = useState<TableAction | null>(null);
  if (availability.kind === 'hidden') return null;
  if (availability.kind === 'unsupported') {
    return <MaintenanceUnavailable reason={availability.reason} />;
  }
  if (name.isError) {
    return (
      <Text size="xs" c="orange.8" role="status">
        Flush and compact need the table’s name, which could not be read: {name.error.message}
      </Text>
    );
  }
  if (name.data === null) {
    return (
      <Text size="xs" c="dimmed" role="status">
        Table {tableId} is not in information_schema.tables, so it cannot be flushed or compacted by
        name.
      </Text>
    );
  }
  const table = name.data;
  const close = () => {
    setAction(null);
  };
  const verb = TABLE_ACTIONS.find((a) => a.action === action)?.verb ?? '';

  return (
    <Group gap="xs">
      {TABLE_ACTIONS.map(({ action: each, label }) => (
        <Button
          key={each}
          size="compact-sm"
          variant="light"
          disabled={table === undefined}
          onClick={() => {
            setAction(each);
          }}
        >
          {label}
        </Button>
      ))}
      <Modal
        opened={action !== null && table !== undefined}
        onClose={close}
        title={table === undefined ? '' : `${verb} table ${table.schema}.${table.name}`}
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close dialog' }}
      >
        {table !== undefined && action === 'flush_table' && (
          <MaintenanceConfirmation
            clusterId={clusterId}
            request={{ action: 'flush_table', schema: table.schema, table: table.name }}
            onCancel={close}
          />
        )}
        {table !== undefined && action === 'compact_table' && (
          <CompactTableForm clusterId={clusterId} table={table} onCancel={close} />
        )}
      </Modal>
    </Group>
  );
}

function CompactTableForm({
  clusterId,
  table,
  onCancel,
}: {
  clusterId: string;
  table: TableSummary;
  onCancel: () => void;
}) {
  const [isStrictWindow, setIsStrictWindow] = useState(false);
  const [windowText, setWindowText] = useState('');
  const windowCheck = checkWindowSeconds(windowText);

  return (
    <Stack gap="sm">
      <Checkbox
        label="Strict-window compaction"
        description="Each time window ends up in exactly one SST file (GreptimeDB’s strict_window, swcs)."
        checked={isStrictWindow}
        onChange={(event) => {
          setIsStrictWindow(event.currentTarget.checked);
        }}
      />
      {isStrictWindow && (
        <TextInput
          label="Window (seconds)"
          description="Empty: GreptimeDB chooses the window from the table’s data."
          placeholder="e.g. 3600"
          value={windowText}
          onChange={(event) => {
            setWindowText(event.currentTarget.value);
          }}
          error={windowCheck.ok ? undefined : windowCheck.message}
        />
      )}
      {isStrictWindow && !windowCheck.ok ? (
        <Text size="sm" c="dimmed">
          Nothing can run until the window is valid.
        </Text>
      ) : (
        <MaintenanceConfirmation
          // A changed option is a new intent: the confirmation starts over.
          key={`${String(isStrictWindow)}-${windowCheck.ok ? (windowCheck.windowSecs ?? '') : ''}`}
          clusterId={clusterId}
          request={{
            action: 'compact_table',
            schema: table.schema,
            table: table.name,
            ...(isStrictWindow ? { strict_window: true } : {}),
            ...(isStrictWindow && windowCheck.ok && windowCheck.windowSecs !== undefined
              ? { window_secs: windowCheck.windowSecs }
              : {}),
          }}
          onCancel={onCancel}
        />
      )}
    </Stack>
  );
}
