import { useId, type SubmitEvent } from 'react';
import { Button, Group, Loader, Radio, Stack, Text, TextInput } from '@mantine/core';
import type { MigrationTimeoutField } from '../../api/cluster-api-interface';
import type { RegionMigrationRequest } from '../../../contract/api-contract';
import { CLUSTER_SUMMARY_POLL_INTERVAL_MS } from '../../queries/cluster-summary-queries';
import { describeLoad } from '../../domain/datanode-figures';
import { LEASES_POLL_INTERVAL_MS } from '../../queries/datanode-queries';
import { useDatanodeFigures, type DatanodeFiguresResult } from '../../queries/use-datanode-figures';
import type { RegionRow } from '../../domain/region-row';
import { checkMigrationTimeout } from '../../queries/migration-timeout';
import { buildTargetOptions } from './target-options';

interface MigrationFormProps {
  clusterId: string;
  /** The open table, for "regions of this table" beside each target. */
  tableId: string;
  region: RegionRow;
  routePeers: ReadonlyArray<{ id: string; addr: string }>;
  targetPeerId: string | null;
  onTargetChange: (peerId: string) => void;
  /** How the connected cluster's API takes the timeout (ClusterApi.timeoutField). */
  timeoutField: MigrationTimeoutField;
  replayTimeout: string;
  onReplayTimeoutChange: (text: string) => void;
  isSubmitting: boolean;
  onSubmit: (request: RegionMigrationRequest) => void;
  onCancel: () => void;
}

export function MigrationForm(props: MigrationFormProps) {
  const { region, targetPeerId, replayTimeout } = props;
  const tableIdNumber = Number(props.tableId);
  // The datanodes panel's figures beside each choice, so the least-loaded target is picked
  // knowingly (shared with the panel's cache; the picker works without them), and fresh
  // leases while the user chooses: a datanode can die while the dialog is open.
  const datanodes = useDatanodeFigures(
    props.clusterId,
    Number.isSafeInteger(tableIdNumber) ? tableIdNumber : null,
    { leases: LEASES_POLL_INTERVAL_MS, figures: CLUSTER_SUMMARY_POLL_INTERVAL_MS },
  );
  const leasesQuery = datanodes.leases;
  const options =
    leasesQuery.data === undefined
      ? []
      : buildTargetOptions(leasesQuery.data, region.leaderPeerId, props.routePeers);
  const figuresByPeer = new Map(datanodes.figures.map((f) => [f.peerId, f]));
  const target = options.find(
    (option) => option.peerId === targetPeerId && option.disabledReason === null,
  );
  const timeoutCheck = checkMigrationTimeout(props.timeoutField, replayTimeout);
  const blockedReasonId = useId();

  const blockedReason =
    region.leaderPeerId === null
      ? 'This region has no leader peer, so there is nothing to migrate from.'
      : target === undefined
        ? 'Choose a target datanode.'
        : !timeoutCheck.ok
          ? `Enter a valid ${props.timeoutField.label.replace(/ \(seconds\)$/, '').toLowerCase()}.`
          : null;

  const handleSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (
      blockedReason !== null ||
      target === undefined ||
      region.leaderPeerId === null ||
      !timeoutCheck.ok
    )
      return;
    props.onSubmit({
      region_id: region.regionId,
      from_peer_id: region.leaderPeerId,
      to_peer_id: target.peerId,
      // Legacy: sent exactly as typed (the parser that approved it mirrors MetaSrv's);
      // SQL path: whole seconds as `300s`, turned back into migrate_region's 4th argument.
      replay_timeout: timeoutCheck.replayTimeout,
    });
  };

  const submitLabel =
    target === undefined
      ? `Migrate region ${region.regionId}`
      : `Migrate region ${region.regionId} to datanode ${target.peerId}`;

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Migration settings">
      <Stack gap="md">
        {leasesQuery.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading datanode leases…</Text>
          </Group>
        ) : leasesQuery.isError && leasesQuery.data === undefined ? (
          <Text size="sm" c="red" role="alert">
            Datanode leases could not be read, so no target can be offered:{' '}
            {leasesQuery.error.message}
          </Text>
        ) : (
          <Radio.Group
            label="Target datanode"
            description="Only datanodes with a live lease (a heartbeat within 10 s, by MetaSrv’s clock) can take the region."
            value={target?.peerId ?? null}
            onChange={props.onTargetChange}
          >
            <Stack gap="xs" mt="xs">
              {options.map((option) => {
                const load = describeLoad(figuresByPeer.get(option.peerId));
                return (
                  <Radio
                    key={option.peerId}
                    value={option.peerId}
                    label={`Datanode ${option.peerId} (${option.addr})`}
                    description={
                      load === null ? option.description : `${option.description} · ${load}`
                    }
                    disabled={option.disabledReason !== null}
                  />
                );
              })}
            </Stack>
            {datanodes.problems.map((problem) => (
              <Text key={problem} size="xs" c="orange.8" mt={4}>
                {problem}
              </Text>
            ))}
            <FiguresNote figures={datanodes} />
          </Radio.Group>
        )}

        <TextInput
          label={props.timeoutField.label}
          description={
            props.timeoutField.kind === 'humantime'
              ? 'How long the target may take to catch up on the WAL before MetaSrv rolls back. GreptimeDB’s docs use 5m; MetaSrv’s own default, 1s, is short for a busy region. The console always sends this value.'
              : `${props.timeoutField.description} The console always sends this value.`
          }
          inputMode={props.timeoutField.kind === 'seconds' ? 'numeric' : undefined}
          value={replayTimeout}
          onChange={(event) => {
            props.onReplayTimeoutChange(event.currentTarget.value);
          }}
          error={timeoutCheck.ok ? null : timeoutCheck.message}
          autoComplete="off"
          spellCheck={false}
          w={360}
        />

        <Stack gap={4} align="flex-end">
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={blockedReason !== null}
              loading={props.isSubmitting}
              aria-describedby={blockedReason === null ? undefined : blockedReasonId}
            >
              {submitLabel}
            </Button>
          </Group>
          {blockedReason !== null && (
            <Text id={blockedReasonId} size="xs" c="dimmed">
              {blockedReason}
            </Text>
          )}
        </Stack>
      </Stack>
    </form>
  );
}

/** Where the figures beside each choice come from, and what the cluster does not report. */
function FiguresNote({ figures }: { figures: DatanodeFiguresResult }) {
  if (figures.generation === 'sql' && figures.sizesUnsupported === null) {
    return (
      <Text size="xs" c="dimmed" mt={4}>
        Region counts, disk size and rows: information_schema.region_statistics, over the regions
        each datanode leads.
      </Text>
    );
  }
  if (figures.rowsReported === null) return null;
  const unreported = [
    figures.rowsReported ? null : 'rows',
    figures.unitsReported === true ? null : 'read/write units',
  ].filter((part) => part !== null);
  return (
    <Text size="xs" c="dimmed" mt={4}>
      Region counts and sizes count only regions a datanode reports as Leader.
      {unreported.length === 0
        ? ''
        : ` ${unreported.join(' and ').replace(/^./, (c) => c.toUpperCase())} are not shown: this cluster’s datanodes report them as 0.`}
    </Text>
  );
}
