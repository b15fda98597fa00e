/**
 * The plan the user previews: made by the pure planner from the summary, then edited (moves
 * dropped or retargeted) before it runs. Before/after figures always come from applyPlan on
 * the edited list, so what the preview shows is what would be sent.
 */
import { applyPlan, type PlanEffect } from '../../domain/planner/apply-plan';
import { planDrain } from '../../domain/planner/drain';
import type { Plan, PlannedMove, PlannerInput } from '../../domain/planner/planner-types';
import { planRebalanceByBytes } from '../../domain/planner/rebalance-by-bytes';
import { planRebalanceByCount } from '../../domain/planner/rebalance-by-count';

export type PlanRequest =
  | {
      kind: 'drain';
      peerId: string;
      tableIds: number[] | null;
      /** Every region to this datanode; null: the least loaded alive one per region. */
      targetPeerId: string | null;
      maxMoves: number | null;
    }
  | { kind: 'rebalance-count'; maxMoves: number | null }
  | { kind: 'rebalance-bytes'; maxMoves: number | null };

export function makePlan(input: PlannerInput, request: PlanRequest): Plan {
  const cap = request.maxMoves ?? undefined;
  switch (request.kind) {
    case 'drain':
      return planDrain(input, {
        peerId: request.peerId,
        tableIds: request.tableIds === null ? undefined : new Set(request.tableIds),
        targetPeerId: request.targetPeerId ?? undefined,
        maxMoves: cap,
      });
    case 'rebalance-count':
      return planRebalanceByCount(input, cap);
    case 'rebalance-bytes':
      return planRebalanceByBytes(input, cap);
  }
}

export function previewEffect(input: PlannerInput, moves: readonly PlannedMove[]): PlanEffect {
  return applyPlan(input, moves);
}

/** The plan's name for people: "Move table 1024 from datanode 0 to datanode 2", "Drain datanode 3". */
export function planTitle(request: PlanRequest): string {
  switch (request.kind) {
    case 'drain': {
      const { peerId, tableIds, targetPeerId } = request;
      if (targetPeerId === null) {
        return `Drain datanode ${peerId}${tableIds === null ? '' : ` (tables ${tableIds.join(', ')})`}`;
      }
      return tableIds === null
        ? `Drain datanode ${peerId} to datanode ${targetPeerId}`
        : `Move table${tableIds.length === 1 ? '' : 's'} ${tableIds.join(', ')} from datanode ${peerId} to datanode ${targetPeerId}`;
    }
    case 'rebalance-count':
      return 'Rebalance by region count';
    case 'rebalance-bytes':
      return 'Rebalance by bytes';
  }
}
