/**
 * Pure shaping of a physical table route (plus node leases) into what the grid shows:
 * one row per region, one column per datanode, and each datanode's share of the regions.
 */
import type { DatanodeLease, NodeLeases, RegionRoute } from '../../domain/cluster-types';
import { decodePartitionBound } from '../../api/schemas/partition-bound';
import { livenessOf, type Liveness } from '../../domain/datanode-liveness';
import { selectIndexes, type RegionListQuery } from '../../domain/region-list-query';
import { toRegionRow, type RegionRow } from '../../domain/region-row';

/** What a region has on one datanode. */
export type ReplicaRole = 'leader' | 'downgraded' | 'follower';

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

export function roleOn(row: RegionRow, peerId: string): ReplicaRole | null {
  if (row.leaderPeerId === peerId)
    return row.leaderStatus === 'Downgraded' ? 'downgraded' : 'leader';
  return row.followerPeerIds.includes(peerId) ? 'follower' : null;
}

function comparePeerIds(a: string, b: string): number {
  // Peer ids are u64 decimal strings: compare by length first, then text, to avoid Number().
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * One pass over the routes (10k regions over 50 datanodes is 10k steps, not 500k): rows,
 * every datanode the leases or the routes name, and each one's leader and follower counts.
 */
export function buildGridModel(
  regionRoutes: RegionRoute[],
  leases: NodeLeases | undefined,
): GridModel {
  // Datanodes: every lease holder plus any peer the route names (it may have lost its lease).
  const addrs = new Map<string, string>();
  const leaseById = new Map<string, DatanodeLease>();
  for (const lease of leases?.leases ?? []) {
    addrs.set(lease.peerId, lease.addr);
    leaseById.set(lease.peerId, lease);
  }
  const leaderCounts = new Map<string, number>();
  const followerCounts = new Map<string, number>();
  const rows = new Array<RegionRow>(regionRoutes.length);
  for (let i = 0; i < regionRoutes.length; i += 1) {
    const route = regionRoutes[i];
    if (route === undefined) continue;
    const row = toRegionRow(route);
    rows[i] = row;
    const leader = route.leaderPeer;
    if (leader !== null) {
      if (!addrs.has(leader.id)) addrs.set(leader.id, leader.addr);
      leaderCounts.set(leader.id, (leaderCounts.get(leader.id) ?? 0) + 1);
    }
    for (const peer of route.followerPeers) {
      if (!addrs.has(peer.id)) addrs.set(peer.id, peer.addr);
      // A peer named as both leader and follower counts once, as the leader.
      if (peer.id !== leader?.id)
        followerCounts.set(peer.id, (followerCounts.get(peer.id) ?? 0) + 1);
    }
  }

  const peerIds = [...addrs.keys()].sort(comparePeerIds);
  const counted = peerIds.map((peerId) => {
    const liveness =
      leases === undefined ? null : livenessOf(leaseById.get(peerId), leases.metasrvNowMs);
    return {
      peerId,
      addr: addrs.get(peerId) ?? '',
      liveness,
      leaderCount: leaderCounts.get(peerId) ?? 0,
      followerCount: followerCounts.get(peerId) ?? 0,
    };
  });

  // A dead datanode with no regions is not a place regions could go: leave it out of the share.
  const holders = new Set(
    counted.filter((d) => d.liveness === null || d.liveness.kind === 'alive' || d.leaderCount > 0),
  );
  const evenShare = holders.size === 0 ? 0 : rows.length / holders.size;
  const datanodes = counted.map((d): DatanodeColumn => {
    const spread: Spread = !holders.has(d)
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

/** Whether a region has a replica (leader or follower) on a datanode. */
export function isOn(row: RegionRow, peerId: string): boolean {
  return row.leaderPeerId === peerId || row.followerPeerIds.includes(peerId);
}

/**
 * The rows the grid shows, as indexes into model.rows. Search: the start of a region id, or a
 * region number. Sizes (SQL path) are per row; `bytes` sorts by disk size, unknown sizes last.
 */
export function selectRows(
  model: GridModel,
  query: RegionListQuery,
  diskSizes: Float64Array | null,
): Uint32Array {
  const { rows, datanodes } = model;
  const search = query.search.trim();
  const regionNumber = /^\d{1,10}$/.test(search) ? Number(search) : null;
  const peerId =
    query.datanodeIndex === null ? null : (datanodes[query.datanodeIndex]?.peerId ?? '');
  const keep = (i: number): boolean => {
    const row = rows[i];
    if (row === undefined) return false;
    if (peerId !== null && !isOn(row, peerId)) return false;
    return search === '' || row.regionNumber === regionNumber || row.regionId.startsWith(search);
  };
  const sign = query.isDescending ? -1 : 1;
  // Rows come in route order; within one table a region id orders like its region number.
  const byNumber = (a: number, b: number) =>
    (rows[a]?.regionNumber ?? 0) - (rows[b]?.regionNumber ?? 0);
  const byDatanode = (a: number, b: number) => {
    const pa = rows[a]?.leaderPeerId ?? '';
    const pb = rows[b]?.leaderPeerId ?? '';
    return comparePeerIds(pa, pb);
  };
  const compare =
    query.sort === 'bytes' && diskSizes !== null
      ? (a: number, b: number) => {
          const sa = diskSizes[a] ?? Number.NaN;
          const sb = diskSizes[b] ?? Number.NaN;
          if (Number.isNaN(sa) || Number.isNaN(sb))
            return Number(Number.isNaN(sa)) - Number(Number.isNaN(sb)) || byNumber(a, b);
          return sign * (sa - sb) || byNumber(a, b);
        }
      : query.sort === 'datanode'
        ? (a: number, b: number) => sign * byDatanode(a, b) || byNumber(a, b)
        : (a: number, b: number) => sign * byNumber(a, b);
  const isInOrder =
    query.sort === 'regionId' &&
    !query.isDescending &&
    rows.every((row, i) => i === 0 || (rows[i - 1]?.regionNumber ?? 0) < row.regionNumber);
  return selectIndexes(rows.length, keep, isInOrder ? null : compare);
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
  const bounds = row.bounds.map((b) => (typeof b === 'string' ? decodePartitionBound(b) : b));
  const texts: string[] = [];
  for (const bound of bounds) {
    if (bound.kind === 'raw') {
      // Something is not understood: show every bound on its own, raw ones verbatim.
      return bounds.map((b): BoundPiece =>
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
