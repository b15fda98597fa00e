/**
 * The migrate dialog's body: form, then the server's record of the migration. The server
 * submits and follows; this component only watches, so closing the dialog (or the tab)
 * changes nothing about the migration. One idempotency key per intent: a double click or a
 * re-send after a lost answer returns the same record, never a second procedure.
 */
import { useCallback, useState } from 'react';
import { Alert, Anchor, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { isApiError } from '../../api/api-error';
import { CurlCommandBox } from '../../components/curl-command-box';
import { useCanMutate } from '../../components/permissions';
import { useNow } from '../../components/use-now';
import type { RegionMigrationRequest } from '../../../contract/api-contract';
import { timeoutSecondsOf } from '../../../contract/duration';
import { migrateRegionStatement } from '../../../contract/sql/statements';
import type { TrackedMigration } from '../../../contract/tracked-migration';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { MigrationForm } from './migration-form';
import { MigrationSummary } from './migration-summary';
import {
  checkMigrationTimeout,
  defaultTimeoutText,
  useMigrationTimeoutField,
} from '../../queries/migration-timeout';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import type { RegionRow } from '../../domain/region-row';
import type { CallerSuggestion } from '../../domain/suggested-target';
import {
  migrationPollInterval,
  newIdempotencyKey,
  trackedMigrationQueries,
  useSubmitTrackedMigration,
} from '../../queries/tracked-migration-queries';
import { TrackedMigrationView } from './tracked-migration-view';
import {
  metasrvCommand,
  sqlCommand,
  useCommandTarget,
  type CommandTarget,
} from '../../queries/command-target';
import { useRetryMigration } from './use-retry-migration';
import { useTargetChoice } from './use-target-choice';
import classes from './migration.module.css';

export const REGION_MIGRATION_DOCS_URL =
  'https://docs.greptime.com/user-guide/administration/manage-data/region-migration';

interface TrackedMigrationWorkflowProps {
  clusterId: string;
  tableId: string;
  region: RegionRow;
  routePeers: ReadonlyArray<{ id: string; addr: string }>;
  /** Preselected target, when the move was started from a target cell or a drop. */
  initialTargetPeerId?: string | null;
  /** Suggested by the opener on a measure of its own (see useTargetChoice). */
  callerSuggestion?: CallerSuggestion | null;
  onClose: () => void;
}

/**
 * The request as a command: legacy MetaSrv's `/admin/region-migration`, or on the SQL path the
 * migrate_region statement the server builds from it (null if the timeout is not whole seconds).
 */
export function migrationCommand(
  target: CommandTarget,
  request: RegionMigrationRequest,
): string | null {
  if (target.generation === 'sql') {
    const seconds = timeoutSecondsOf(request.replay_timeout);
    if (seconds === null) return null;
    const { region_id, from_peer_id, to_peer_id } = request;
    return sqlCommand(
      target,
      migrateRegionStatement(
        { region_id, from_peer_id, to_peer_id, timeout_secs: String(seconds) },
        target.facts,
      ),
    );
  }
  return metasrvCommand(target, {
    path: '/admin/region-migration',
    method: 'POST',
    params: [
      ['region_id', request.region_id],
      ['from_peer_id', request.from_peer_id],
      ['to_peer_id', request.to_peer_id],
      ['replay_timeout', request.replay_timeout],
    ],
  });
}

export function TrackedMigrationWorkflow({
  clusterId,
  tableId,
  region,
  routePeers,
  initialTargetPeerId = null,
  callerSuggestion = null,
  onClose,
}: TrackedMigrationWorkflowProps) {
  const mutation = useSubmitTrackedMigration(clusterId);
  const { retry, isRetrying, problem: retryProblem } = useRetryMigration(clusterId);
  // One intent, one key: made when the dialog opens, kept for re-sends of the same request.
  const [key] = useState(newIdempotencyKey);
  const choice = useTargetChoice(
    clusterId,
    tableId,
    region,
    routePeers,
    initialTargetPeerId,
    callerSuggestion,
  );
  const { targetPeerId } = choice;
  const timeoutField = useMigrationTimeoutField(clusterId);
  // Null until typed in: the default follows the field (5m legacy, 300 s on v1.1.4...).
  const [typedTimeout, setReplayTimeout] = useState<string | null>(null);
  const replayTimeout = typedTimeout ?? defaultTimeoutText(timeoutField);
  const timeoutCheck = checkMigrationTimeout(timeoutField, replayTimeout);
  const [watchedId, setWatchedId] = useState<string | null>(null);
  const target = useCommandTarget(clusterId);
  // Stated while the version is unknown too: better once too often than missing.
  const needsRemoteWal =
    target === null || target.generation === 'legacy' || target.facts.needsRemoteWalForMigration;
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'recent'),
    refetchInterval: migrationPollInterval(idleInterval),
  });
  const now = useNow(1_000, watchedId !== null);

  const submittedId = watchedId ?? mutation.data?.migration.id ?? null;
  const fromList = list.data?.migrations.find((m) => m.id === submittedId);
  const record: TrackedMigration | undefined =
    fromList ?? (mutation.data?.migration.id === submittedId ? mutation.data.migration : undefined);
  const serverNowMs =
    (list.data?.nowMs ?? mutation.data?.nowMs ?? now) + (now - list.dataUpdatedAt);
  // Read-only mode: nothing here may be sent again (the server refuses it anyway).
  const canMutate = useCanMutate();
  const isLost = canMutate && mutation.isError && isApiError(mutation.error, 'network');

  const focusOnMount = useCallback((element: HTMLElement | null) => {
    element?.focus();
  }, []);

  const submit = (request: RegionMigrationRequest) => {
    mutation.mutate(
      { request, key },
      {
        onSuccess: (answer) => {
          setWatchedId(answer.migration.id);
        },
      },
    );
  };

  const pending =
    targetPeerId === null || region.leaderPeerId === null || !timeoutCheck.ok
      ? null
      : {
          region_id: region.regionId,
          from_peer_id: region.leaderPeerId,
          to_peer_id: targetPeerId,
          replay_timeout: timeoutCheck.replayTimeout,
        };

  return (
    <Stack gap="md">
      <MigrationSummary region={region} tableId={tableId} isFollowing={record !== undefined} />

      {record === undefined && needsRemoteWal && (
        <Alert color="blue" variant="light" title="Before you migrate">
          Region migration in GreptimeDB v0.6 to v0.9 only works when the cluster uses remote
          (Kafka) WAL and shared object storage: the target datanode must be able to read the
          region’s data and replay its WAL. On local WAL or local disks the migration rolls back.{' '}
          {/* The alert's own text colour: the theme's link colour lacks contrast on it in dark mode. */}
          <Anchor
            href={REGION_MIGRATION_DOCS_URL}
            target="_blank"
            rel="noreferrer"
            className={classes.alertLink}
          >
            GreptimeDB’s region-migration docs
          </Anchor>
        </Alert>
      )}

      {mutation.isError && (
        <ApiErrorAlert error={mutation.error} context="migration">
          {isLost && (
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                The console server’s answer did not arrive. Sending the same request again is safe:
                it carries the same key, so the server returns the migration it already has instead
                of starting a second one.
              </Text>
              <Button
                size="xs"
                variant="light"
                onClick={() => {
                  submit(mutation.variables.request);
                }}
              >
                Send the same request again
              </Button>
            </Stack>
          )}
        </ApiErrorAlert>
      )}

      {record !== undefined ? (
        // Submitting replaces the form, and the focused button with it: focus moves to the
        // record, so that keyboard users (and Escape, which the dialog hears only from inside)
        // keep their place.
        <Stack gap="md" ref={focusOnMount} tabIndex={-1} className={classes.record}>
          <TrackedMigrationView
            migration={record}
            serverNowMs={serverNowMs}
            isRetrying={isRetrying}
            onRetry={() => {
              void retry(record).then((next) => {
                if (next !== null) setWatchedId(next.id);
              });
            }}
            onRetryTo={(toPeerId) => {
              void retry(record, toPeerId).then((next) => {
                if (next !== null) setWatchedId(next.id);
              });
            }}
          />
          {retryProblem !== null && (
            <Text size="sm" c="red" role="alert">
              Retry not sent: {retryProblem}
            </Text>
          )}
          {record.sql === undefined ? (
            target !== null && (
              <SubmittedCommand command={migrationCommand(target, record.request)} />
            )
          ) : (
            <>
              <Text size="sm">
                Statement sent to the frontend{' '}
                <Code data-testid="sql-statement">{record.sql.statement}</Code>
              </Text>
              {target?.generation === 'sql' && (
                <SubmittedCommand command={sqlCommand(target, record.sql.statement)} />
              )}
            </>
          )}
          <Text size="xs" c="dimmed">
            The server keeps following this migration after the dialog closes; the Migrations tray
            and the History page show it.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      ) : (
        <>
          <MigrationForm
            region={region}
            choice={choice}
            timeoutField={timeoutField}
            replayTimeout={replayTimeout}
            onReplayTimeoutChange={setReplayTimeout}
            isSubmitting={mutation.isPending}
            onSubmit={submit}
            onCancel={onClose}
          />
          {pending !== null && target !== null && (
            <SubmittedCommand
              label="Equivalent command"
              command={migrationCommand(target, pending)}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function SubmittedCommand({
  command,
  label = 'Equivalent command (as submitted)',
}: {
  command: string | null;
  label?: string;
}) {
  return command === null ? null : <CurlCommandBox label={label} command={command} />;
}
