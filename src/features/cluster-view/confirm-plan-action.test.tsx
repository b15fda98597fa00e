// @vitest-environment jsdom
/**
 * Issue 15: plan actions ask for confirmation; more than 50 moves need the cluster's name
 * typed. The estimate comes from this cluster's past migrations, or the timeout without any,
 * and a count rebalance that makes bytes less even says so with both figures.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TrackedMigration } from '../../../contract/tracked-migration';
import { applyPlan } from '../../domain/planner/apply-plan';
import type { PlannerInput } from '../../domain/planner/planner-types';
import { renderWithProviders } from '../../test/render-with-providers';
import { ConfirmPlanAction } from './confirm-plan-action';
import { describeEstimate, worseBytesWarning } from './plan-panel';
import { estimatePlanDuration } from './plan-estimate';

afterEach(cleanup);

function renderConfirm(moveCount: number, onConfirm = vi.fn()) {
  renderWithProviders(
    <ConfirmPlanAction
      title="Run this plan on cluster prod-eu?"
      clusterId="prod-eu"
      moveCount={moveCount}
      confirmLabel={`Run ${String(moveCount)} moves on cluster prod-eu`}
      onConfirm={onConfirm}
      onClose={vi.fn()}
    >
      <p>summary</p>
    </ConfirmPlanAction>,
  );
  return onConfirm;
}

describe('ConfirmPlanAction', () => {
  it('runs on one confirming click for 50 moves', async () => {
    const onConfirm = renderConfirm(50);
    expect(screen.getByRole('dialog', { name: 'Run this plan on cluster prod-eu?' })).toBeVisible();
    expect(screen.queryByLabelText(/Type the cluster’s name/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Run 50 moves on cluster prod-eu' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('needs the cluster’s name typed for 51 moves', async () => {
    const onConfirm = renderConfirm(51);
    const run = screen.getByRole('button', { name: 'Run 51 moves on cluster prod-eu' });
    expect(run).toBeDisabled();
    const name = screen.getByLabelText('Type the cluster’s name “prod-eu” to confirm 51 moves');
    await userEvent.type(name, 'prod-e');
    expect(run).toBeDisabled();
    await userEvent.type(name, 'u');
    expect(run).toBeEnabled();
    await userEvent.click(run);
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});

function migration(submittedAtMs: number, finishedAtMs: number, kind: 'done' | 'rolled-back') {
  return {
    submittedAtMs,
    finishedAtMs,
    outcome: kind === 'done' ? { kind } : { kind, evidence: undefined },
  } as unknown as TrackedMigration;
}

describe('the plan’s estimated duration', () => {
  it('is the median of this cluster’s done migrations, per round of the concurrency', () => {
    const past = [
      migration(0, 4_000, 'done'),
      migration(0, 10_000, 'done'),
      migration(0, 6_000, 'done'),
      migration(0, 900_000, 'rolled-back'),
    ];
    expect(describeEstimate(estimatePlanDuration(past, 6, 2, '5m'), 2)).toBe(
      'Estimated duration: about 18 s (median 6 s of this cluster’s 3 past migrations, concurrency 2).',
    );
  });

  it('is the timeout per move where there is no history', () => {
    expect(describeEstimate(estimatePlanDuration([], 3, 1, '20s'), 1)).toBe(
      'Estimated duration: up to 1 min (no past migrations on this cluster, so the timeout of 20 s per move, concurrency 1).',
    );
  });
});

describe('a count rebalance that makes bytes less even', () => {
  // A hand-made move list that piles the big region onto the datanode holding the most bytes.
  const input: PlannerInput = {
    datanodes: [
      { peerId: '0', isAlive: true },
      { peerId: '1', isAlive: true },
      { peerId: '2', isAlive: true },
    ],
    regions: [
      { regionId: '1', tableId: 1, peerId: '0', bytes: 5 },
      { regionId: '2', tableId: 1, peerId: '0', bytes: 5 },
      { regionId: '3', tableId: 1, peerId: '0', bytes: 5 },
      { regionId: '4', tableId: 1, peerId: '1', bytes: 10 },
    ],
  };
  const moves = [{ regionId: '4', tableId: 1, fromPeerId: '1', toPeerId: '0', bytes: 10 }];

  it('shows both figures', () => {
    const effect = applyPlan(input, moves);
    const warning = worseBytesWarning(true, effect);
    expect(warning).toBe(
      `Balancing region counts makes bytes less even: the bytes CV rises from ${effect.bytesSkewBefore.cv.toFixed(3)} to ${effect.bytesSkewAfter.cv.toFixed(3)}, by more than 0.01.`,
    );
    expect(effect.bytesSkewAfter.cv).toBeGreaterThan(effect.bytesSkewBefore.cv + 0.01);
  });

  it('says nothing for a bytes rebalance or when bytes do not get worse', () => {
    expect(worseBytesWarning(false, applyPlan(input, moves))).toBeNull();
    expect(worseBytesWarning(true, applyPlan(input, []))).toBeNull();
  });
});
