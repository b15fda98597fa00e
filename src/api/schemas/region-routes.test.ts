/**
 * The fast predicate must never let through what the schema refuses, and the whole
 * `region_routes` decoder must answer as the schema alone would: same routes, and for a bad
 * entry an issue at that entry's field.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  RawRegionRouteSchema,
  RawRegionRoutesSchema,
  isWireRegionRoute,
  peerInterner,
  toRegionRoute,
} from './region-routes';
import { splitRegionId } from '../../../contract/region-id';

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.constant(2 ** 53),
  fc.constant(-1),
  fc.bigInt({ min: -1n, max: 2n ** 64n }),
  fc.constant([]),
  fc.constant({}),
);

/** A field that is usually right and sometimes any value at all. */
const mostly = <T>(right: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: anyValue });

const u64 = fc.oneof(fc.nat(), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }));
const peer = mostly(fc.record({ id: mostly(u64), addr: mostly(fc.string({ maxLength: 8 })) }));
const partition = mostly(
  fc.oneof(
    fc.constant(null),
    fc.record({
      column_list: mostly(fc.array(mostly(fc.string({ maxLength: 4 })), { maxLength: 3 })),
      value_list: mostly(fc.array(anyValue, { maxLength: 3 })),
    }),
  ),
);
const regionRoute = mostly(
  fc.record(
    {
      region: mostly(
        fc.record({ id: mostly(u64), name: mostly(fc.string({ maxLength: 4 })), partition }),
      ),
      leader_peer: fc.oneof(fc.constant(null), peer),
      follower_peers: mostly(fc.array(peer, { maxLength: 3 })),
      leader_status: mostly(fc.constantFrom(null, 'Downgraded', 'Downgrading')),
      leader_down_since: mostly(fc.oneof(fc.constant(null), fc.integer())),
    },
    { requiredKeys: ['region', 'leader_peer', 'follower_peers'] },
  ),
);

describe('region_routes decoding', () => {
  test('the fast predicate and the schema agree on every entry, and decode it the same', () => {
    fc.assert(
      fc.property(regionRoute, (entry) => {
        const checked = RawRegionRouteSchema.safeParse(entry);
        expect(isWireRegionRoute(entry)).toBe(checked.success);
        if (checked.success && isWireRegionRoute(entry)) {
          expect(toRegionRoute(entry, 0, peerInterner())).toEqual(
            toRegionRoute(checked.data, 0, peerInterner()),
          );
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('a whole list decodes exactly as the schema alone decodes it', () => {
    fc.assert(
      fc.property(fc.array(regionRoute, { maxLength: 5 }), (entries) => {
        const decoded = RawRegionRoutesSchema.safeParse(entries);
        const bySchema = entries.map((entry) => RawRegionRouteSchema.safeParse(entry));
        const firstBad = bySchema.findIndex((result) => !result.success);
        if (firstBad === -1) {
          expect(decoded.success).toBe(true);
          expect(decoded.data?.routes).toEqual(
            bySchema.map((result) =>
              result.success
                ? toRegionRoute(
                    result.data,
                    splitRegionId(result.data.region.id).regionNumber,
                    peerInterner(),
                  )
                : null,
            ),
          );
        } else {
          expect(decoded.success).toBe(false);
          expect(decoded.error?.issues[0]?.path[0]).toBe(firstBad);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('a bad entry is named by its index and field', () => {
    const good = {
      region: { id: 4398046511104, name: '', partition: null },
      leader_peer: { id: 1, addr: 'dn-1:4001' },
      follower_peers: [],
    };
    const result = RawRegionRoutesSchema.safeParse([
      good,
      { ...good, leader_peer: { id: -3, addr: 'dn-1:4001' } },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: [1, 'leader_peer', 'id'],
      message: 'expected an unsigned 64-bit integer, got -3',
    });
  });

  test('regions led by one datanode share its peer, unless MetaSrv names another address', () => {
    const route = (id: number, addr: string) => ({
      region: { id, name: '', partition: null },
      leader_peer: { id: 7, addr },
      follower_peers: [],
    });
    const result = RawRegionRoutesSchema.parse([
      route(4398046511104, 'dn-7:4001'),
      route(4398046511105, 'dn-7:4001'),
      route(4398046511106, 'dn-7b:4001'),
    ]);
    const [first, second, third] = result.routes;
    expect(first?.leaderPeer).toBe(second?.leaderPeer);
    expect(third?.leaderPeer).toEqual({ id: '7', addr: 'dn-7b:4001' });
    expect([...result.tableIds]).toEqual([1024]);
  });
});
