/**
 * One repartition as the server recorded it: the procedure id, each procedure_state status
 * seen with its time, and the outcome in GreptimeDB's own words — done, failed with its
 * reason, timed out (and whether the procedure may still end), refused with the frontend's
 * message, or not sent — with the precondition the text names, where it names one.
 */
import { useId } from 'react';
import { Alert, Code, Stack, Text } from '@mantine/core';
import { formatDuration, formatOffset } from '../../components/format-duration';
import type { RepartitionPrecondition } from '../../../contract/repartition/preconditions';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';
import { headline, unmetPrecondition } from './repartition-model';
import classes from './repartition.module.css';

interface RepartitionProgressProps {
  record: TrackedRepartition;
  /** The server's clock now (its `nowMs` plus the time since it was read). */
  serverNowMs: number;
  /** The preconditions of the connected version, to name the one a failure text matches. */
  preconditions: readonly RepartitionPrecondition[];
}

export function RepartitionProgress({
  record,
  serverNowMs,
  preconditions,
}: RepartitionProgressProps) {
  const statesId = useId();
  const outcome = record.outcome;
  const end = record.finishedAtMs ?? serverNowMs;
  return (
    <Stack gap="xs" data-testid="repartition-progress" data-outcome={outcome?.kind ?? record.phase}>
      <div role="status" aria-live="polite">
        <Text size="sm" fw={600} data-testid="repartition-headline">
          {headline(record)}
        </Text>
        <Text size="xs" c="dimmed">
          {outcome === null ? 'Elapsed' : 'Took'}{' '}
          {formatDuration(Math.max(0, end - record.submittedAtMs))} · timeout{' '}
          {formatDuration(record.timeoutMs)} (the whole procedure’s budget)
          {record.phase === 'following' ? ' · the server reads procedure_state every second' : ''}
        </Text>
      </div>
      {record.procedureId !== null && (
        <Text size="sm">
          Procedure{' '}
          <Code data-testid="procedure-id" fw={600}>
            {record.procedureId}
          </Code>
          {record.frontendAddr === null ? '' : ` · sent to frontend ${record.frontendAddr}`}
        </Text>
      )}
      {record.states.length > 0 && (
        <div>
          <Text size="xs" c="dimmed" id={statesId}>
            procedure_state
          </Text>
          <ol className={classes.timeline} aria-labelledby={statesId}>
            {record.states.map((s) => (
              <li key={`${s.status}-${String(s.atMs)}`} data-status={s.status}>
                <span className={classes.offset}>
                  {formatOffset(s.atMs - record.submittedAtMs)}
                </span>
                <span>{s.status}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      {record.lastReadError !== null && outcome === null && (
        <Text size="sm" c="orange.8" role="status">
          The last procedure_state read failed: {record.lastReadError}. The server keeps trying.
        </Text>
      )}
      <OutcomeDetail record={record} preconditions={preconditions} />
      <div>
        <Text size="xs" c="dimmed">
          Statement
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap' }}>
          {record.statement}
        </Code>
      </div>
    </Stack>
  );
}

/** The regions the preview expected to appear and disappear (the record keeps the preview's). */
function expectedChange(record: TrackedRepartition): string {
  const added = record.allocatedRegionIds;
  const dropped = record.deallocatedRegionIds;
  const parts = [
    added.length > 0 ? `allocate ${added.join(', ')}` : null,
    dropped.length > 0 ? `drop ${dropped.join(', ')}` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? '' : `The preview expected GreptimeDB to ${parts.join(' and ')}. `;
}

function PreconditionHint({
  text,
  preconditions,
}: {
  text: string;
  preconditions: readonly RepartitionPrecondition[];
}) {
  const unmet = unmetPrecondition(text, preconditions);
  if (unmet === null) return null;
  return (
    <Text size="sm" data-testid="unmet-precondition">
      Precondition not met (step {unmet.step} of GreptimeDB’s checks): {unmet.summary}
    </Text>
  );
}

function GreptimeText({ children }: { children: string }) {
  return (
    <Code block data-testid="greptime-reason" style={{ whiteSpace: 'pre-wrap' }}>
      {children === '' ? '(empty)' : children}
    </Code>
  );
}

function OutcomeDetail({
  record,
  preconditions,
}: {
  record: TrackedRepartition;
  preconditions: readonly RepartitionPrecondition[];
}) {
  const outcome = record.outcome;
  if (outcome === null) return null;
  switch (outcome.kind) {
    case 'done':
      return (
        <Alert color="green" variant="light" title="Done">
          <Text size="sm">
            {expectedChange(record)}The grid shows the table’s regions as GreptimeDB reports them
            now.
          </Text>
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" variant="light" title="The procedure failed" role="alert">
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              GreptimeDB’s reason (procedure_state):
            </Text>
            <GreptimeText>{outcome.reason}</GreptimeText>
            <PreconditionHint text={outcome.reason} preconditions={preconditions} />
            <Text size="sm">
              GreptimeDB rolls a failed repartition back: the rules are restored and the regions it
              allocated are dropped.
            </Text>
          </Stack>
        </Alert>
      );
    case 'timed-out':
      return (
        <Alert color="orange" variant="light" title="Timed out" role="alert">
          <Stack gap="xs">
            <GreptimeText>{outcome.message}</GreptimeText>
            <Text size="sm">
              {outcome.byProcedure
                ? 'The procedure used up its timeout and failed; GreptimeDB rolls it back. It will not end otherwise.'
                : 'The procedure had not ended when the console stopped following it, so it may still end, either way. Check the table’s partitions later, or procedure_state with the procedure id above.'}
            </Text>
          </Stack>
        </Alert>
      );
    case 'refused':
      return (
        <Alert color="red" variant="light" title="GreptimeDB refused the statement" role="alert">
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              Frontend{record.frontendAddr === null ? '' : ` ${record.frontendAddr}`} said (HTTP{' '}
              {outcome.httpStatus}
              {outcome.code === null ? '' : `, code ${String(outcome.code)}`}):
            </Text>
            <GreptimeText>{outcome.message}</GreptimeText>
            <PreconditionHint text={outcome.message} preconditions={preconditions} />
            <Text size="sm">No procedure was started; the table is as it was.</Text>
          </Stack>
        </Alert>
      );
    case 'not-submitted':
      return (
        <Alert color="red" variant="light" title="Nothing was sent to the cluster" role="alert">
          <Stack gap="xs">
            <GreptimeText>{outcome.message}</GreptimeText>
            <Text size="xs" c="dimmed">
              Reason code: {outcome.code}
            </Text>
          </Stack>
        </Alert>
      );
  }
}
