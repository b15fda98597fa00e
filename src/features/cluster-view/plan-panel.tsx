import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCanMutate } from '../../components/permissions';
import { MAX_PLAN_CONCURRENCY, MAX_PLAN_MOVES } from '../../../contract/plan-run-contract';
import { BYTES_CV_TOLERANCE, type PlannedMove } from '../../domain/planner/planner-types';
import type { PlanEffect } from '../../domain/planner/apply-plan';
import { formatDuration } from '../../components/format-duration';
import { trackedMigrationQueries } from '../../queries/tracked-migration-queries';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import {
  checkMigrationTimeout,
  defaultTimeoutText,
  useMigrationTimeoutField,
} from '../../queries/migration-timeout';
import { plannerInputOf, type DistributionModel } from './distribution-model';
import { makePlan, planTitle, previewEffect, type PlanRequest } from './plan-preview-model';
import { PlanPreview } from './plan-preview';
import { PlanRunView } from './plan-run-view';
import { planQueries, useStartPlanRun } from './plan-queries';
import { ConfirmPlanAction } from './confirm-plan-action';
import {
  datanodeList,
  estimatePlanDuration,
  movedDatanodes,
  type PlanEstimate,
} from './plan-estimate';

type Kind = PlanRequest['kind'];

interface Draft {
  title: string;
  isDrain: boolean;
  /** The drained datanode (drain plans only). */
  drainPeerId: string | null;
  /** The chosen target of a drain or table move; null: least loaded per region. */
  targetPeerId: string | null;
  isCountRebalance: boolean;
  notes: string[];
  moves: PlannedMove[];
}

type TableIdsCheck = { ok: true; ids: number[] | null } | { ok: false; message: string };

/** Empty: every table. Otherwise table ids (u32), every one valid, or a message naming the bad one. */
function parseTableIds(text: string): TableIdsCheck {
  const tokens = text.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: true, ids: null };
  const bad = tokens.find((t) => !/^(0|[1-9][0-9]{0,9})$/.test(t) || Number(t) > 0xffff_ffff);
  if (bad !== undefined)
    return { ok: false, message: `“${bad}” is not a table id (0 to 4294967295)` };
  return { ok: true, ids: tokens.map(Number) };
}

/**
 * A count rebalance whose edited moves raise the bytes CV by more than BYTES_CV_TOLERANCE:
 * both figures, for the preview and the confirmation (null otherwise).
 */
export function worseBytesWarning(
  draftIsCountRebalance: boolean,
  effect: PlanEffect,
): string | null {
  if (!draftIsCountRebalance) return null;
  const before = effect.bytesSkewBefore.cv;
  const after = effect.bytesSkewAfter.cv;
  if (after <= before + BYTES_CV_TOLERANCE) return null;
  return `Balancing region counts makes bytes less even: the bytes CV rises from ${before.toFixed(3)} to ${after.toFixed(3)}, by more than ${String(BYTES_CV_TOLERANCE)}.`;
}

export function describeEstimate(estimate: PlanEstimate | null, concurrency: number): string {
  if (estimate === null) return 'Estimated duration: unknown (the timeout is not valid).';
  const per = `concurrency ${String(concurrency)}`;
  return estimate.kind === 'history'
    ? `Estimated duration: about ${formatDuration(estimate.totalMs)} (median ${formatDuration(estimate.medianMs)} of this cluster’s ${String(estimate.sampleCount)} past migration${estimate.sampleCount === 1 ? '' : 's'}, ${per}).`
    : `Estimated duration: up to ${formatDuration(estimate.totalMs)} (no past migrations on this cluster, so the timeout of ${formatDuration(estimate.perMoveMs)} per move, ${per}).`;
}

/**
 * Drain a datanode or rebalance, with a preview the user can edit before the server runs it.
 * The plan is made here from the summary (pure planner); the server re-reads each region's
 * route before moving it, so a stale summary costs a skipped move, never a wrong one.
 */
