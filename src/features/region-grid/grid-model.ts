/**
 * Pure shaping of a physical table route (plus node leases) into what the grid shows:
 * one row per region, one column per datanode, and each datanode's share of the regions.
 */
import type { DatanodeLease, NodeLeases, RegionRoute } from '../../domain/cluster-types';
import { decodePartitionBound } from '../../api/schemas/partition-bound';
import { livenessOf, type Liveness } from '../../domain/datanode-liveness';
import type { RegionState } from '../../../contract/sql/region-runtime-types';
import type { RegionSize } from '../../../contract/sql-types';
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

export function comparePeerIds(a: string, b: string): number {
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

/** One row of the grid's table model: a region and, where the cluster reports them, its size. */
export interface RegionGridRow {
  region: RegionRow;
  /** null while sizes load; undefined for a region without statistics (or no sizes at all). */
  size: RegionSize | null | undefined;
  /** What region_info reports for the region (v1.1+); undefined where unknown. */
  states: readonly RegionState[] | undefined;
}

/** The table model's data: one row per region, with its size and states where known. */
export function gridRowsOf(
  rows: readonly RegionRow[],
  sizes: readonly (RegionSize | null | undefined)[] | undefined,
  states?: ReadonlyMap<string, readonly RegionState[]>,
): RegionGridRow[] {
  return rows.map((region, i) => ({
    region,
    size: sizes?.[i],
    states: states?.get(region.regionId),
  }));
}

/** The search box: the start of a region id, or a region number (up to u32's 10 digits). */
export function matchesRegionSearch(row: RegionRow, search: string): boolean {
  const text = search.trim();
  if (text === '') return true;
  return (
    (/^\d{1,10}$/.test(text) && row.regionNumber === Number(text)) || row.regionId.startsWith(text)
  );
}

const ADDRESS_SEPARATOR = /[.\-:/_]/;

/**
 * Datanode addresses as a header can show them: what tells them apart, with the part every
 * address shares elided ("…"). In Kubernetes every datanode is
 * `greptimedb-datanode-<n>.greptimedb-datanode.<namespace>:4001`, which a 132 px header cut to
 * "greptimedb-dat…" for all of them (issue 19). The shared start is cut back to a separator and
 * one more word, so "datanode-3" stays readable rather than a bare "3"; the shared end is elided
 * too, unless it is just the port ("…dn-2:4001"). One address, or addresses with nothing in
 * common, are shown whole; the header's title and hidden text carry the full address.
 */
export function datanodeAddressLabels(addrs: readonly string[]): string[] {
  if (addrs.length < 2) return [...addrs];
  const first = addrs[0] ?? '';
  let prefix = first.length;
  let suffix = first.length;
  for (const addr of addrs) {
    let i = 0;
    while (i < prefix && i < addr.length && addr[i] === first[i]) i += 1;
    prefix = i;
    let j = 0;
    while (
      j < suffix &&
      j < addr.length &&
      addr[addr.length - 1 - j] === first[first.length - 1 - j]
    )
      j += 1;
    suffix = j;
  }
  const prefixCut = wordStartBefore(first, prefix);
  const port = /:\d+$/.exec(first)?.[0] ?? '';
  return addrs.map((addr) => {
    const start = prefixCut;
    // The shared end, from a separator on, is elided (the port is kept and shown).
    let end = addr.length - suffix;
    while (end < addr.length && !ADDRESS_SEPARATOR.test(addr[end] ?? '')) end += 1;
    if (end <= start) return addr;
    const middle = addr.slice(start, end);
    // A shared port alone is short enough to keep; a longer shared end is elided, port and all
    // (a 132 px header holds about 16 characters).
    const tail = end === addr.length ? '' : addr.slice(end) === port ? port : '…';
    return `${start > 0 ? '…' : ''}${middle}${tail}`;
  });
}

/** Where to cut a shared prefix of `length` characters: back to a separator, then one word more. */
function wordStartBefore(text: string, length: number): number {
  let cut = length;
  while (cut > 0 && !ADDRESS_SEPARATOR.test(text[cut - 1] ?? '')) cut -= 1;
  // Keep the word before the differing part ("datanode-" of "datanode-3").
  let word = cut - 1;
  while (word > 0 && !ADDRESS_SEPARATOR.test(text[word - 1] ?? '')) word -= 1;
  return Math.max(word, 0);
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
