/**
 * One region as the migrate dialog and both region grids see it: where its leader and
 * followers are, and its partition bounds, flattened from a region route.
 */
import type { PartitionBound, RegionRoute } from './cluster-types';
import type { RegionIdString } from '../../contract/region-id';

export interface RegionRow {
  regionId: RegionIdString;
  regionNumber: number;
  partitionColumns: readonly string[];
  bounds: readonly PartitionBound[];
  leaderPeerId: string | null;
  leaderAddr: string | null;
  followerPeerIds: readonly string[];
  leaderStatus: 'Downgraded' | 'Staging' | null;
}

const NONE: readonly never[] = [];

export function toRegionRow(route: RegionRoute): RegionRow {
  return {
    regionId: route.regionId,
    regionNumber: route.regionNumber,
    partitionColumns: route.partition?.columns ?? NONE,
    bounds: route.partition?.bounds ?? NONE,
    leaderPeerId: route.leaderPeer?.id ?? null,
    leaderAddr: route.leaderPeer?.addr ?? null,
    // Most regions have no follower: one shared empty list rather than one per row.
    followerPeerIds:
      route.followerPeers.length === 0 ? NONE : route.followerPeers.map((peer) => peer.id),
    leaderStatus: route.leaderStatus,
  };
}
