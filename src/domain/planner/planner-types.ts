/**
 * What the planner works on: where each region's leader sits, how big it is, and which
 * datanodes can take regions. Pure values, no I/O; the cluster summary and the server-side
 * executor both build them.
 */
import type { RegionIdString } from '../../../contract/region-id.ts';

export interface PlannerRegion {
  regionId: RegionIdString;
  tableId: number;
  /** Datanode that leads the region. */
  peerId: string;
  /** Approximate size as the datanode reports it (0 when unknown). */
  bytes: number;
}

export interface PlannerDatanode {
  peerId: string;
  /** Lease younger than MetaSrv's window: the only datanodes a region may move to. */
  isAlive: boolean;
}

export interface PlannerInput {
  regions: readonly PlannerRegion[];
  datanodes: readonly PlannerDatanode[];
}

export interface PlannedMove {
  regionId: RegionIdString;
  tableId: number;
  fromPeerId: string;
  toPeerId: string;
  bytes: number;
}

export type PlanKind = 'drain' | 'rebalance-count' | 'rebalance-bytes';

export interface Plan {
  kind: PlanKind;
  moves: PlannedMove[];
  /** Moves the plan would have made beyond the user's cap. */
  cutByCap: number;
  /** Things the user should know (skipped dead datanodes, nowhere to go...). */
  notes: string[];
  /**
   * Rebalance by count: the bytes CV over the alive datanodes before and after the plan;
   * `isWorse` when it rises by more than BYTES_CV_TOLERANCE, which the preview must show
   * before Run.
   */
  bytesCv?: { before: number; after: number; isWorse: boolean };
}

/** How far a count rebalance may raise the bytes CV without saying so. */
export const BYTES_CV_TOLERANCE = 0.01;

/** No limit on the number of moves. */
export const NO_MOVE_CAP = Number.POSITIVE_INFINITY;
