/**
 * One migration as the server recorded it: procedure id, each state seen with its time,
 * elapsed time against the replay timeout, a warning past the procedure's own bound, and the
 * outcome; a refusal quotes MetaSrv's exact text with a plain explanation.
 */
import { useId } from 'react';
import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { datanodeQueries, LEASES_POLL_INTERVAL_MS } from '../../queries/datanode-queries';
import { pickRetryTarget } from './target-options';
import { useCanMutate } from '../../components/permissions';
import { formatDuration, formatOffset } from '../../components/format-duration';
import {
  elapsedMs,
  isPastOwnBound,
  type TrackedMigration,
} from '../../../contract/tracked-migration';
import { explainMetasrvError } from '../../errors/explain-metasrv-error';
import classes from './migration.module.css';

interface TrackedMigrationViewProps {
  migration: TrackedMigration;
  /** The server's clock now (its `nowMs` plus the time since it was read). */
  serverNowMs: number;
  /** Shown for failures a new attempt could fix; re-reads the route before submitting. */
  onRetry?: (() => void) | undefined;
  isRetrying?: boolean;
  /**
   * After a "Failed (inferred)" outcome, or a target MetaSrv could not reach: retry to another
   * datanode (an alive one other than the failed target), re-reading the route first.
   */
  onRetryTo?: ((toPeerId: string) => void) | undefined;
}

/** The outcome is "Failed (inferred)" (legacy API evidence, server/migrations/README.md). */
export function isInferredFailure(m: TrackedMigration): boolean {
  return m.outcome?.kind === 'not-progressing' && m.outcome.inferredFailure !== undefined;
}

/**
 * SQL path: procedure_state's reason says MetaSrv held no heartbeat stream ("pusher") of the
 * target, `Pusher not found: Datanode-<id>` (PusherId's Display, src/meta-srv/src/handler.rs
 * from v0.10 on; older versions report only the outer error). The target stopped or lost its
 * connection, so OpenCandidateRegion could not reach it (not retried, open_candidate_region.rs)
 * and the same target would fail the same way: a retry goes to another datanode.
 */
export function isTargetUnreachableFailure(m: TrackedMigration): boolean {
  return (
    m.sql !== undefined &&
    m.outcome?.kind === 'rolled-back' &&
    m.sql.failureReason === `Pusher not found: Datanode-${m.request.to_peer_id}`
  );
}

/** The route changed after "Failed (inferred)" and the record follows it again. */
export function isReopened(m: TrackedMigration): boolean {
  return m.outcome === null && m.states.some((state) => state.code === 'reopened');
}

export function headline(m: TrackedMigration): string {
  const region = `region ${m.request.region_id}`;
  const from = `datanode ${m.request.from_peer_id}`;
  const to = `datanode ${m.request.to_peer_id}`;
  if (isReopened(m)) {
    return `Reopened: the route of ${region} changed after “Failed (inferred)”; following it again…`;
  }
  if (m.outcome === null) {
    return m.phase === 'submitting'
      ? `Submitting: ${region} from ${from} to ${to}…`
      : `In progress: moving ${region} from ${from} to ${to}…`;
  }
  switch (m.outcome.kind) {
    case 'done':
      return `Done: ${region} is now led by ${to}.`;
    case 'rolled-back':
      return `Rolled back: ${region} is still led by ${from}.`;
    case 'not-progressing':
      if (m.outcome.inferredFailure !== undefined) {
        return `Failed (inferred): ${region} did not move to ${to}.`;
      }
      return `Not progressing: ${region} has not reached ${to}.`;
    case 'diverged':
      return `Stopped following: the route of ${region} changed in an unexpected way.`;
    case 'already-there':
      return `Nothing to do: ${region} is already on ${to}.`;
    case 'refused':
      return `Refused: MetaSrv did not start a migration of ${region}.`;
    case 'not-submitted':
      return `Not submitted: ${region} was not sent to MetaSrv.`;
  }
}

