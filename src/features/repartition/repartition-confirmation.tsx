/**
 * The danger confirmation before a split or merge is sent: it names what is replaced, shows
 * the exact statement, and sends nothing until the cluster's name is typed, so a repartition
 * (which rewrites the table's regions and cannot be undone by the console) is never a reflex.
 */
import { useState } from 'react';
import { Alert, Button, Code, Group, List, Stack, Text, TextInput } from '@mantine/core';
import type { RepartitionPlan } from '../../../contract/repartition/repartition-plan';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import classes from './repartition.module.css';

interface RepartitionConfirmationProps {
  clusterId: string;
  tableName: string;
  plan: RepartitionPlan;
  statement: string;
  /** Exactly what the confirming button does ("Split region 4398046511104 into 2 partitions"). */
  confirmLabel: string;
  isPending: boolean;
  /** The submission failed before the server made a record. */
  error: Error | null;
  onConfirm: () => void;
  onBack: () => void;
}

export function confirmLabelOf(plan: RepartitionPlan): string {
  const [first] = plan.replaced;
  const region = first?.regionId ?? '?';
  return plan.kind === 'split'
    ? `Split region ${region} into ${String(plan.targetExprs.length)} partitions`
    : `Merge ${String(plan.replaced.length)} partitions into region ${region}`;
}

export function RepartitionConfirmation({
  clusterId,
  tableName,
  plan,
  statement,
  confirmLabel,
  isPending,
  error,
  onConfirm,
  onBack,
}: RepartitionConfirmationProps) {
  const [typed, setTyped] = useState('');
  const isNameOk = typed.trim() === clusterId;
  return (
    <Stack gap="sm" data-testid="repartition-confirmation">
      <Alert color="red" variant="light" title={`This changes the partitions of ${tableName}`}>
        <Stack gap="xs">
          <Text size="sm">
            GreptimeDB replaces these partitions; while it works their regions are staging and
            writes may be briefly affected (clients should retry). The console cannot undo it
            afterwards: a later {plan.kind === 'split' ? 'merge' : 'split'} is a new repartition.
          </Text>
          <List size="sm" spacing={2} aria-label="Partitions replaced">
            {plan.replaced.map((r) => (
              <List.Item key={r.regionId}>
                Region <span className={classes.mono}>{r.regionId}</span>:{' '}
                <span className={classes.mono}>{r.rule}</span>
              </List.Item>
            ))}
          </List>
        </Stack>
      </Alert>
      <div>
        <Text size="xs" c="dimmed">
          Statement
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap' }} data-testid="confirm-statement">
          {statement}
        </Code>
      </div>
      <TextInput
        label={`Type the cluster’s name “${clusterId}” to confirm`}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setTyped(event.currentTarget.value);
        }}
      />
      {error !== null && <ApiErrorAlert error={error} context="route" />}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onBack} disabled={isPending}>
          Go back
        </Button>
        <Button color="red" disabled={!isNameOk} loading={isPending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </Group>
    </Stack>
  );
}
