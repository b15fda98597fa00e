/**
 * Rebalance by bytes, greedily: repeatedly move one region from the heaviest alive datanode
 * to the lightest, choosing the region whose size brings the two closest to their midpoint.
 * A region moves only if it is smaller than the gap, so the sum of squared loads drops with
 * every move (skew never rises, whatever prefix runs). Stops at the cap, or when no region
 * of the heaviest datanode helps. Exact balancing by size is NP-hard; greedy is predictable.
 */
import { Placement, comparePeerIds, type NodeState } from './placement.ts';
import { skewOf } from './skew.ts';
import {
  NO_MOVE_CAP,
  type Plan,
  type PlannedMove,
  type PlannerInput,
  type PlannerRegion,
} from './planner-types.ts';

export interface BytesPlan extends Plan {
  cvBefore: number;
  cvAfter: number;
}

/** Without a cap, a safety bound: one move per region is far more than greedy ever needs. */
function moveBound(input: PlannerInput, maxMoves: number): number {
  return Math.min(maxMoves, input.regions.length);
}

function bestRegion(
  placement: Placement,
  from: NodeState,
  to: NodeState,
  moved: ReadonlySet<string>,
): PlannerRegion | undefined {
  const gap = from.bytes - to.bytes;
  let best: PlannerRegion | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let bestSpread = Number.NEGATIVE_INFINITY;
  for (const region of from.regions.values()) {
    // A plan moves a region once: each move names where the region is when the plan starts.
    if (moved.has(region.regionId) || region.bytes <= 0 || region.bytes >= gap) continue;
    const distance = Math.abs(gap / 2 - region.bytes);
    // Among equally good sizes, prefer the table most piled on the source.
    const spread =
      placement.tableCount(from, region.tableId) - placement.tableCount(to, region.tableId);
    if (distance < bestDistance || (distance === bestDistance && spread > bestSpread)) {
      best = region;
      bestDistance = distance;
      bestSpread = spread;
    }
  }
  return best;
}

export function planRebalanceByBytes(
  input: PlannerInput,
  maxMoves: number = NO_MOVE_CAP,
): BytesPlan {
  const placement = new Placement(input);
  const alive = placement.alive();
  const notes: string[] = [];
  const cvBefore = skewOf(alive.map((n) => n.bytes)).cv;
  if (alive.length < 2) {
    notes.push('Fewer than two alive datanodes: there is nowhere to rebalance to.');
    return { kind: 'rebalance-bytes', moves: [], cutByCap: 0, notes, cvBefore, cvAfter: cvBefore };
  }
  const moves: PlannedMove[] = [];
  const movedIds = new Set<string>();
  const bound = moveBound(input, maxMoves);
  let cutByCap = 0;
  for (;;) {
    const sorted = [...alive].sort(
      (a, b) => b.bytes - a.bytes || comparePeerIds(a.peerId, b.peerId),
    );
    const heaviest = sorted[0];
    const lightest = sorted[sorted.length - 1];
    if (heaviest === undefined || lightest === undefined || heaviest === lightest) break;
    const region = bestRegion(placement, heaviest, lightest, movedIds);
    if (region === undefined) break;
    if (moves.length >= bound) {
      // There was a useful move left: report that the cap cut the plan short.
      cutByCap = 1;
      break;
    }
    moves.push(placement.move(region, lightest.peerId));
    movedIds.add(region.regionId);
  }
  const cvAfter = skewOf(alive.map((n) => n.bytes)).cv;
  if (cutByCap > 0) notes.push(`Stopped at the cap of ${moves.length} moves; more would help.`);
  return { kind: 'rebalance-bytes', moves, cutByCap, notes, cvBefore, cvAfter };
}
