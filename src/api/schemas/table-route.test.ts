/**
 * Route decoding, straight from the shared fixtures (both wire forms) and from hand-built
 * bodies for the corners the fixtures do not show (ids above 2^53, v0.5 routes without
 * "type", unparseable bounds). Bodies go through the same lossless JSON step as the gate.
 */
import { describe, expect, test } from 'vitest';
import type { TableRoute } from '../../domain/cluster-types';
import { fixtures } from '../fixtures.test-support';
import { parseLosslessJson, stringifyLosslessJson } from '../../../contract/lossless-json';
import { decodePartitionBound } from './partition-bound';
import { TableRouteAnswerSchema } from './table-route';

/** The route with each bound decoded, as the grid shows it (it decodes only rows on screen). */
function decode(bodyText: string): TableRoute {
  const route = TableRouteAnswerSchema.parse(parseLosslessJson(bodyText));
  if (route.type !== 'physical') return route;
  return {
    ...route,
    regionRoutes: route.regionRoutes.map((r) =>
      r.partition === null
        ? r
        : {
            ...r,
            partition: {
              ...r.partition,
              bounds: r.partition.bounds.map((b) =>
                typeof b === 'string' ? decodePartitionBound(b) : b,
              ),
            },
          },
    ),
  };
}

function physical(route: TableRoute) {
  if (route.type !== 'physical') throw new Error(`expected a physical route, got ${route.type}`);
  return route;
}

const DATANODE = (n: number) => `greptimedb-datanode-${n}.greptimedb-datanode.my-greptimedb:4001`;

describe('v0.6 string form', () => {
  test('parses the JSON string twice and reports the wire form', () => {
    const route = physical(decode(fixtures.routeV06StringEncoded));
    expect(route).toEqual({
      type: 'physical',
      tableId: 1087,
      version: '0',
      wireForm: 'string',
      regionRoutes: [
        {
          regionId: '4668629450752',
          regionNumber: 0,
          name: '',
          partition: { columns: [], bounds: [{ kind: 'parsed', text: 'MAXVALUE' }] },
          leaderPeer: { id: '2', addr: DATANODE(2) },
          followerPeers: [],
          leaderStatus: null,
          leaderDownSinceMs: null,
        },
      ],
    });
  });

  test('a route written by v0.5 has no "type" and is physical', () => {
    const inner = JSON.stringify({
      region_routes: [
        {
          region: { id: 4668629450752, name: '', partition: null, attrs: {} },
          leader_peer: { id: 1, addr: DATANODE(1) },
          follower_peers: [],
        },
      ],
      version: 3,
    });
    const route = physical(decode(JSON.stringify(inner)));
    expect(route.wireForm).toBe('string');
    expect(route.version).toBe('3');
    expect(route.regionRoutes[0]?.partition).toBeNull();
  });

  test('v0.6 RANGE COLUMNS values are rendered as literals', () => {
    const inner = JSON.stringify({
      type: 'physical',
      region_routes: [
        {
          region: {
            id: 4668629450752,
            name: '',
            partition: {
              column_list: ['host', 'idc'],
              value_list: ['{"Value":{"String":"hz"}}', '{"Value":{"Int64":42}}'],
            },
            attrs: {},
          },
          leader_peer: { id: 0, addr: DATANODE(0) },
          follower_peers: [],
        },
        {
          region: {
            id: 4668629450753,
            name: '',
            partition: { column_list: ['host', 'idc'], value_list: ['"MaxValue"', '"MaxValue"'] },
            attrs: {},
          },
          leader_peer: { id: 1, addr: DATANODE(1) },
          follower_peers: [],
        },
      ],
      version: 0,
    });
    const route = physical(decode(JSON.stringify(inner)));
    expect(route.regionRoutes.map((r) => r.partition?.bounds)).toEqual([
      [
        { kind: 'parsed', text: "'hz'" },
        { kind: 'parsed', text: '42' },
      ],
      [
        { kind: 'parsed', text: 'MAXVALUE' },
        { kind: 'parsed', text: 'MAXVALUE' },
      ],
    ]);
  });

  test('a string that is not JSON is a schema failure, not a crash', () => {
    const result = TableRouteAnswerSchema.safeParse('{"type":"physical",');
    expect(result.success).toBe(false);
  });
});

