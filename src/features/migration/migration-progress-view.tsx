import { useId } from 'react';
import { Alert, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatDuration, formatOffset } from '../../components/format-duration';
import { leaderQueries } from '../leader/leader-queries';
import type { MigrationProgress } from './migration-progress';
import { procedureBoundMs } from './replay-timeout';
import { useMigrationFollower, type FollowedMigration } from './use-migration-follower';
import classes from './migration.module.css';

interface MigrationProgressViewProps {
  migration: FollowedMigration;
  /** Null when the submission's outcome is unknown. */
  procedureId: string | null;
  routePeers: ReadonlyArray<{ id: string; addr: string }>;
}

/** Live account of a migration read from the route: each state seen, elapsed time, outcome. */
export function MigrationProgressView({
  migration,
  procedureId,
  routePeers,
}: MigrationProgressViewProps) {
  const progress = useMigrationFollower(migration);
  const { outcome } = progress;
  const statesHeadingId = useId();

  return (
    <Stack gap="sm">
      <div role="status" aria-live="polite">
        <Text size="sm" fw={600} className={classes.outcome} data-outcome={outcome.kind}>
          {headline(progress, migration)}
        </Text>
        <Text size="xs" c="dimmed">
          Elapsed {formatDuration(progress.elapsedMs)}
          {progress.isTerminal ? '' : ' · re-reading the route every second'}
        </Text>
      </div>

      <div>
        <Text size="xs" c="dimmed" id={statesHeadingId}>
          States seen in the route
        </Text>
        {progress.states.length === 0 ? (
          <Text size="sm">Waiting for the first read of the route…</Text>
        ) : (
          <ol className={classes.timeline} aria-labelledby={statesHeadingId}>
            {progress.states.map((state) => (
              <li key={`${state.atMs}-${state.label}`}>
                <span className={classes.offset}>
                  {formatOffset(state.atMs - migration.submittedAtMs)}
                </span>
                <span>{state.label}</span>
              </li>
            ))}
          </ol>
        )}
      </div>

      {outcome.kind === 'rolled-back' && (
        <Alert color="red" variant="light" title="Rolled back">
          <Stack gap="xs">
            <Text size="sm">
              MetaSrv put the leader back on datanode {migration.sourcePeerId}. This happens when
              the target datanode does not catch up on the region’s WAL within the replay timeout
              (three tries). MetaSrv gives no reason over HTTP.
            </Text>
            <WhereToLook migration={migration} procedureId={procedureId} routePeers={routePeers} />
          </Stack>
        </Alert>
      )}
      {outcome.kind === 'not-progressing' && (
        <Alert color="red" variant="light" title="Not progressing">
          <Stack gap="xs">
            <Text size="sm">
              {outcome.sawChange
                ? 'The route has shown no outcome'
                : 'The route has not changed at all'}{' '}
              within the procedure’s own time bound (
              {formatDuration(procedureBoundMs(migration.replayTimeoutMs))}: 10 s + 3 × (replay
              timeout + 1 s), plus a margin). MetaSrv gives no reason over HTTP.
            </Text>
            <WhereToLook migration={migration} procedureId={procedureId} routePeers={routePeers} />
          </Stack>
        </Alert>
      )}
      {outcome.kind === 'diverged' && (
        <Alert color="orange" variant="light" title="The route changed unexpectedly">
          {outcome.reason}
        </Alert>
      )}
    </Stack>
  );
}

function headline(progress: MigrationProgress, migration: FollowedMigration): string {
  const region = `region ${migration.regionId}`;
  switch (progress.outcome.kind) {
    case 'done':
      return `Done: ${region} is now led by datanode ${migration.targetPeerId}.`;
    case 'rolled-back':
      return `Rolled back: ${region} is still led by datanode ${migration.sourcePeerId}.`;
    case 'not-progressing':
      return `Not progressing: ${region} has not reached datanode ${migration.targetPeerId}.`;
    case 'diverged':
      return `Stopped following: the route of ${region} changed in an unexpected way.`;
    case 'in-progress':
      return `In progress: moving ${region} from datanode ${migration.sourcePeerId} to datanode ${migration.targetPeerId}…`;
  }
}

function WhereToLook({ migration, procedureId, routePeers }: MigrationProgressViewProps) {
  // Shares the header's leader query: no extra request.
  const leader = useQuery(leaderQueries.status(migration.clusterId)).data?.leader ?? null;
  const addrOf = (peerId: string) =>
    routePeers.find((peer) => peer.id === peerId)?.addr ?? 'address unknown';
  const procedure = procedureId ?? '(id unknown: the submission’s answer was lost)';
  return (
    <>
      <Text size="sm">Where to look:</Text>
      <List size="sm" spacing={2}>
        <List.Item>
          the MetaSrv leader’s logs{leader === null ? '' : ` (${leader.addr})`}, searching for
          procedure <code>{procedure}</code>;
        </List.Item>
        <List.Item>
          the logs of datanode {migration.sourcePeerId} ({addrOf(migration.sourcePeerId)}) and
          datanode {migration.targetPeerId} ({addrOf(migration.targetPeerId)});
        </List.Item>
        {procedureId !== null && (
          <List.Item>
            on a v0.7 frontend: <code>SELECT procedure_state('{procedureId}')</code>.
          </List.Item>
        )}
      </List>
    </>
  );
}