export function TrackedMigrationView({
  migration: m,
  serverNowMs,
  onRetry,
  isRetrying = false,
  onRetryTo,
}: TrackedMigrationViewProps) {
  const statesId = useId();
  // Read-only mode: no retry (the server refuses it anyway).
  const canMutate = useCanMutate();
  const elapsed = elapsedMs(m, serverNowMs);
  const ownBound = m.boundMs;
  const outcome = m.outcome;
  const isTargetUnreachable = isTargetUnreachableFailure(m);
  const canRetry =
    canMutate &&
    onRetry !== undefined &&
    outcome !== null &&
    ((outcome.kind === 'refused' &&
      explainMetasrvError(outcome.text, 'migration').isRetryFutile !== true) ||
      outcome.kind === 'not-submitted' ||
      (outcome.kind === 'rolled-back' && !isTargetUnreachable));

  return (
    <Stack gap="xs" data-testid="tracked-migration" data-outcome={outcome?.kind ?? m.phase}>
      <div role="status" aria-live="polite">
        <Text size="sm" fw={600}>
          {headline(m)}
        </Text>
        {m.sql === undefined ? (
          <Text size="xs" c="dimmed">
            Elapsed {formatDuration(Math.max(0, elapsed))} · replay timeout{' '}
            {m.request.replay_timeout} (procedure bound {formatDuration(ownBound)}: 10 s + 3 ×
            (replay timeout + 1 s))
            {m.phase === 'following' ? ' · the server re-reads the route every second' : ''}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            Elapsed {formatDuration(Math.max(0, elapsed))} · {m.sql.timeoutMeaning} timeout{' '}
            {m.sql.timeoutSecs} s
            {m.sql.timeoutMeaning === 'overall'
              ? ' (the procedure gives up by itself after it)'
              : ` (procedure bound ${formatDuration(ownBound)}: 10 s + 3 × (replay timeout + 1 s))`}
            {m.phase === 'following'
              ? ' · the server reads procedure_state and region_peers every second'
              : ''}
          </Text>
        )}
      </div>
      {m.procedureId !== null && (
        <Text size="sm">
          Procedure{' '}
          <Code data-testid="procedure-id" fw={600}>
            {m.procedureId}
          </Code>
        </Text>
      )}
      {m.sql?.procedureState != null && (
        <Text size="sm">
          procedure_state <Code data-testid="procedure-state">{m.sql.procedureState}</Code>
        </Text>
      )}
      {m.sql?.failureReason != null && (
        <Alert color="red" variant="light" title="The procedure failed" role="alert">
          <Text size="sm" data-testid="failure-reason">
            {m.sql.failureReason}
          </Text>
          {isTargetUnreachable && (
            <Text size="sm" mt={4}>
              MetaSrv held no heartbeat stream from datanode {m.request.to_peer_id} (it stopped or
              lost its connection), so the instruction to open the region there could not be sent.
              GreptimeDB does not retry this, and a new attempt to the same datanode fails the same
              way until it is back.
            </Text>
          )}
        </Alert>
      )}
      {m.submissionNote !== null && (
        <Alert color="yellow" variant="light" title="MetaSrv’s answer is unknown">
          {m.submissionNote}
        </Alert>
      )}
      {isPastOwnBound(m, serverNowMs) && (
        <Alert color="orange" variant="light" title="Past the procedure’s own bound" role="alert">
          This migration has run longer than {formatDuration(ownBound)} without an outcome in the
          route. MetaSrv’s procedure should have finished or rolled back by now; the server keeps
          following it for a little longer before calling it not progressing.
        </Alert>
      )}
      {m.states.length > 0 && (
        <div>
          <Text size="xs" c="dimmed" id={statesId}>
            States seen
          </Text>
          <ol aria-labelledby={statesId} style={{ margin: 0, paddingLeft: '1.25rem' }}>
            {m.states.map((state) => (
              <li key={`${state.atMs}-${state.code}`} data-state={state.code}>
                <Text span size="sm" ff="monospace">
                  {formatOffset(state.atMs - m.submittedAtMs)}
                </Text>{' '}
                <Text span size="sm">
                  {state.label}
                </Text>
              </li>
            ))}
            {outcome !== null && m.finishedAtMs !== null && outcome.kind === 'done' && (
              <li data-state="done">
                <Text span size="sm" ff="monospace">
                  {formatOffset(m.finishedAtMs - m.submittedAtMs)}
                </Text>{' '}
                <Text span size="sm">
                  Done
                </Text>
              </li>
            )}
          </ol>
        </div>
      )}
      {m.lastReadError !== null && m.phase === 'following' && (
        <Text size="xs" c="orange.8">
          Last route read failed: {m.lastReadError}
        </Text>
      )}
      {isReopened(m) && (
        <Alert color="yellow" variant="light" title="Reopened">
          This migration was ended as “Failed (inferred)”, then the route changed: the server
          follows the change to its outcome.
        </Alert>
      )}
      <OutcomeDetail migration={m} />
      {canMutate && onRetryTo !== undefined && (isInferredFailure(m) || isTargetUnreachable) && (
        <RetryElsewhere migration={m} isRetrying={isRetrying} onRetryTo={onRetryTo} />
      )}
      {canRetry && (
        <Group>
          <Button size="xs" variant="light" onClick={onRetry} loading={isRetrying}>
            Re-read the route and retry
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function OutcomeDetail({ migration: m }: { migration: TrackedMigration }) {
  const outcome = m.outcome;
  if (outcome === null) return null;
  switch (outcome.kind) {
    case 'refused': {
      const explained = explainMetasrvError(outcome.text, 'migration');
      return (
        <Alert color="red" variant="light" title={explained.title}>
          <Stack gap={4}>
            <Text size="sm">
              {m.sql === undefined ? 'MetaSrv' : 'The frontend'}
              {outcome.metasrvAddr === null ? '' : ` ${outcome.metasrvAddr}`} answered{' '}
              {outcome.status}:
            </Text>
            <Code block data-testid="metasrv-text" className={classes.wrappedText}>
              {outcome.text}
            </Code>
            <Text size="sm">{explained.explanation}</Text>
          </Stack>
        </Alert>
      );
    }
    case 'not-submitted':
      return (
        <Alert color="red" variant="light" title="The console server could not reach the leader">
          {outcome.message} Nothing was started, so retrying is safe.
        </Alert>
      );
    case 'rolled-back':
      return (
        <Alert color="red" variant="light" title="Rolled back">
          {outcome.evidence !== undefined && (
            <Text size="sm" mb={4} data-testid="outcome-evidence">
              Evidence: {outcome.evidence}
            </Text>
          )}
          MetaSrv put the leader back on datanode {m.request.from_peer_id}.{' '}
          {m.sql === undefined
            ? `This happens when the target datanode does not catch up on the region’s WAL within the replay timeout (three tries). MetaSrv gives no reason over HTTP: look in the MetaSrv leader’s logs for procedure ${m.procedureId ?? '(unknown id)'} and in the logs of both datanodes.`
            : `The procedure’s own reason is above; the MetaSrv leader’s logs for procedure ${m.procedureId ?? '(unknown id)'} have the details.`}
        </Alert>
      );
    case 'not-progressing':
      if (outcome.inferredFailure !== undefined) {
        return (
          <Alert color="red" variant="light" title="Failed (inferred)" role="alert">
            <Stack gap={4}>
              <Text size="sm" data-testid="inferred-failure">
                {outcome.inferredFailure}
              </Text>
              {outcome.evidence !== undefined && (
                <Text size="sm" data-testid="outcome-evidence">
                  Evidence: {outcome.evidence}
                </Text>
              )}
              <Text size="sm">
                This outcome is inferred from the evidence above: MetaSrv cannot confirm it over
                HTTP (v0.6/v0.7 expose no procedure state). If the route changes later, the record
                reopens and follows the change.
              </Text>
            </Stack>
          </Alert>
        );
      }
      return (
        <Alert color="red" variant="light" title="Not progressing">
          {outcome.evidence !== undefined && (
            <Text size="sm" mb={4} data-testid="outcome-evidence">
              Evidence: {outcome.evidence}
            </Text>
          )}
          {outcome.sawChange
            ? 'The route has shown no outcome'
            : 'The route has not changed at all'}{' '}
          within the procedure’s own bound plus a margin. MetaSrv gives no reason over HTTP: look in
          the MetaSrv leader’s logs for procedure {m.procedureId ?? '(unknown id)'}
          {m.procedureId === null
            ? ''
            : `, or on a v0.7 frontend run SELECT procedure_state('${m.procedureId}')`}
          .
        </Alert>
      );
    case 'diverged':
      return (
        <Alert color="orange" variant="light" title="The route changed unexpectedly">
          {outcome.reason}
        </Alert>
      );
    case 'already-there':
      return (
        <Alert color="teal" variant="light" title="Nothing to do">
          MetaSrv answered <code>{'{"procedure_id":null}'}</code>: the region already sits on
          datanode {m.request.to_peer_id}, so no procedure was started.
        </Alert>
      );
    case 'done':
      return null;
  }
}

/**
 * One-click retry to another target: an alive datanode other than the failed target (and the
 * source, which the route still names as leader).
 */
function RetryElsewhere({
  migration: m,
  isRetrying,
  onRetryTo,
}: {
  migration: TrackedMigration;
  isRetrying: boolean;
  onRetryTo: (toPeerId: string) => void;
}) {
  const leases = useQuery({
    ...datanodeQueries.leases(m.clusterId),
    refetchInterval: LEASES_POLL_INTERVAL_MS,
  });
  if (leases.data === undefined) return null;
  const target = pickRetryTarget(leases.data, m.request.to_peer_id, m.request.from_peer_id);
  if (target === null) {
    return (
      <Text size="sm" c="dimmed">
        No other datanode has a live lease, so there is no other target to retry to.
      </Text>
    );
  }
  return (
    <Group>
      <Button
        size="xs"
        variant="light"
        loading={isRetrying}
        onClick={() => {
          onRetryTo(target);
        }}
      >
        Retry: migrate region {m.request.region_id} to datanode {target}
      </Button>
    </Group>
  );
}
