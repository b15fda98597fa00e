/**
 * "Split partition…" and "Merge partitions…" in a table's header (issue 17), offered where
 * GreptimeDB has `ALTER TABLE … SPLIT / MERGE PARTITION` (v1.0.0-rc.1+, API.md §0) and the
 * table is a partitioned physical table. Read-only mode shows nothing (the server refuses
 * anyway). Where the table cannot be split or merged, one line says why; a repartition of this
 * table that is still running is named with a way back to its progress.
 */
import { useState, type ReactNode } from 'react';
import { Button, Code, Group, Modal, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCanMutate } from '../../components/permissions';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import { isUnfinished, useRepartitionSupport } from '../../queries/repartition-queries';
import { routeQueries } from '../../queries/route-queries';
import {
  repartitionErrors,
  repartitionPreconditionsFor,
} from '../../../contract/repartition/preconditions';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';
import { headline, repartitionSubjectOf, type RepartitionKind } from './repartition-model';
import { RepartitionWorkflow } from './repartition-workflow';

interface RepartitionControlsProps {
  clusterId: string;
  tableId: string;
  /** A metric-engine logical table (API.md §7.2 step 3); undefined while unknown. */
  isLogical: boolean | undefined;
  /** This table's records, newest first (useTableRepartitions). */
  records: readonly TrackedRepartition[];
}

type Opened = { kind: RepartitionKind; followRecordId: string | null } | null;

export function RepartitionControls({
  clusterId,
  tableId,
  isLogical,
  records,
}: RepartitionControlsProps) {
  const canMutate = useCanMutate();
  const support = useRepartitionSupport(clusterId);
  const isSupported = canMutate && support.kind === 'supported';
  const route = useQuery({ ...routeQueries.byTableId(clusterId, tableId), enabled: isSupported });
  const name = useQuery({
    ...maintenanceQueries.tableName(clusterId, tableId),
    enabled: isSupported,
  });
  const [opened, setOpened] = useState<Opened>(null);
  // Keeps the dialog's content while its close transition runs.
  const [shown, setShown] = useState<Opened>(null);
  if (opened !== null && opened !== shown) setShown(opened);
  // Each opening starts afresh: an empty form, no earlier confirmation or answer.
  const [openCount, setOpenCount] = useState(0);
  const open = (next: NonNullable<Opened>) => {
    setOpened(next);
    setOpenCount((count) => count + 1);
  };

  if (!canMutate) return null;
  if (support.kind === 'version-unknown') {
    return (
      <Note>
        Split and merge need GreptimeDB v1.0 or later; this cluster’s version could not be read.
      </Note>
    );
  }
  if (support.kind !== 'supported') return null;
  if (isLogical === true) {
    return (
      <Note>
        A logical table cannot be split or merged: GreptimeDB answers{' '}
        <Code fz="xs">{repartitionErrors.logicalTable()}</Code>. Repartition its physical table; the
        logical tables on it follow.
      </Note>
    );
  }
  if (name.data === null) {
    return (
      <Note>
        Table {tableId} is not in information_schema.tables, so it cannot be split or merged by
        name.
      </Note>
    );
  }
  const routeData = route.data;
  if (
    isLogical === undefined ||
    name.data === undefined ||
    routeData === undefined ||
    routeData.type !== 'physical'
  ) {
    return null;
  }
  const subject = repartitionSubjectOf(name.data, routeData.regionRoutes);
  if (subject.columns.length === 0) {
    return <Note>Split and merge: not offered, the table has no partition columns.</Note>;
  }
  const running = records.find(isUnfinished);
  const preconditions = repartitionPreconditionsFor(support.version);
  const close = () => {
    setOpened(null);
  };
  const title =
    shown?.kind === 'merge'
      ? `Merge partitions of ${name.data.schema}.${name.data.name}`
      : `Split a partition of ${name.data.schema}.${name.data.name}`;

  return (
    <Group gap="xs">
      {running !== undefined && (
        <Text size="xs" fw={500} role="status" data-testid="repartition-running">
          {headline(running)}{' '}
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => {
              open({ kind: running.kind, followRecordId: running.id });
            }}
          >
            Show progress
          </Button>
        </Text>
      )}
      <Button
        size="compact-sm"
        variant="light"
        color="orange"
        onClick={() => {
          open({ kind: 'split', followRecordId: null });
        }}
      >
        Split partition…
      </Button>
      <Button
        size="compact-sm"
        variant="light"
        color="orange"
        disabled={subject.table.partitions.length < 2}
        onClick={() => {
          open({ kind: 'merge', followRecordId: null });
        }}
      >
        Merge partitions…
      </Button>
      <Modal
        opened={opened !== null}
        onClose={close}
        title={title}
        size="xl"
        closeButtonProps={{ 'aria-label': 'Close dialog' }}
      >
        {shown !== null && (
          <RepartitionWorkflow
            key={openCount}
            clusterId={clusterId}
            subject={subject}
            kind={shown.kind}
            preconditions={preconditions}
            followRecordId={shown.followRecordId}
            onClose={close}
          />
        )}
      </Modal>
    </Group>
  );
}

function Note({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed" maw={420} data-testid="repartition-unavailable">
      {children}
    </Text>
  );
}
