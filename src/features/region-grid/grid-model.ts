/**
 * Pure shaping of a physical table route (plus node leases) into what the grid shows:
 * one row per region, one column per datanode, and each datanode's share of the regions.
 */
import type {
  DatanodeLease,
  NodeLeases,
  PartitionBound,
  RegionRoute,
} from '../../domain/cluster-types';
import type { RegionIdString } from '../../domain/region-id';
import { livenessOf, type Liveness } from '../datanodes/datanode-liveness';

/** What a region has on one datanode. */
export type ReplicaRole = 'leader' | 'downgraded' | 'follower';

export interface RegionRow {
  regionId: RegionIdString;
  regionNumber: number;
  partitionColumns: string[];
  bounds: PartitionBound[];
  leaderPeerId: string | null;
  leaderAddr: string | null;
  followerPeerIds: string[];
  leaderStatus: 'Downgraded' | null;
}

export type Spread = 'even' | 'over' | 'under';

export interface DatanodeColumn {
  peerId: string;
  addr: string;
  /** Null when leases could not be read: liveness unknown, not dead. */
  liveness: Liveness | null;
  /** Regions of this table whose leader is on this datanode (Downgraded included). */
  leaderCount: number;
  followerCount: number;
  spread: Spread;
}

export interface GridModel {
  rows: RegionRow[];
  datanodes: DatanodeColumn[];
  /** Regions per datanode if they were spread evenly over the datanodes that can hold them. */
  evenShare: number;
  isUneven: boolean;
}

export function toRegionRow(route: RegionRoute): RegionRow {
  return {
    regionId: route.regionId,
    regionNumber: route.regionNumber,
    partitionColumns: route.partition?.columns ?? [],
    bounds: route.partition?.bounds ?? [],
    leaderPeerId: route.leaderPeer?.id ?? null,
    leaderAddr: route.leaderPeer?.addr ?? null,
    followerPeerIds: route.followerPeers.map((peer) => peer.id),
    leaderStatus: route.leaderStatus,
  };
}

export function roleOn(row: RegionRow, peerId: string): ReplicaRole | null {
  if (row.leaderPeerId === peerId)
    return row.leaderStatus === 'Downgraded' ? 'downgraded' : 'leader';
  return row.followerPeerIds.includes(peerId) ? 'follower' : null;
}

function comparePeerIds(a: string, b: string): number {
  // Peer ids are u64 decimal strings: compare by length first, then text, to avoid Number().
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function buildGridModel(
  regionRoutes: RegionRoute[],
  leases: NodeLeases | undefined,
): GridModel {
  const rows = regionRoutes.map(toRegionRow);

  // Datanodes: every lease holder plus any peer the route names (it may have lost its lease).
  const addrs = new Map<string, string>();
  const leaseById = new Map<string, DatanodeLease>();
  for (const lease of leases?.leases ?? []) {
    addrs.set(lease.peerId, lease.addr);
    leaseById.set(lease.peerId, lease);
  }
  for (const route of regionRoutes) {
    for (const peer of [route.leaderPeer, ...route.followerPeers]) {
      if (peer !== null && !addrs.has(peer.id)) addrs.set(peer.id, peer.addr);
    }
  }

  const peerIds = [...addrs.keys()].sort(comparePeerIds);
  const counted = peerIds.map((peerId) => {
    let leaderCount = 0;
    let followerCount = 0;
    for (const row of rows) {
      const role = roleOn(row, peerId);
      if (role === 'leader' || role === 'downgraded') leaderCount += 1;
      else if (role === 'follower') followerCount += 1;
    }
    const liveness =
      leases === undefined ? null : livenessOf(leaseById.get(peerId), leases.metasrvNowMs);
    return { peerId, addr: addrs.get(peerId) ?? '', liveness, leaderCount, followerCount };
  });

  // A dead datanode with no regions is not a place regions could go: leave it out of the share.
  const holders = counted.filter(
    (d) => d.liveness === null || d.liveness.kind === 'alive' || d.leaderCount > 0,
  );
  const evenShare = holders.length === 0 ? 0 : rows.length / holders.length;
  const datanodes = counted.map((d): DatanodeColumn => {
    const isHolder = holders.includes(d);
    const spread: Spread = !isHolder
      ? 'even'
      : d.leaderCount > Math.ceil(evenShare)
        ? 'over'
        : d.leaderCount < Math.floor(evenShare)
          ? 'under'
          : 'even';
    return { ...d, spread };
  });

  return { rows, datanodes, evenShare, isUneven: datanodes.some((d) => d.spread !== 'even') };
}

export type BoundPiece = { kind: 'text'; text: string } | { kind: 'raw'; raw: string };

/**
 * Partition bounds as people read them. v0.6 `RANGE COLUMNS` bounds are bare upper bounds
 * ('hz', MAXVALUE) that mean `VALUES LESS THAN`, so the columns are put in front
 * (`host < 'hz'`); v0.7 expressions already name their columns and are shown as they are.
 * Bounds the API layer could not parse stay raw, never dropped.
 */
export function describeBounds(row: RegionRow): BoundPiece[] {
  const columns = row.partitionColumns;
  const texts: string[] = [];
  for (const bound of row.bounds) {
    if (bound.kind === 'raw') {
      // Something is not understood: show every bound on its own, raw ones verbatim.
      return row.bounds.map((b): BoundPiece =>
        b.kind === 'raw' ? { kind: 'raw', raw: b.raw } : { kind: 'text', text: b.text },
      );
    }
    texts.push(bound.text);
  }
  if (texts.length === 0) return [];
  if (columns.length === 0) {
    return texts.map((text) => ({
      kind: 'text',
      text: text === 'MAXVALUE' ? 'MAXVALUE (not partitioned)' : text,
    }));
  }
  const mentionsColumn = texts.some((text) => columns.some((column) => text.includes(column)));
  if (mentionsColumn) return texts.map((text) => ({ kind: 'text', text }));
  // One bare upper bound per partition column: a tuple comparison, as RANGE COLUMNS means.
  const text =
    columns.length === 1 && texts.length === 1
      ? `${columns[0] ?? ''} < ${texts[0] ?? ''}`
      : `(${columns.join(', ')}) < (${texts.join(', ')})`;
  return [{ kind: 'text', text }];
}

/** One sentence about an uneven spread, or null when regions are spread evenly. */
export function describeSpread(model: GridModel): string | null {
  if (!model.isUneven) return null;
  const total = model.rows.length;
  const share = Number.isInteger(model.evenShare)
    ? String(model.evenShare)
    : model.evenShare.toFixed(1);
  const parts = model.datanodes
    .filter((d) => d.spread !== 'even')
    .map((d) => `datanode ${d.peerId} leads ${d.leaderCount}`);
  return `Uneven spread: ${parts.join(', ')} of ${total} regions; an even share is ${share} per datanode.`;
}
