/**
 * Rebalance by region count over the alive datanodes, in the fewest moves possible: the plan
 * minimises the count CV, and among the plans that do so in that many moves it seeks the
 * lowest bytes CV.
 *
 * With N regions on k alive datanodes, q = ⌊N/k⌋ and r = N mod k, the even end state has r
 * datanodes at q + 1 and the rest at q. Giving the q + 1 slots to the fullest datanodes
 * minimises the moves, which then number
 *   max( Σ max(0, nᵢ − ⌈mean⌉), Σ max(0, ⌊mean⌋ − nᵢ) ).
 * The first term is the issue's formula; the second is needed when too many datanodes sit at
 * ⌈mean⌉ while another is below ⌊mean⌋ (counts 2, 2, 0 need one move, the first term says 0).
 *
 * Among datanodes of equal count the q + 1 slots go to those holding fewer bytes. Every move
 * goes from a datanode still over its count target to one still under it: the one holding the
 * most bytes to the one holding the fewest, so bytes can flow downhill. Targets differ by at
 * most 1, so the two counts differ by at least 1 and no move raises the count sum of squares:
 * any prefix of the plan (a cap, or the executor stopping half-way) leaves count skew no worse.
 * The region moved is the one that lowers the bytes sum of squares most (bytes closest to half
 * the two datanodes' difference); ties keep each table spread (pickRegionToMove's order).
 *
 * Count moves cannot always avoid worse bytes (a datanode low on regions but high on bytes
 * must take regions). When the bytes CV would rise by more than BYTES_CV_TOLERANCE the plan
 * says so in `bytesCv` and a note, for the preview to show before Run.
 */
import { Placement, comparePeerIds, pickRegionToMove, type NodeState } from './placement.ts';
import {
  BYTES_CV_TOLERANCE,
  NO_MOVE_CAP,
  type Plan,
  type PlannedMove,
  type PlannerInput,
  type PlannerRegion,
} from './planner-types.ts';
import { skewOf } from './skew.ts';

export interface CountTargets {
  /** peerId -> the count it should end with. */
  targets: Map<string, number>;
  minimalMoves: number;
}

/** The even end state closest to the current counts, and how many moves reach it. */
export function countTargets(
  counts: ReadonlyArray<{ peerId: string; count: number; bytes?: number }>,
): CountTargets {
  const k = counts.length;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const targets = new Map<string, number>();
  if (k === 0) return { targets, minimalMoves: 0 };
  const q = Math.floor(total / k);
  const r = total % k;
  const byCountDesc = [...counts].sort(
    (a, b) =>
      b.count - a.count || (a.bytes ?? 0) - (b.bytes ?? 0) || comparePeerIds(a.peerId, b.peerId),
  );
  let minimalMoves = 0;
  byCountDesc.forEach((c, index) => {
    const target = index < r ? q + 1 : q;
    targets.set(c.peerId, target);
    minimalMoves += Math.max(0, c.count - target);
  });
  return { targets, minimalMoves };
}

function extreme(
  nodes: NodeState[],
  wanted: (node: NodeState) => boolean,
  better: (a: NodeState, b: NodeState) => boolean,
): NodeState | undefined {
  let best: NodeState | undefined;
  for (const node of nodes) {
    if (!wanted(node)) continue;
    if (best === undefined || better(node, best)) best = node;
  }
  return best;
}

/** The region of `from` whose move to `to` lowers the bytes sum of squares most. */
function pickRegionForBytes(
  placement: Placement,
  from: NodeState,
  to: NodeState,
): PlannerRegion | undefined {
  // Moving b bytes changes the sum of squares by 2b(b − (from − to)): least near half the gap.
  const gap = from.bytes - to.bytes;
  let bestChange = Number.POSITIVE_INFINITY;
  for (const region of from.regions.values()) {
    bestChange = Math.min(bestChange, region.bytes * (region.bytes - gap));
  }
  return pickRegionToMove(
    placement,
    from,
    to,
    (region) => region.bytes * (region.bytes - gap) === bestChange,
  );
}

function bytesCvOf(nodes: readonly NodeState[]): number {
  return skewOf(nodes.map((n) => n.bytes)).cv;
}

export function planRebalanceByCount(input: PlannerInput, maxMoves: number = NO_MOVE_CAP): Plan {
  const placement = new Placement(input);
  const alive = placement.alive();
  const notes: string[] = [];
  const stranded = [...placement.nodes.values()].filter((n) => !n.isAlive && n.regions.size > 0);
  if (stranded.length > 0) {
    notes.push(
      `Regions on datanodes without a live lease (${stranded.map((n) => n.peerId).join(', ')}) are left where they are; drain those datanodes to move them.`,
    );
  }
  if (alive.length < 2) {
    notes.push('Fewer than two alive datanodes: there is nowhere to rebalance to.');
    return { kind: 'rebalance-count', moves: [], cutByCap: 0, notes };
  }
  const { targets, minimalMoves } = countTargets(
    alive.map((n) => ({ peerId: n.peerId, count: n.regions.size, bytes: n.bytes })),
  );
  const target = (node: NodeState) => targets.get(node.peerId) ?? 0;
  const bytesCvBefore = bytesCvOf(alive);
  const moves: PlannedMove[] = [];
  while (moves.length < Math.min(maxMoves, minimalMoves)) {
    const from = extreme(
      alive,
      (n) => n.regions.size > target(n),
      (a, b) =>
        a.bytes > b.bytes || (a.bytes === b.bytes && comparePeerIds(a.peerId, b.peerId) < 0),
    );
    const to = extreme(
      alive,
      (n) => n.regions.size < target(n),
      (a, b) =>
        a.bytes < b.bytes || (a.bytes === b.bytes && comparePeerIds(a.peerId, b.peerId) < 0),
    );
    if (from === undefined || to === undefined) break;
    const region = pickRegionForBytes(placement, from, to);
    if (region === undefined) break;
    moves.push(placement.move(region, to.peerId));
  }
  const bytesCvAfter = bytesCvOf(alive);
  const isBytesCvWorse = bytesCvAfter > bytesCvBefore + BYTES_CV_TOLERANCE;
  if (isBytesCvWorse) {
    notes.push(
      `Balancing region counts raises the bytes CV from ${bytesCvBefore.toFixed(3)} to ${bytesCvAfter.toFixed(3)} (by more than ${String(BYTES_CV_TOLERANCE)}).`,
    );
  }
  return {
    kind: 'rebalance-count',
    moves,
    cutByCap: minimalMoves - moves.length,
    notes,
    bytesCv: { before: bytesCvBefore, after: bytesCvAfter, isWorse: isBytesCvWorse },
  };
}
