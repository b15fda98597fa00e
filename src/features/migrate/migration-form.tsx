import { useId, type SubmitEvent } from 'react';
import {
  Button,
  Group,
  Loader,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { MigrationTimeoutField } from '../../api/cluster-api-interface';
import type { RegionMigrationRequest } from '../../../contract/api-contract';
import { describeLoad } from '../../domain/datanode-figures';
import type { TargetWeighting } from '../../domain/suggested-target';
import { WEIGHTING_LABELS } from '../../preferences/weighting';
import type { DatanodeFiguresResult } from '../../queries/use-datanode-figures';
import type { RegionRow } from '../../domain/region-row';
import { checkMigrationTimeout } from '../../queries/migration-timeout';
import type { TargetBasis, TargetChoice } from './use-target-choice';
import classes from './migration.module.css';

const WEIGHTING_NOUNS: Record<TargetWeighting, string> = {
  count: 'region count',
  bytes: 'size in bytes',
  load: 'query load',
};

interface MigrationFormProps {
  region: RegionRow;
  choice: TargetChoice;
  /** How the connected cluster's API takes the timeout (ClusterApi.timeoutField). */
  timeoutField: MigrationTimeoutField;
  replayTimeout: string;
  onReplayTimeoutChange: (text: string) => void;
  isSubmitting: boolean;
  onSubmit: (request: RegionMigrationRequest) => void;
  onCancel: () => void;
}

export function MigrationForm(props: MigrationFormProps) {
  const { region, replayTimeout, choice } = props;
  const { datanodes, options, targetPeerId } = choice;
  const leasesQuery = datanodes.leases;
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
          <Stack gap="xs">
            <Suggestion choice={choice} />
            <Radio.Group
              label="Target datanode"
              description="Only datanodes with a live lease (a heartbeat within 10 s, by MetaSrv’s clock) can take the region."
              value={target?.peerId ?? null}
              onChange={choice.onTargetChange}
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
          </Stack>
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
          className={classes.timeout}
        />

        {/* Sticky: at 1280×720 the dialog scrolls, and the action stays in view. */}
        <Stack gap={4} align="flex-end" className={classes.actions} data-testid="migrate-actions">
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

/**
 * The suggested target with its reason, and what it is measured on (the weightings this
 * cluster reports). Preselected, never forced: the user picks any other offered datanode.
 */
function Suggestion({ choice }: { choice: TargetChoice }) {
  const { suggestion, weighting, weightings, callerSuggestion } = choice;
  const labelId = useId();
  const labelOf = (basis: TargetBasis) =>
    basis === 'caller' ? (callerSuggestion?.label ?? 'Suggested') : WEIGHTING_LABELS[basis];
  return (
    <Stack gap={4}>
      {weightings.length > 1 && (
        <Group gap="xs" align="center">
          <Text size="sm" fw={500} id={labelId}>
            Suggest the datanode lowest on
          </Text>
          <SegmentedControl
            size="xs"
            aria-labelledby={labelId}
            data={weightings.map((value) => ({ value, label: labelOf(value) }))}
            value={weighting}
            onChange={(value) => {
              const next = weightings.find((w) => w === value);
              if (next !== undefined) choice.onWeightingChange(next);
            }}
          />
        </Group>
      )}
      <Text size="sm" data-testid="suggested-target">
        {suggestion === null
          ? choice.datanodes.isFiguresPending
            ? 'Reading datanode figures for a suggestion…'
            : `No suggestion: no alive datanode other than the current leader has a known ${weighting === 'caller' ? `figure on ${labelOf(weighting)}` : WEIGHTING_NOUNS[weighting]}.`
          : `Suggested: ${suggestion.reason}.`}
      </Text>
      {choice.callerSetAside !== null && (
        <Text size="xs" c="orange.8" data-testid="suggestion-set-aside">
          {choice.callerSetAside}
        </Text>
      )}
      {choice.weightingSetAside !== null && (
        <Text size="xs" c="dimmed" data-testid="weighting-set-aside">
          {choice.weightingSetAside}
        </Text>
      )}
    </Stack>
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
