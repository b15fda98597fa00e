/**
 * Mutable bookkeeping shared by the planners: per datanode, its regions, their count and
 * bytes, and per table how many of its regions sit there. Applying a move updates all of it,
 * so each planner step sees the state its earlier moves produced.
 */
import type { PlannedMove, PlannerDatanode, PlannerInput, PlannerRegion } from './planner-types.ts';

export interface NodeState {
  peerId: string;
  isAlive: boolean;
  regions: Map<string, PlannerRegion>;
  bytes: number;
  byTable: Map<number, number>;
}

export class Placement {
  readonly nodes = new Map<string, NodeState>();

  constructor(input: PlannerInput) {
    for (const d of input.datanodes) this.ensure(d);
    for (const region of input.regions) {
      // A region led by a peer that holds no lease still counts where it is: it is not alive.
      const node = this.ensure({ peerId: region.peerId, isAlive: false });
      this.add(node, region);
    }
  }

  private ensure(d: PlannerDatanode): NodeState {
    let node = this.nodes.get(d.peerId);
    if (node === undefined) {
      node = {
        peerId: d.peerId,
        isAlive: d.isAlive,
        regions: new Map(),
        bytes: 0,
        byTable: new Map(),
      };
      this.nodes.set(d.peerId, node);
    }
    return node;
  }

  private add(node: NodeState, region: PlannerRegion): void {
    node.regions.set(region.regionId, region);
    node.bytes += region.bytes;
    node.byTable.set(region.tableId, (node.byTable.get(region.tableId) ?? 0) + 1);
  }

  private remove(node: NodeState, region: PlannerRegion): void {
    node.regions.delete(region.regionId);
    node.bytes -= region.bytes;
    const left = (node.byTable.get(region.tableId) ?? 1) - 1;
    if (left === 0) node.byTable.delete(region.tableId);
    else node.byTable.set(region.tableId, left);
  }

  alive(): NodeState[] {
    return [...this.nodes.values()].filter((n) => n.isAlive);
  }

  tableCount(node: NodeState, tableId: number): number {
    return node.byTable.get(tableId) ?? 0;
  }

  /** Moves a region between datanodes and returns the move; the caller chose a valid pair. */
  move(region: PlannerRegion, toPeerId: string): PlannedMove {
    const from = this.nodes.get(region.peerId);
    const to = this.nodes.get(toPeerId);
    if (from === undefined || to === undefined) throw new Error('unknown datanode');
    this.remove(from, region);
    const moved = { ...region, peerId: toPeerId };
    this.add(to, moved);
    return {
      regionId: region.regionId,
      tableId: region.tableId,
      fromPeerId: from.peerId,
      toPeerId,
      bytes: region.bytes,
    };
  }
}

/** Peer ids are u64 decimal strings: by length, then text, never through Number. */
export function comparePeerIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The region of `from` whose move best keeps tables spread: the one whose table has the most
 * regions on `from` compared with `to`. Ties go to the larger table share, then region id, so
 * plans are deterministic.
 */
export function pickRegionToMove(
  placement: Placement,
  from: NodeState,
  to: NodeState,
  accept: (region: PlannerRegion) => boolean = () => true,
): PlannerRegion | undefined {
  let best: PlannerRegion | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestOnFrom = 0;
  for (const region of from.regions.values()) {
    if (!accept(region)) continue;
    const onFrom = placement.tableCount(from, region.tableId);
    const score = onFrom - placement.tableCount(to, region.tableId);
    if (
      best === undefined ||
      score > bestScore ||
      (score === bestScore && onFrom > bestOnFrom) ||
      (score === bestScore && onFrom === bestOnFrom && region.regionId < best.regionId)
    ) {
      best = region;
      bestScore = score;
      bestOnFrom = onFrom;
    }
  }
  return best;
}
