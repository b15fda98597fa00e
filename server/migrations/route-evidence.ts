/**
 * The one thing the tracker needs from an `/admin/route` answer: who leads one region and
 * whether it is Downgraded. MetaSrv's body is outside input, so it passes lossless JSON (u64
 * ids stay exact) and a zod schema that accepts both wire forms (API.md §1.4: v0.6 sends the
 * route as a JSON string, v0.7 as an object) and ignores what the tracker does not read.
 */
import { z } from 'zod';
import { parseLosslessJson } from '../../contract/lossless-json.ts';
import type { RegionState } from '../../contract/tracked-migration.ts';

/** A u64 id as its decimal text. */
export const IdSchema = z
  .union([z.number().int().nonnegative(), z.bigint().nonnegative()])
  .transform(String);

const RouteSchema = z.union([
  z.object({ type: z.literal('logical') }),
  z.object({
    type: z.literal('physical').optional(),
    region_routes: z.array(
      z.object({
        region: z.object({ id: IdSchema }),
        leader_peer: z.object({ id: IdSchema }).nullable(),
        leader_status: z.literal('Downgraded').nullish(),
      }),
    ),
  }),
]);

export type RouteEvidence = { ok: true; state: RegionState } | { ok: false; problem: string };

export function regionStateFromRouteBody(body: string, regionId: string): RouteEvidence {
  let value: unknown;
  try {
    value = parseLosslessJson(body);
    if (typeof value === 'string') value = parseLosslessJson(value);
  } catch (error) {
    return {
      ok: false,
      problem: `route is not JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const parsed = RouteSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problem: `unexpected route shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    };
  }
  const route = parsed.data;
  if (!('region_routes' in route)) return { ok: true, state: { kind: 'missing' } };
  const region = route.region_routes.find((r) => r.region.id === regionId);
  if (region === undefined) return { ok: true, state: { kind: 'missing' } };
  if (region.leader_peer === null) return { ok: true, state: { kind: 'no-leader' } };
  return {
    ok: true,
    state: {
      kind: 'led',
      leaderPeerId: region.leader_peer.id,
      isDowngraded: region.leader_status === 'Downgraded',
    },
  };
}
