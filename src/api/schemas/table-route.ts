/**
 * `/admin/route` answers (API.md §1.4, §1.5) -> TableRoute.
 *
 * Two wire forms reach us:
 *  - v0.6: the body is a JSON *string* whose content is the route JSON (MetaSrv echoes the
 *    raw KV bytes), so it is parsed a second time, losslessly again;
 *  - v0.7: the route object itself.
 * Within the route: `type` is missing on routes written by v0.5 (those are physical),
 * `leader_down_since` does not exist in v0.6, and `leader_status` appears only when set.
 * The table id is not in a physical route; it is the upper 32 bits of its region ids.
 */
import { z } from 'zod';
import type { Peer, RegionRoute, RouteWireForm, TableRoute } from '../../domain/cluster-types';
import { splitRegionId } from '../../domain/region-id';
import { parseLosslessJson } from '../lossless-json';
import { wireBound } from './partition-bound';
import { RawEpochMsSchema, RawU32Schema, RawU64Schema, RawU64ValueSchema } from './wire-numbers';

/*
 * A route's regions are checked without a transform per field: one object schema per region
 * route and a single transform turning it into a RegionRoute. A 10k-region route is 10k of
 * these, and every transform is a pipe zod runs per value.
 */
const RawRoutePeerSchema = z.object({ id: RawU64ValueSchema, addr: z.string() });
type RawRoutePeer = z.output<typeof RawRoutePeerSchema>;

const toPeer = (peer: RawRoutePeer): Peer => ({ id: peer.id.toString(), addr: peer.addr });

const RawRegionRouteSchema = z
  .object({
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
  })
  .transform((r): RegionRoute => {
    const regionId = r.region.id.toString();
    const partition = r.region.partition;
    return {
      regionId,
      regionNumber: splitRegionId(regionId).regionNumber,
      name: r.region.name,
      partition:
        partition === null
          ? null
          : { columns: partition.column_list, bounds: partition.value_list.map(wireBound) },
      leaderPeer: r.leader_peer === null ? null : toPeer(r.leader_peer),
      followerPeers: r.follower_peers.map(toPeer),
      leaderStatus: r.leader_status ?? null,
      leaderDownSinceMs: r.leader_down_since ?? null,
    };
  });

const RawPhysicalTableRouteSchema = z.object({
  // Routes written by v0.5 have no "type" and are physical (TableRouteValue::try_from_raw_value).
  type: z.literal('physical').optional(),
  region_routes: z.array(RawRegionRouteSchema),
  version: RawU64Schema,
});

const RawLogicalTableRouteSchema = z.object({
  type: z.literal('logical'),
  physical_table_id: RawU32Schema,
  region_ids: z.array(RawU64Schema),
});

export const RawTableRouteSchema = z.union([
  RawLogicalTableRouteSchema,
  RawPhysicalTableRouteSchema,
]);
type RawTableRoute = z.output<typeof RawTableRouteSchema>;

/** The one table id all region ids share; an issue (not a guess) when there is none. */
function tableIdOf(regionIds: string[], field: string, ctx: z.RefinementCtx): number | null {
  const tableIds = new Set(regionIds.map((id) => splitRegionId(id).tableId));
  const [tableId] = tableIds;
  if (tableId === undefined || tableIds.size > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message:
        tableId === undefined
          ? 'no regions, so the table id cannot be derived'
          : `regions of several tables (${[...tableIds].join(', ')})`,
    });
    return null;
  }
  return tableId;
}

function toTableRoute(
  raw: RawTableRoute,
  wireForm: RouteWireForm,
  ctx: z.RefinementCtx,
): TableRoute {
  if (raw.type === 'logical') {
    const tableId = tableIdOf(raw.region_ids, 'region_ids', ctx);
    if (tableId === null) return z.NEVER;
    return {
      type: 'logical',
      tableId,
      physicalTableId: raw.physical_table_id,
      regionIds: raw.region_ids,
      wireForm,
    };
  }
  const tableId = tableIdOf(
    raw.region_routes.map((r) => r.regionId),
    'region_routes',
    ctx,
  );
  if (tableId === null) return z.NEVER;
  return {
    type: 'physical',
    tableId,
    version: raw.version,
    regionRoutes: raw.region_routes,
    wireForm,
  };
}

/** v0.6: a JSON string holding the route JSON. */
const RawStringFormRouteSchema = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return parseLosslessJson(text);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `route string is not JSON (${error instanceof Error ? error.message : String(error)})`,
      });
      return z.NEVER;
    }
  })
  .pipe(RawTableRouteSchema)
  .transform((raw, ctx) => toTableRoute(raw, 'string', ctx));

/** v0.7: the route object. */
const RawObjectFormRouteSchema = RawTableRouteSchema.transform((raw, ctx) =>
  toTableRoute(raw, 'object', ctx),
);

/** The decoded `/admin/route` body, in either wire form. */
export const TableRouteAnswerSchema = z.union([RawStringFormRouteSchema, RawObjectFormRouteSchema]);

// zod compiles each object schema's fast path on its first parse (~15 ms for these nested
// objects). Paying that when the module loads keeps it out of the first table a user opens.
TableRouteAnswerSchema.safeParse({
  region_routes: [
    {
      region: { id: 0, name: '', partition: { column_list: [], value_list: [] } },
      leader_peer: { id: 0, addr: '' },
      follower_peers: [],
    },
  ],
  version: 0,
});
