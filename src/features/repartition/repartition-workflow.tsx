/**
 * One split or merge from the form to its outcome: the form is checked live (nothing can be
 * sent while an issue stands), the preview shows what GreptimeDB will do, the confirmation
 * asks for the cluster's name, and then the record the server answered with is followed until
 * its procedure ends.
 */
import { useState } from 'react';
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { useNow } from '../../components/use-now';
import { sqlCurlCommand } from '../../domain/curl-command';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import {
  repartitionPollInterval,
  repartitionQueries,
  useSubmitRepartition,
} from '../../queries/repartition-queries';
import { newIdempotencyKey } from '../../queries/tracked-migration-queries';
import { REPARTITION_DEFAULT_TIMEOUT_MS } from '../../../contract/repartition/preconditions';
import type { RepartitionPrecondition } from '../../../contract/repartition/preconditions';
import type { RepartitionPlan } from '../../../contract/repartition/repartition-plan';
import { repartitionStatement } from '../../../contract/repartition/statements';
import type { RepartitionChange } from '../../../contract/repartition/repartition-api';
import { FormIssues } from './issue-text';
import { MergeForm } from './merge-form';
import { RepartitionConfirmation, confirmLabelOf } from './repartition-confirmation';
import {
  changeOf,
  checkMergeForm,
  checkSplitForm,
  checkTimeout,
  type RepartitionKind,
  type RepartitionSubject,
} from './repartition-model';
import { RepartitionPreview } from './repartition-preview';
import { RepartitionProgress } from './repartition-progress';
import { SplitForm } from './split-form';
import classes from './repartition.module.css';

export interface RepartitionWorkflowProps {
  clusterId: string;
  subject: RepartitionSubject;
  kind: RepartitionKind;
  /** Every precondition of the connected version, in GreptimeDB's order. */
  preconditions: readonly RepartitionPrecondition[];
  /** A record to follow at once (the page's "Show progress"); null starts with the form. */
  followRecordId: string | null;
  onClose: () => void;
}

interface Pending {
  plan: RepartitionPlan;
  change: RepartitionChange;
  statement: string;
  timeout: string | undefined;
  /** One key per confirmed intent: a re-send returns the first record. */
  key: string;
}

export function RepartitionWorkflow({
  clusterId,
  subject,
  kind,
  preconditions,
  followRecordId,
  onClose,
}: RepartitionWorkflowProps) {
  const { table } = subject;
  const [sourceRegionId, setSourceRegionId] = useState<string | null>(null);
  const [texts, setTexts] = useState<string[]>(['', '']);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [timeoutText, setTimeoutText] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [watchedId, setWatchedId] = useState<string | null>(followRecordId);
  const mutation = useSubmitRepartition(clusterId);
  const { data: connection } = useQuery(connectionQuery(clusterId));
  const list = useQuery({
    ...repartitionQueries.list(clusterId),
    refetchInterval: repartitionPollInterval(useRefreshInterval()),
  });
  const now = useNow(1_000, watchedId !== null);

  const check =
    kind === 'split'
      ? checkSplitForm(table, sourceRegionId, texts)
      : checkMergeForm(table, selected);
  const timeoutCheck = checkTimeout(timeoutText);
  const plan = check.kind === 'ok' && timeoutCheck.ok ? check.plan : null;
  const statement =
    plan === null || !timeoutCheck.ok
      ? null
      : repartitionStatement(table, plan, { timeout: timeoutCheck.timeout });
  const unchecked = preconditions.filter((p) => !p.isCheckedBeforeSending);
  const qualifiedName = `${table.schema}.${table.name}`;

  const record =
    list.data?.repartitions.find((r) => r.id === watchedId) ??
    (mutation.data?.repartition.id === watchedId ? mutation.data.repartition : undefined);

  if (watchedId !== null) {
    const serverNowMs =
      (list.data?.nowMs ?? mutation.data?.nowMs ?? now) +
      (now - (list.dataUpdatedAt === 0 ? now : list.dataUpdatedAt));
    return (
      <Stack gap="md">
        {record === undefined ? null : (
          <RepartitionProgress
            record={record}
            serverNowMs={serverNowMs}
            preconditions={preconditions}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }

  if (pending !== null) {
    const send = () => {
      mutation.mutate(
        {
          table: { catalog: table.catalog, schema: table.schema, name: table.name },
          change: pending.change,
          ...(pending.timeout === undefined ? {} : { timeout: pending.timeout }),
          idempotency_key: pending.key,
        },
        {
          onSuccess: (answer) => {
            setWatchedId(answer.repartition.id);
          },
        },
      );
    };
    return (
      <RepartitionConfirmation
        clusterId={clusterId}
        tableName={qualifiedName}
        plan={pending.plan}
        statement={pending.statement}
        confirmLabel={confirmLabelOf(pending.plan)}
        isPending={mutation.isPending}
        error={mutation.error}
        onConfirm={send}
        onBack={() => {
          mutation.reset();
          setPending(null);
        }}
      />
    );
  }

  return (
    <Stack gap="md">
      {kind === 'split' ? (
        <SplitForm
          subject={subject}
          sourceRegionId={sourceRegionId}
          onSourceChange={setSourceRegionId}
          texts={texts}
          onTextsChange={setTexts}
          check={check}
        />
      ) : (
        <MergeForm subject={subject} selected={selected} onSelectedChange={setSelected} />
      )}
      <TextInput
        label="Timeout"
        description={`The whole procedure’s budget, e.g. 5m. Empty: GreptimeDB’s default of ${String(REPARTITION_DEFAULT_TIMEOUT_MS / 1000)} s.`}
        placeholder="60s"
        value={timeoutText}
        autoComplete="off"
        onChange={(event) => {
          setTimeoutText(event.currentTarget.value);
        }}
        error={timeoutCheck.ok ? undefined : timeoutCheck.message}
        maw={420}
      />
      <FormIssues check={check} />
      {plan !== null && statement !== null && (
        <RepartitionPreview
          plan={plan}
          statement={statement}
          curlCommand={sqlCurlCommand({
            origin: connection?.frontendOrigin ?? null,
            sql: statement,
            withAuth: connection?.hasFrontendCredentials ?? false,
          })}
          frontendAddr={connection?.frontendAddr ?? null}
          unchecked={unchecked}
        />
      )}
      <Group justify="flex-end" gap="xs" className={classes.actions}>
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          color="orange"
          disabled={plan === null || statement === null}
          onClick={() => {
            if (plan === null || statement === null || !timeoutCheck.ok) return;
            setPending({
              plan,
              change: changeOf(table, plan),
              statement,
              timeout: timeoutCheck.timeout,
              key: newIdempotencyKey(),
            });
          }}
        >
          Review and confirm…
        </Button>
      </Group>
    </Stack>
  );
}
