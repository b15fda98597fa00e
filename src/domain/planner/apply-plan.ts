/**
 * What a (possibly edited) list of moves does to the distribution: per-datanode counts and
 * bytes before and after, and the skew of each. The preview shows this; the tests use it to
 * check the planners' promises.
 */
import { skewOf, type Skew } from './skew.ts';
import { comparePeerIds } from './placement.ts';
import type { PlannedMove, PlannerInput } from './planner-types.ts';

export interface DatanodeLoad {
  peerId: string;
  isAlive: boolean;
  countBefore: number;
  countAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

export interface PlanEffect {
  datanodes: DatanodeLoad[];
  /** Over alive datanodes, plus dead ones still holding regions. */
  countSkewBefore: Skew;
  countSkewAfter: Skew;
  bytesSkewBefore: Skew;
  bytesSkewAfter: Skew;
}

export function applyPlan(input: PlannerInput, moves: readonly PlannedMove[]): PlanEffect {
  const loads = new Map<string, DatanodeLoad>();
  const load = (peerId: string, isAlive = false): DatanodeLoad => {
    let l = loads.get(peerId);
    if (l === undefined) {
      l = { peerId, isAlive, countBefore: 0, countAfter: 0, bytesBefore: 0, bytesAfter: 0 };
      loads.set(peerId, l);
    }
    return l;
  };
  for (const d of input.datanodes) load(d.peerId, d.isAlive);
  for (const r of input.regions) {
    const l = load(r.peerId);
    l.countBefore += 1;
    l.countAfter += 1;
    l.bytesBefore += r.bytes;
    l.bytesAfter += r.bytes;
  }
  for (const m of moves) {
    const from = load(m.fromPeerId);
    const to = load(m.toPeerId);
    from.countAfter -= 1;
    from.bytesAfter -= m.bytes;
    to.countAfter += 1;
    to.bytesAfter += m.bytes;
  }
  const datanodes = [...loads.values()].sort((a, b) => comparePeerIds(a.peerId, b.peerId));
  const before = datanodes.filter((d) => d.isAlive || d.countBefore > 0);
  const after = datanodes.filter((d) => d.isAlive || d.countAfter > 0);
  return {
    datanodes,
    countSkewBefore: skewOf(before.map((d) => d.countBefore)),
    countSkewAfter: skewOf(after.map((d) => d.countAfter)),
    bytesSkewBefore: skewOf(before.map((d) => d.bytesBefore)),
    bytesSkewAfter: skewOf(after.map((d) => d.bytesAfter)),
  };
}
