/**
 * A physical route's `region_routes` (API.md §1.5) -> RegionRoute[].
 *
 * The zod schema below is the definition of a valid region route and the source of every
 * error message. A large table's route holds tens of thousands of them, and zod's per-field
 * machinery costs microseconds each (tens of milliseconds for a 10k-region table, most of the
 * time between the route's arrival and the grid's paint). So each entry is first tried
 * against `isWireRegionRoute`, a plain predicate accepting exactly what the schema accepts
 * (`region-routes.test.ts` checks they agree on generated shapes, right and wrong); only an
 * entry it refuses goes through zod, to name the field that is wrong.
 */
import { z } from 'zod';
import type { Peer, RegionRoute } from '../../domain/cluster-types';
import { splitRegionId } from '../../../contract/region-id';
import { wireBounds } from './partition-bound';
import { RawEpochMsSchema, RawU64ValueSchema, isU64 } from './wire-numbers';

const RawRoutePeerSchema = z.object({ id: RawU64ValueSchema, addr: z.string() });

export const RawRegionRouteSchema = z.object({
  region: z.object({
    id: RawU64ValueSchema,
    name: z.string(),
    partition: z
      .object({ column_list: z.array(z.string()), value_list: z.array(z.unknown()) })
      .nullable(),
  }),
  leader_peer: RawRoutePeerSchema.nullable(),
  follower_peers: z.array(RawRoutePeerSchema),
  // skip_serializing_if = None: the key is simply absent when the leader is not demoted.
  leader_status: z.literal('Downgraded').nullish(),
  // v0.7.0+ always writes it (null when not demoted); v0.6 has no such field.
  leader_down_since: RawEpochMsSchema.nullish(),
});
type RawRegionRoute = z.output<typeof RawRegionRouteSchema>;
type RawRoutePeer = z.output<typeof RawRoutePeerSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPeer(value: unknown): value is RawRoutePeer {
  return isRecord(value) && isU64(value.id) && typeof value.addr === 'string';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isPartition(value: unknown): boolean {
  return (
    value === null ||
    (isRecord(value) && isStringArray(value.column_list) && Array.isArray(value.value_list))
  );
}

/** RawRegionRouteSchema's verdict, without zod's per-field cost. */
export function isWireRegionRoute(value: unknown): value is RawRegionRoute {
  if (!isRecord(value)) return false;
  const region = value.region;
  const status = value.leader_status;
  const downSince = value.leader_down_since;
  return (
    isRecord(region) &&
    isU64(region.id) &&
    typeof region.name === 'string' &&
    isPartition(region.partition) &&
    (value.leader_peer === null || isPeer(value.leader_peer)) &&
    Array.isArray(value.follower_peers) &&
    value.follower_peers.every(isPeer) &&
    (status === undefined || status === null || status === 'Downgraded') &&
    (downSince === undefined || downSince === null || Number.isSafeInteger(downSince))
  );
}

const NO_PEERS: readonly Peer[] = [];

export type PeerOf = (raw: RawRoutePeer) => Peer;

/**
 * One Peer object per datanode of a route, however many regions name it: a 10k-region route
 * names a few dozen datanodes, and the grid keeps every object it is handed.
 */
export function peerInterner(): PeerOf {
  const byId = new Map<number | bigint, Peer>();
  return (raw) => {
    const known = byId.get(raw.id);
    if (known?.addr === raw.addr) return known;
    const peer = { id: raw.id.toString(), addr: raw.addr };
    byId.set(raw.id, peer);
    return peer;
  };
}

export function toRegionRoute(
  raw: RawRegionRoute,
  regionNumber: number,
  peerOf: PeerOf,
): RegionRoute {
  const partition = raw.region.partition;
  return {
    regionId: raw.region.id.toString(),
    regionNumber,
    name: raw.region.name,
    partition:
      partition === null
        ? null
        : { columns: partition.column_list, bounds: wireBounds(partition.value_list) },
    leaderPeer: raw.leader_peer === null ? null : peerOf(raw.leader_peer),
    followerPeers: raw.follower_peers.length === 0 ? NO_PEERS : raw.follower_peers.map(peerOf),
    leaderStatus: raw.leader_status ?? null,
    leaderDownSinceMs: raw.leader_down_since ?? null,
  };
}

export interface DecodedRegionRoutes {
  routes: RegionRoute[];
  /** The tables the region ids name (one, in a well-formed route), split from the raw ids. */
  tableIds: ReadonlySet<number>;
}

export const RawRegionRoutesSchema = z
  .array(z.unknown())
  .transform((entries, ctx): DecodedRegionRoutes => {
    const routes: RegionRoute[] = [];
    const tableIds = new Set<number>();
    const peerOf = peerInterner();
    const add = (raw: RawRegionRoute) => {
      const { tableId, regionNumber } = splitRegionId(raw.region.id);
      tableIds.add(tableId);
      routes.push(toRegionRoute(raw, regionNumber, peerOf));
    };
    entries.forEach((entry, index) => {
      if (isWireRegionRoute(entry)) {
        add(entry);
        return;
      }
      const checked = RawRegionRouteSchema.safeParse(entry);
      if (checked.success) {
        add(checked.data);
        return;
      }
      for (const issue of checked.error.issues) {
        ctx.addIssue({ ...issue, path: [index, ...issue.path] });
      }
    });
    return { routes, tableIds };
  });