export function PlanPanel({ clusterId, model }: { clusterId: string; model: DistributionModel }) {
  const [kind, setKind] = useState<Kind>('rebalance-count');
  const [drainPeerId, setDrainPeerId] = useState<string | null>(null);
  const [targetPeerId, setTargetPeerId] = useState<string | null>(null);
  const [tablesText, setTablesText] = useState('');
  const tableIds = parseTableIds(tablesText);
  const [maxMoves, setMaxMoves] = useState<number | string>('');
  const [concurrency, setConcurrency] = useState<number | string>(1);
  const [continueOnFailure, setContinueOnFailure] = useState(false);
  // Legacy: a humantime replay timeout; SQL path: migrate_region's whole seconds (its meaning
  // depends on the version), as in the migrate dialog.
  const timeoutField = useMigrationTimeoutField(clusterId);
  const [typedTimeout, setTypedTimeout] = useState<string | null>(null);
  const timeoutText = typedTimeout ?? defaultTimeoutText(timeoutField);
  const timeoutCheck = checkMigrationTimeout(timeoutField, timeoutText);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const input = useMemo(() => plannerInputOf(model), [model]);
  const effect = useMemo(
    () => (draft === null ? null : previewEffect(input, draft.moves)),
    [input, draft],
  );
  const runsQuery = useQuery(planQueries.runs(clusterId));
  // Past migrations of this cluster: their median duration estimates the plan's.
  const pastMigrations = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'all'),
    enabled: draft !== null,
  });
  const start = useStartPlanRun(clusterId);
  // Read-only mode: plans can be previewed (a local what-if), not run.
  const canMutate = useCanMutate();
  const latestRun = runsQuery.data?.runs[0];
  const aliveTargets = model.datanodes
    .filter((d) => d.liveness?.kind === 'alive')
    .map((d) => d.peerId);
  const concurrencyValue = typeof concurrency === 'number' ? concurrency : 1;

  const estimateText =
    draft === null
      ? ''
      : describeEstimate(
          timeoutCheck.ok
            ? estimatePlanDuration(
                pastMigrations.data?.migrations ?? [],
                draft.moves.length,
                concurrencyValue,
                timeoutCheck.replayTimeout,
              )
            : null,
          concurrencyValue,
        );
  const bytesWarning =
    draft === null || effect === null ? null : worseBytesWarning(draft.isCountRebalance, effect);

  const handlePreview = () => {
    const cap = typeof maxMoves === 'number' ? maxMoves : null;
    let request: PlanRequest;
    if (kind !== 'drain') request = { kind, maxMoves: cap };
    else if (tableIds.ok && drainPeerId !== null) {
      request = { kind, peerId: drainPeerId, tableIds: tableIds.ids, targetPeerId, maxMoves: cap };
    } else return; // the button is disabled: a half-valid drain is never planned
    const plan = makePlan(input, request);
    const title = planTitle(request);
    // The bytes-CV note is shown as its own warning, from the edited moves (worseBytesWarning).
    const notes = plan.notes.filter(
      (note) => !note.startsWith('Balancing region counts raises the bytes CV'),
    );
    if (plan.cutByCap > 0) notes.push(`The cap leaves ${plan.cutByCap} more move(s) out.`);
    if (plan.moves.length === 0) notes.push('Nothing to move.');
    setDraft({
      title,
      isDrain: request.kind === 'drain',
      drainPeerId: request.kind === 'drain' ? request.peerId : null,
      targetPeerId: request.kind === 'drain' ? request.targetPeerId : null,
      isCountRebalance: request.kind === 'rebalance-count',
      notes,
      moves: plan.moves,
    });
  };

  const handleRun = () => {
    if (draft === null || !timeoutCheck.ok || draft.moves.length > MAX_PLAN_MOVES) return;
    start.mutate(
      {
        kind: kind,
        title: draft.title,
        moves: draft.moves,
        concurrency: concurrencyValue,
        continueOnFailure,
        replayTimeout: timeoutCheck.replayTimeout,
      },
      {
        onSuccess: () => {
          setDraft(null);
        },
        onSettled: () => {
          setIsConfirming(false);
        },
      },
    );
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Drain and rebalance
        </Title>
        <SegmentedControl
          aria-label="Plan"
          value={kind}
          onChange={(value) => {
            setKind(
              value === 'drain'
                ? 'drain'
                : value === 'rebalance-bytes'
                  ? 'rebalance-bytes'
                  : 'rebalance-count',
            );
            setDraft(null);
          }}
          data={[
            { value: 'drain', label: 'Drain a datanode' },
            { value: 'rebalance-count', label: 'Rebalance by count' },
            { value: 'rebalance-bytes', label: 'Rebalance by bytes' },
          ]}
        />
        <Group align="flex-end" gap="sm">
          {kind === 'drain' && (
            <>
              <Select
                label="Datanode to drain"
                data={model.datanodes.map((d) => ({
                  value: d.peerId,
                  label: `datanode ${d.peerId} (${d.count} regions)`,
                }))}
                value={drainPeerId}
                onChange={setDrainPeerId}
                searchable
                w={220}
              />
              <Select
                label="Move to"
                description="Empty: the least loaded alive datanode per region"
                placeholder="least loaded"
                data={aliveTargets
                  .filter((peerId) => peerId !== drainPeerId)
                  .map((peerId) => ({ value: peerId, label: `datanode ${peerId}` }))}
                value={targetPeerId}
                onChange={setTargetPeerId}
                clearable
                w={200}
              />
              <TextInput
                label="Only tables (optional)"
                placeholder="e.g. 1024, 1026"
                value={tablesText}
                error={tableIds.ok ? undefined : tableIds.message}
                onChange={(e) => {
                  setTablesText(e.currentTarget.value);
                }}
                w={180}
              />
            </>
          )}
          <NumberInput
            label="At most moves"
            placeholder="no cap"
            min={1}
            max={MAX_PLAN_MOVES}
            value={maxMoves}
            onChange={setMaxMoves}
            w={130}
          />
          <NumberInput
            label="Concurrency"
            min={1}
            max={MAX_PLAN_CONCURRENCY}
            value={concurrency}
            onChange={setConcurrency}
            w={110}
          />
          <TextInput
            label={timeoutField.label}
            value={timeoutText}
            onChange={(e) => {
              setTypedTimeout(e.currentTarget.value);
            }}
            error={timeoutCheck.ok ? undefined : timeoutCheck.message}
            w={timeoutField.kind === 'humantime' ? 130 : 220}
          />
          <Checkbox
            label="Continue on failure"
            checked={continueOnFailure}
            onChange={(e) => {
              setContinueOnFailure(e.currentTarget.checked);
            }}
            mb={8}
          />
          <Button
            onClick={handlePreview}
            disabled={kind === 'drain' && (drainPeerId === null || !tableIds.ok)}
            variant="light"
          >
            Preview plan
          </Button>
        </Group>
        {draft !== null && effect !== null && (
          <>
            {isConfirming && (
              <ConfirmPlanAction
                title={
                  draft.targetPeerId !== null
                    ? `${draft.title} on cluster ${clusterId}?`
                    : draft.drainPeerId === null
                      ? `Run this plan on cluster ${clusterId}?`
                      : `Drain datanode ${draft.drainPeerId} on cluster ${clusterId}?`
                }
                clusterId={clusterId}
                moveCount={draft.moves.length}
                confirmLabel={
                  draft.targetPeerId !== null
                    ? `${draft.title}: run ${String(draft.moves.length)} move${draft.moves.length === 1 ? '' : 's'} on cluster ${clusterId}`
                    : draft.drainPeerId === null
                      ? `Run ${String(draft.moves.length)} move${draft.moves.length === 1 ? '' : 's'} on cluster ${clusterId}`
                      : `Drain datanode ${draft.drainPeerId}: run ${String(draft.moves.length)} move${draft.moves.length === 1 ? '' : 's'} on cluster ${clusterId}`
                }
                isPending={start.isPending}
                onConfirm={handleRun}
                onClose={() => {
                  setIsConfirming(false);
                }}
              >
                <Text size="sm" data-testid="confirm-summary">
                  {draft.title} on cluster {clusterId}: {draft.moves.length} move
                  {draft.moves.length === 1 ? '' : 's'} from{' '}
                  {datanodeList(movedDatanodes(draft.moves).sources)} to{' '}
                  {datanodeList(movedDatanodes(draft.moves).targets)}.
                </Text>
                <Text size="sm" data-testid="confirm-timeout">
                  {timeoutField.label}: {timeoutText}
                  {timeoutField.kind === 'humantime' ? '' : ' s'} per move; concurrency{' '}
                  {concurrencyValue};{' '}
                  {continueOnFailure ? 'continues on failure' : 'stops at the first failure'}.
                </Text>
                <Text size="sm">{estimateText}</Text>
                {bytesWarning !== null && (
                  <Alert color="orange" variant="light" title="Bytes get less even">
                    {bytesWarning}
                  </Alert>
                )}
              </ConfirmPlanAction>
            )}
            <PlanPreview
              title={draft.title}
              isDrain={draft.isDrain}
              notes={draft.notes}
              moves={draft.moves}
              effect={effect}
              aliveTargets={aliveTargets}
              onChangeMoves={(moves) => {
                setDraft({ ...draft, moves });
              }}
              estimateText={estimateText}
              bytesWarning={bytesWarning}
            />
            <Group>
              {canMutate ? (
                <Button
                  onClick={() => {
                    setIsConfirming(true);
                  }}
                  disabled={
                    draft.moves.length === 0 ||
                    draft.moves.length > MAX_PLAN_MOVES ||
                    !timeoutCheck.ok
                  }
                >
                  Run {draft.moves.length} move{draft.moves.length === 1 ? '' : 's'} on the server
                </Button>
              ) : (
                <Text size="sm" c="dimmed" data-testid="plan-read-only">
                  Read-only mode: this plan can be previewed, not run.
                </Text>
              )}
              <Button
                variant="default"
                onClick={() => {
                  setDraft(null);
                }}
              >
                Discard plan
              </Button>
            </Group>
          </>
        )}
        {start.isError && <ApiErrorAlert error={start.error} context="migration" />}
        {runsQuery.isError && (
          <Alert color="orange">Plan runs could not be read: {runsQuery.error.message}</Alert>
        )}
        {latestRun !== undefined && <PlanRunView clusterId={clusterId} run={latestRun} />}
      </Stack>
    </Paper>
  );
}
