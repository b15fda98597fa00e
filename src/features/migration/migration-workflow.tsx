import { useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { isApiError } from '../../api/api-error';
import type { RegionMigrationRequest } from '../../domain/api-contract';
import { ApiErrorAlert } from '../errors/api-error-alert';
import type { RegionRow } from '../region-grid/grid-model';
import { MigrationForm } from './migration-form';
import { MigrationSummary } from './migration-summary';
import { MigrationProgressView } from './migration-progress-view';
import { checkReplayTimeout, DEFAULT_REPLAY_TIMEOUT } from './replay-timeout';
import { useSubmitMigration } from './use-submit-migration';

interface MigrationWorkflowProps {
  clusterId: string;
  tableId: string;
  region: RegionRow;
  routePeers: ReadonlyArray<{ id: string; addr: string }>;
  onClose: () => void;
}

/** Form, then submission result, then the migration followed through the route. */
export function MigrationWorkflow({
  clusterId,
  tableId,
  region,
  routePeers,
  onClose,
}: MigrationWorkflowProps) {
  const mutation = useSubmitMigration(clusterId);
  const [targetPeerId, setTargetPeerId] = useState<string | null>(null);
  const [replayTimeout, setReplayTimeout] = useState(DEFAULT_REPLAY_TIMEOUT);

  const sent = mutation.variables;
  const isOutcomeUnknown =
    isApiError(mutation.error, 'proxy') &&
    mutation.error.detail.code === 'submission-outcome-unknown';
  const procedureId = mutation.data?.procedureId ?? null;
  const isAlreadyThere = mutation.isSuccess && procedureId === null;
  const isFollowing =
    sent !== undefined && ((mutation.isSuccess && procedureId !== null) || isOutcomeUnknown);

  const handleSubmit = (request: RegionMigrationRequest) => {
    mutation.mutate(request);
  };

  return (
    <Stack gap="md">
      <MigrationSummary region={region} tableId={tableId} isFollowing={isFollowing} />

      {isAlreadyThere && sent !== undefined && (
        <Alert color="teal" title="Nothing to do" role="status">
          Region {sent.region_id} is already on datanode {sent.to_peer_id}, so MetaSrv started no
          procedure (it answered <code>{'{"procedure_id":null}'}</code>).
        </Alert>
      )}

      {mutation.isError && (
        <ApiErrorAlert error={mutation.error} context="migration">
          {isOutcomeUnknown && (
            <Text size="sm" fw={500}>
              The request may or may not have reached MetaSrv, so the console does not send it
              again. It is re-reading the route below to see whether the migration started.
            </Text>
          )}
        </ApiErrorAlert>
      )}

      {isFollowing ? (
        <>
          {procedureId !== null && (
            <Text size="sm">
              MetaSrv accepted the migration as procedure{' '}
              <Text span ff="monospace" fw={600} data-testid="procedure-id">
                {procedureId}
              </Text>
              .
            </Text>
          )}
          <MigrationProgressView
            migration={{
              clusterId,
              tableId,
              regionId: sent.region_id,
              sourcePeerId: sent.from_peer_id,
              targetPeerId: sent.to_peer_id,
              replayTimeoutMs: replayTimeoutMsOf(sent.replay_timeout),
              submittedAtMs: mutation.submittedAt,
            }}
            procedureId={procedureId}
            routePeers={routePeers}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </>
      ) : isAlreadyThere ? (
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      ) : (
        <MigrationForm
          clusterId={clusterId}
          region={region}
          routePeers={routePeers}
          targetPeerId={targetPeerId}
          onTargetChange={setTargetPeerId}
          replayTimeout={replayTimeout}
          onReplayTimeoutChange={setReplayTimeout}
          isSubmitting={mutation.isPending}
          onSubmit={handleSubmit}
          onCancel={onClose}
        />
      )}
    </Stack>
  );
}

function replayTimeoutMsOf(text: string): number {
  const check = checkReplayTimeout(text);
  // The form only sends valid values; 1 s (MetaSrv's default) is a safe floor otherwise.
  return check.ok ? check.ms : 1_000;
}
