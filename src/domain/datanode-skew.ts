/**
 * The one rule for which datanodes a skew figure counts, shared by the cluster view, the
 * overview and the table list: every datanode that holds regions or could take them. A dead,
 * empty datanode is left out: it will take nothing, and its 0 would inflate the CV of a
 * cluster that is in fact even.
 */
import { skewOf, type Skew } from './planner/skew';

export interface DatanodeWeight {
  /** Alive, or liveness unknown (leases unreadable): a planner may place regions on it. */
  canTakeRegions: boolean;
  /** Regions (of whatever is measured) it leads now. */
  regionCount: number;
  /** The weight measured: regions, bytes or rows. */
  weight: number;
}

export function skewOverDatanodes(datanodes: readonly DatanodeWeight[]): Skew {
  return skewOf(
    datanodes.filter((d) => d.canTakeRegions || d.regionCount > 0).map((d) => d.weight),
  );
}
