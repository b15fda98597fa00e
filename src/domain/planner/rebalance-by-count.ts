/**
 * Rebalance by region count over the alive datanodes, in the fewest moves possible.
 *
 * With N regions on k alive datanodes, q = ⌊N/k⌋ and r = N mod k, the even end state has r
 * datanodes at q + 1 and the rest at q. Giving the q + 1 slots to the fullest datanodes
 * minimises the moves, which then number
 *   max( Σ max(0, nᵢ − ⌈mean⌉), Σ max(0, ⌊mean⌋ − nᵢ) ).
 * The first term is the formula; the second is needed when too many datanodes sit at
 * ⌈mean⌉ while another is below ⌊mean⌋ (counts 2, 2, 0 need one move, the first term says 0).
 *
 * Every move goes from the fullest datanode still over its target to the emptiest one still
 * under it. Their counts differ by at least 2, so each move lowers the sum of squares: any
 * prefix of the plan (a cap, or the executor stopping half-way) leaves skew no worse.
 * Which region moves is chosen to keep each table spread (pickRegionToMove).
 */
import { Placement, comparePeerIds, pickRegionToMove, type NodeState } from './placement.ts';
import { NO_MOVE_CAP, type Plan, type PlannedMove, type PlannerInput } from './planner-types.ts';

export interface CountTargets {
  /** peerId -> the count it should end with. */
  targets: Map<string, number>;
  minimalMoves: number;
}

/** The even end state closest to the current counts, and how many moves reach it. */
export function countTargets(
  counts: ReadonlyArray<{ peerId: string; count: number }>,
): CountTargets {
  const k = counts.length;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const targets = new Map<string, number>();
  if (k === 0) return { targets, minimalMoves: 0 };
  const q = Math.floor(total / k);
  const r = total % k;
  const byCountDesc = [...counts].sort(
    (a, b) => b.count - a.count || comparePeerIds(a.peerId, b.peerId),
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
    alive.map((n) => ({ peerId: n.peerId, count: n.regions.size })),
  );
  const target = (node: NodeState) => targets.get(node.peerId) ?? 0;
  const moves: PlannedMove[] = [];
  while (moves.length < Math.min(maxMoves, minimalMoves)) {
    const from = extreme(
      alive,
      (n) => n.regions.size > target(n),
      (a, b) =>
        a.regions.size > b.regions.size ||
        (a.regions.size === b.regions.size && comparePeerIds(a.peerId, b.peerId) < 0),
    );
    const to = extreme(
      alive,
      (n) => n.regions.size < target(n),
      (a, b) =>
        a.regions.size < b.regions.size ||
        (a.regions.size === b.regions.size && comparePeerIds(a.peerId, b.peerId) < 0),
    );
    if (from === undefined || to === undefined) break;
    const region = pickRegionToMove(placement, from, to);
    if (region === undefined) break;
    moves.push(placement.move(region, to.peerId));
  }
  return {
    kind: 'rebalance-count',
    moves,
    cutByCap: minimalMoves - moves.length,
    notes,
  };
}