describe('v0.7 object form', () => {
  test('three partitioned regions, one Downgraded mid-migration', () => {
    const route = physical(decode(fixtures.routeV072Object));
    expect(route.wireForm).toBe('object');
    expect(route.tableId).toBe(1087);
    expect(route.version).toBe('1');
    expect(
      route.regionRoutes.map((r) => ({
        id: r.regionId,
        n: r.regionNumber,
        leader: r.leaderPeer?.id,
        status: r.leaderStatus,
        since: r.leaderDownSinceMs,
        bounds: r.partition?.bounds,
        columns: r.partition?.columns,
      })),
    ).toEqual([
      {
        id: '4668629450752',
        n: 0,
        leader: '0',
        status: null,
        since: null,
        columns: ['host'],
        bounds: [{ kind: 'parsed', text: "host < 'h'" }],
      },
      {
        id: '4668629450753',
        n: 1,
        leader: '1',
        status: 'Downgraded',
        since: 1712565341123,
        columns: ['host'],
        bounds: [{ kind: 'parsed', text: "host >= 'h' AND host < 'p'" }],
      },
      {
        id: '4668629450754',
        n: 2,
        leader: '2',
        status: null,
        since: null,
        columns: ['host'],
        bounds: [{ kind: 'parsed', text: "host >= 'p'" }],
      },
    ]);
  });

  test('single unpartitioned region', () => {
    const route = physical(decode(fixtures.routeV072SingleRegion));
    expect(route.regionRoutes).toHaveLength(1);
    expect(route.regionRoutes[0]?.partition?.bounds).toEqual([
      { kind: 'parsed', text: 'MAXVALUE' },
    ]);
    expect(route.regionRoutes[0]?.leaderDownSinceMs).toBeNull();
  });

  test('both wire forms of the same route decode to the same regions', () => {
    const fromString = physical(decode(fixtures.routeV06StringEncoded));
    const fromObject = physical(decode(fixtures.routeV072SingleRegion));
    expect(fromString.regionRoutes).toEqual(fromObject.regionRoutes);
    expect([fromString.wireForm, fromObject.wireForm]).toEqual(['string', 'object']);
  });
});

describe('logical routes', () => {
  test('name the physical table and keep the region ids', () => {
    expect(decode(fixtures.routeLogical)).toEqual({
      type: 'logical',
      tableId: 1088,
      physicalTableId: 1087,
      regionIds: ['4672924418048', '4672924418049', '4672924418050'],
      wireForm: 'object',
    });
  });

  test('also arrive string-encoded', () => {
    const route = decode(JSON.stringify(fixtures.routeLogical));
    expect(route).toMatchObject({ type: 'logical', tableId: 1088, wireForm: 'string' });
  });
});

describe('64-bit ids', () => {
  // table 4294967295, region 1 -> 18446744069414584321, far beyond 2^53.
  const BIG_REGION = '18446744069414584321';
  const body = (regionId: string, peerId: string) =>
    `{"type":"physical","region_routes":[{"region":{"id":${regionId},"name":"","partition":null,"attrs":{}},"leader_peer":{"id":${peerId},"addr":"dn:4001"},"follower_peers":[{"id":9007199254740993,"addr":"dn2:4001"}],"leader_down_since":null}],"version":18446744073709551615}`;

  test('survive the object form exactly', () => {
    const route = physical(decode(body(BIG_REGION, '18446744073709551615')));
    expect(route.tableId).toBe(4294967295);
    expect(route.version).toBe('18446744073709551615');
    const region = route.regionRoutes[0];
    expect(region?.regionId).toBe(BIG_REGION);
    expect(region?.regionNumber).toBe(1);
    expect(region?.leaderPeer?.id).toBe('18446744073709551615');
    expect(region?.followerPeers[0]?.id).toBe('9007199254740993');
  });

  test('survive the string form exactly', () => {
    const route = physical(decode(JSON.stringify(body(BIG_REGION, '1'))));
    expect(route.regionRoutes[0]?.regionId).toBe(BIG_REGION);
  });

  test('a number above u64 is rejected rather than wrapped', () => {
    expect(
      TableRouteAnswerSchema.safeParse(parseLosslessJson(body('18446744073709551616', '1')))
        .success,
    ).toBe(false);
  });
});

describe('partition bounds are decoded only when shown', () => {
  test('the route keeps each bound as MetaSrv sent it', () => {
    const route = TableRouteAnswerSchema.parse(parseLosslessJson(fixtures.routeV072SingleRegion));
    if (route.type !== 'physical') throw new Error('expected a physical route');
    expect(route.regionRoutes[0]?.partition?.bounds).toEqual(['"MaxValue"']);
  });
});

describe('partition bounds that cannot be parsed', () => {
  test('are kept raw, never dropped', () => {
    const valueList = [
      '{"Expr":{"lhs":{"Column":"host"},"op":"Like","rhs":{"Value":{"String":"h%"}}}}',
      'not json',
      '"MaxValue"',
    ];
    const text = `{"type":"physical","region_routes":[{"region":{"id":4668629450752,"name":"","partition":{"column_list":["host"],"value_list":${stringifyLosslessJson(valueList)}},"attrs":{}},"leader_peer":null,"follower_peers":[],"leader_down_since":null}],"version":0}`;
    const region = physical(decode(text)).regionRoutes[0];
    expect(region?.partition?.bounds).toEqual([
      { kind: 'raw', raw: valueList[0] },
      { kind: 'raw', raw: 'not json' },
      { kind: 'parsed', text: 'MAXVALUE' },
    ]);
    expect(region?.leaderPeer).toBeNull();
  });
});

describe('shape errors', () => {
  test('a route without regions cannot name its table', () => {
    const result = TableRouteAnswerSchema.safeParse(
      parseLosslessJson('{"type":"physical","region_routes":[],"version":0}'),
    );
    expect(result.success).toBe(false);
  });

  test('an unknown leader_status is refused', () => {
    const text = fixtures.routeV072Object.replace('"Downgraded"', '"Downgrading"');
    expect(TableRouteAnswerSchema.safeParse(parseLosslessJson(text)).success).toBe(false);
  });
});
