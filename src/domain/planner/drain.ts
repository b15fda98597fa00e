/**
 * Drain a datanode: every region it leads (or only those of some tables) goes to the
 * least-loaded alive datanode at that point of the plan, counting the moves already planned.
 * Among equally loaded datanodes the one holding the fewest regions of the same table wins,
 * so a table's regions fan out instead of landing together. With a chosen target every region
 * goes there instead ("move table T from datanode A to datanode B", GreptimeDB issues #4903,
 * #6733), provided it is alive.
 *
 * Draining does not fence the datanode: MetaSrv may still place new regions or failovers on it.
 */
import { Placement, comparePeerIds, type NodeState } from './placement.ts';
import { NO_MOVE_CAP, type Plan, type PlannedMove, type PlannerInput } from './planner-types.ts';

export interface DrainOptions {
  peerId: string;
  /** Only regions of these tables; all tables when absent. */
  tableIds?: ReadonlySet<number>;
  /** Every region goes to this datanode; the least loaded alive one per region when absent. */
  targetPeerId?: string;
  maxMoves?: number;
}

export function planDrain(input: PlannerInput, options: DrainOptions): Plan {
  const placement = new Placement(input);
  const source = placement.nodes.get(options.peerId);
  const notes: string[] = [];
  if (source === undefined) {
    return {
      kind: 'drain',
      moves: [],
      cutByCap: 0,
      notes: [`Datanode ${options.peerId} is unknown.`],
    };
  }
  const { tableIds, targetPeerId } = options;
  const alive = placement.alive().filter((n) => n !== source);
  const chosen = alive.find((n) => n.peerId === targetPeerId);
  if (targetPeerId === options.peerId) notes.push('The target is the drained datanode itself.');
  else if (targetPeerId !== undefined && chosen === undefined) {
    notes.push(`Datanode ${targetPeerId} is not alive (or unknown), so it cannot take regions.`);
  }
  const targets = targetPeerId === undefined ? alive : chosen === undefined ? [] : [chosen];
  const regions = [...source.regions.values()]
    .filter((r) => tableIds === undefined || tableIds.has(r.tableId))
    // Table by table, so each table's regions are spread by consecutive choices.
    .sort((a, b) => a.tableId - b.tableId || (a.regionId < b.regionId ? -1 : 1));
  if (targets.length === 0) {
    if (targetPeerId === undefined) notes.push('No other alive datanode can take the regions.');
    return { kind: 'drain', moves: [], cutByCap: regions.length, notes };
  }
  const maxMoves = options.maxMoves ?? NO_MOVE_CAP;
  const moves: PlannedMove[] = [];
  for (const region of regions) {
    if (moves.length >= maxMoves) break;
    let best: NodeState | undefined;
    for (const node of targets) {
      if (best === undefined) {
        best = node;
        continue;
      }
      const load = node.regions.size - best.regions.size;
      const table =
        placement.tableCount(node, region.tableId) - placement.tableCount(best, region.tableId);
      if (
        load < 0 ||
        (load === 0 && (table < 0 || (table === 0 && comparePeerIds(node.peerId, best.peerId) < 0)))
      ) {
        best = node;
      }
    }
    if (best !== undefined) moves.push(placement.move(region, best.peerId));
  }
  return { kind: 'drain', moves, cutByCap: regions.length - moves.length, notes };
}
