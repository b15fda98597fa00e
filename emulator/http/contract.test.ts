/**
 * Contract tests: the emulator against the shared GreptimeDB fixtures, read from the fixture
 * files themselves. The scenario each fixture describes is built through the model
 * (testing/fixture-cluster.ts), then the admin handler is asked exactly what the fixture's
 * request was. Bodies are compared byte for byte; arrays GreptimeDB fills from a HashMap
 * (node-lease, heartbeat) are compared element by element, each element byte for byte, since
 * their order is random in GreptimeDB too. table-info is marked shape-level in the fixtures
 * README, but the emulator happens to reproduce it exactly, so it is held to bytes as well.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmulatedCluster } from '../model/cluster.ts';
import { ManualClock } from '../clock.ts';
import {
  LEADER_ADDR,
  REGION_1,
  buildFixtureCluster,
  readFixture,
} from '../testing/fixture-cluster.ts';
import { handleAdminRequest } from './legacy-admin.ts';
import type { AdminResponse } from './legacy-admin.ts';
import type { ApiVersion } from '../model/types.ts';

function ask(cluster: EmulatedCluster, api: ApiVersion, target: string, node = 1): AdminResponse {
  return handleAdminRequest({ cluster, api, nodeIndex: node }, target);
}

/** Top-level elements of a JSON array, as their exact source text. */
function elements(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 1;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth += 1;
    else if (ch === ']' || ch === '}') {
      depth -= 1;
      if (depth === 0 && i > start) out.push(text.slice(start, i));
    } else if (ch === ',' && depth === 1) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return out.sort();
}

const noContentType = (r: AdminResponse) =>
  Object.keys(r.headers).some((k) => k.toLowerCase() === 'content-type');

describe('fixtures reproduced byte for byte', () => {
  const { cluster } = buildFixtureCluster();

  it('route-v0.7.2-object.json: table 1087 with region 1 Downgraded, version 1', () => {
    // The fixture's downgrade happened at 1712565341123: run the model's downgrade step then.
    const { cluster: c, clock: cl } = buildFixtureCluster();
    const before = ask(c, 'v0.7', '/admin/route?table_id=1087');
    expect(before.body).toContain('"version":0');
    cl.advance(0);
    const downgradeAt = 1712565341123;
    expect(downgradeAt).toBeLessThan(cl.now());
    expect(c.markDowngraded(REGION_1, 1)).toBe(true);
    const table = c.table(1087);
    const region = table?.kind === 'physical' ? table.regionsByNumber.get(1) : undefined;
    if (region === undefined) throw new Error('no region');
    region.leaderDownSinceMs = downgradeAt;
    const r = ask(c, 'v0.7', '/admin/route?table_id=1087');
    expect(r.status).toBe(200);
    expect(noContentType(r)).toBe(false);
    expect(r.body).toBe(readFixture('route-v0.7.2-object.json'));
  });

  it('route single region: v0.6 as a JSON string, v0.7.2 as an object', () => {
    const { cluster: single } = buildFixtureCluster({ unpartitioned: true });
    const v06 = ask(single, 'v0.6', '/admin/route?region_id=4668629450752');
    expect(v06.body).toBe(readFixture('route-v0.6-string-encoded.json'));
    expect(noContentType(v06)).toBe(false);
    const v07 = ask(single, 'v0.7', '/admin/route?region_id=4668629450752');
    expect(v07.body).toBe(readFixture('route-v0.7.2-single-region.json'));
  });

  it('route-logical.json', () => {
    expect(ask(cluster, 'v0.7', '/admin/route?table_id=1088').body).toBe(
      readFixture('route-logical.json'),
    );
  });

  it('route by catalog/schema/table names the same table', () => {
    expect(
      ask(cluster, 'v0.7', '/admin/route?catalog=greptime&schema=public&table=monitor_logical')
        .body,
    ).toBe(readFixture('route-logical.json'));
  });

  it('help texts are text/plain with the copy-paste leftovers', () => {
    for (const [target, fixture] of [
      ['/admin/route/help', 'route-help.txt'],
      ['/admin/heartbeat/help', 'heartbeat-help.txt'],
    ] as const) {
      const r = ask(cluster, 'v0.6', target);
      expect(r).toEqual({
        status: 200,
        headers: { 'Content-Type': 'text/plain' },
        body: readFixture(fixture),
      });
    }
  });

  it('node-lease.json (v0.7.2) and node-lease-v0.6.0.json', () => {
    const r = ask(cluster, 'v0.7', '/admin/node-lease?cluster_id=0');
    expect(elements(r.body)).toHaveLength(3);
    expect(elements(r.body)).toEqual(elements(readFixture('node-lease.json')));
    expect(noContentType(r)).toBe(false);

    // v0.6: only datanode 2 has heartbeated to this leader, at 1705050731000.
    const clock6 = new ManualClock(1705050725000);
    const c6 = new EmulatedCluster(clock6, { seed: 1, datanodes: 3, empty: true });
    const dn2 = c6.datanode(2);
    dn2.epochMs = 1705050000000;
    dn2.phaseMs = 2_000;
    c6.stopDatanode(0);
    c6.stopDatanode(1);
    c6.stopMetasrv(0);
    clock6.advance(3_000);
    clock6.advance(1705050732000 - clock6.now());
    expect(ask(c6, 'v0.6', '/admin/node-lease?cluster_id=0').body).toBe(
      readFixture('node-lease-v0.6.0.json'),
    );
  });

  it('heartbeat.json: one stored stat per datanode after the first heartbeat to a new leader', () => {
    const r = ask(cluster, 'v0.7', '/admin/heartbeat');
    expect(elements(r.body)).toHaveLength(3);
    expect(elements(r.body)).toEqual(elements(readFixture('heartbeat.json')));
    const filtered = ask(
      cluster,
      'v0.7',
      '/admin/heartbeat?addr=greptimedb-datanode-1.greptimedb-datanode.my-greptimedb:4001',
    );
    expect(elements(filtered.body)).toHaveLength(1);
    expect(filtered.body).toContain('"id":1,');
  });

  it('leader.txt, leader-no-election.txt, health.txt', () => {
    expect(ask(cluster, 'v0.6', '/admin/leader', 0).body).toBe(readFixture('leader.txt'));
    expect(ask(cluster, 'v0.6', '/admin/leader', 1).body).toBe(LEADER_ADDR);
    const single = new EmulatedCluster(new ManualClock(), {
      seed: 1,
      datanodes: 3,
      withoutElection: true,
    });
    expect(ask(single, 'v0.7', '/admin/leader', 0).body).toBe(
      readFixture('leader-no-election.txt'),
    );
    expect(ask(cluster, 'v0.7', '/admin/health').body).toBe(readFixture('health.txt'));
  });

  it('catalogs.json, schemas.json, tables.json', () => {
    expect(ask(cluster, 'v0.7', '/admin/catalogs').body).toBe(readFixture('catalogs.json'));
    expect(ask(cluster, 'v0.7', '/admin/schemas?catalog=greptime').body).toBe(
      readFixture('schemas.json'),
    );
    expect(ask(cluster, 'v0.7', '/admin/tables?catalog=greptime&schema=public').body).toBe(
      readFixture('tables.json'),
    );
    expect(ask(cluster, 'v0.7', '/admin/schemas?catalog=nope').body).toBe('[]');
    expect(ask(cluster, 'v0.7', '/admin/tables?catalog=greptime&schema=nope').body).toBe('[]');
  });

  it('table-info-v0.7.2.json, with Content-Type application/json', () => {
    const r = ask(cluster, 'v0.7', '/admin/table?table_ids=1087');
    expect(r.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(r.body).toBe(readFixture('table-info-v0.7.2.json'));
    expect(ask(cluster, 'v0.7', '/admin/table?table_ids=1099').body).toBe('{}');
    expect(ask(cluster, 'v0.7', '/admin/table?region_ids=4668629450753').body).toBe(
      readFixture('table-info-v0.7.2.json'),
    );
  });

  it('maintenance (v0.7.2 only)', () => {
    expect(ask(cluster, 'v0.7', '/admin/maintenance').body).toBe(
      readFixture('maintenance-v0.7.2-status.txt'),
    );
    const { cluster: other } = buildFixtureCluster();
    expect(ask(other, 'v0.7', '/admin/maintenance/set?enable=true').body).toBe(
      readFixture('maintenance-v0.7.2-set-true.txt'),
    );
    expect(ask(other, 'v0.7', '/admin/maintenance').body).toBe('Maintenance mode is enabled');
    expect(ask(other, 'v0.6', '/admin/maintenance')).toEqual({
      status: 404,
      headers: {},
      body: '',
    });
  });

  it('region-migration-ok.json shape and region-migration-already-migrated.json bytes', () => {
    const { cluster: c } = buildFixtureCluster();
    const okShape = z.strictObject({ procedure_id: z.uuid() });
    expect(okShape.safeParse(JSON.parse(readFixture('region-migration-ok.json'))).success).toBe(
      true,
    );
    const submitted = ask(
      c,
      'v0.7',
      '/admin/region-migration?region_id=4668629450753&from_peer_id=1&to_peer_id=2',
    );
    expect(submitted.status).toBe(200);
    expect(okShape.safeParse(JSON.parse(submitted.body)).success).toBe(true);
    expect(submitted.body).toMatch(/^\{"procedure_id":"[0-9a-f-]{36}"\}$/);
    const already = ask(
      c,
      'v0.7',
      '/admin/region-migration?region_id=4668629450754&from_peer_id=1&to_peer_id=2',
    );
    expect(already.body).toBe(readFixture('region-migration-already-migrated.json'));
  });
});

const ErrorCaseSchema = z.array(
  z.object({ request: z.string(), status: z.number(), body: z.string(), tags: z.string() }),
);

describe('legacy-admin-errors.json: every error case', () => {
  const cases = ErrorCaseSchema.parse(JSON.parse(readFixture('legacy-admin-errors.json')));

  it.each(cases.map((c) => [c.request, c] as const))('%s', (_name, c) => {
    const { cluster, clock } = buildFixtureCluster();
    const target = /^GET (\S+)/.exec(c.request)?.[1];
    let node = 1;
    let request = target ?? '';
    if (c.request.startsWith('(any valid params, sent to a follower')) {
      node = 0;
      request = '/admin/region-migration?region_id=4668629450753&from_peer_id=1&to_peer_id=2';
    }
    if (c.request.includes('while another migration of this region is running')) {
      expect(ask(cluster, 'v0.7', request).status).toBe(200);
      clock.advance(100);
    }
    if (c.request.includes('table info missing')) {
      const table = cluster.table(1087);
      if (table !== undefined) table.hasTableInfo = false;
    }
    const versions: ApiVersion[] = c.tags.startsWith('v0.7.2') ? ['v0.7'] : ['v0.6', 'v0.7'];
    for (const api of versions) {
      const r = ask(cluster, api, request, node);
      expect({ status: r.status, body: r.body, headers: r.headers }).toEqual({
        status: c.status,
        body: c.body,
        headers: {},
      });
    }
    if (c.request.includes('table info missing')) {
      // v0.6.0–v0.7.1 have no table-info lookup: the same request is accepted.
      expect(ask(cluster, 'v0.6', request, node).status).toBe(200);
    }
  });
});

describe('routes written by GreptimeDB <= v0.5', () => {
  it('v0.6 echoes them without "type"; v0.7 re-encodes with it', () => {
    const cluster = new EmulatedCluster(new ManualClock(), { seed: 1, datanodes: 3, empty: true });
    cluster.createPhysicalTable({
      tableId: 1500,
      name: 'old_table',
      leaderPeerIds: [0],
      createdOnMs: 0,
      writtenByV05: true,
    });
    const v06 = JSON.parse(ask(cluster, 'v0.6', '/admin/route?table_id=1500').body) as unknown;
    expect(typeof v06).toBe('string');
    expect(String(v06)).toMatch(/^\{"region_routes":\[/);
    expect(ask(cluster, 'v0.7', '/admin/route?table_id=1500').body).toMatch(
      /^\{"type":"physical",/,
    );
  });
});

describe('region-migration parameters', () => {
  const migrate = (query: string) => {
    const { cluster } = buildFixtureCluster();
    return ask(cluster, 'v0.7', `/admin/region-migration?${query}`);
  };
  const base = 'region_id=4668629450753&from_peer_id=1&to_peer_id=2';

  it('parses replay_timeout as humantime (a space sent as +)', () => {
    expect(migrate(`${base}&replay_timeout=1h+30m`).status).toBe(200);
    expect(migrate(`${base}&replay_timeout=500ms`).status).toBe(200);
    expect(migrate(`${base}&replay_timeout=10`).body).toBe('Failed to parse duration 10');
    expect(migrate(`${base}&replay_timeout=`).body).toBe('Failed to parse duration ');
  });

  it('reads parameters in order and reports the first bad one; + sign allowed as in Rust', () => {
    expect(migrate('region_id=x&from_peer_id=y').body).toBe(
      'Failed to parse number: invalid region_id: x',
    );
    expect(migrate('region_id=4668629450753&to_peer_id=2').body).toBe(
      'Missing required parameter, param: "from_peer_id"',
    );
    expect(migrate('region_id=4668629450753&from_peer_id=1').body).toBe(
      'Missing required parameter, param: "to_peer_id"',
    );
    // A literal `+` is a space in a query string; a sign must be sent as %2B.
    expect(migrate('region_id=%2B4668629450753&from_peer_id=1&to_peer_id=2').status).toBe(200);
    expect(migrate('region_id=+4668629450753&from_peer_id=1&to_peer_id=2').body).toBe(
      'Failed to parse number: invalid region_id:  4668629450753',
    );
    expect(migrate('region_id=-1&from_peer_id=1&to_peer_id=2').body).toBe(
      'Failed to parse number: invalid region_id: -1',
    );
    expect(migrate(`cluster_id=1&${base}`).body).toBe(
      'The target peer is unavailable temporally: 1',
    );
    // The last repeated key wins.
    expect(migrate(`${base}&to_peer_id=1`).body).toBe(
      "Invalid arguments: The `from_peer_id` can't equal `to_peer_id`",
    );
  });

  it('keeps region ids above 2^53 exact (table ids near 2^32)', () => {
    const cluster = new EmulatedCluster(new ManualClock(), { seed: 1, datanodes: 3, empty: true });
    cluster.createPhysicalTable({
      tableId: 4294967295,
      name: 'edge',
      leaderPeerIds: [0, 1],
      createdOnMs: 0,
    });
    const body = ask(cluster, 'v0.7', '/admin/route?region_id=18446744069414584321').body;
    expect(body).toContain('"id":18446744069414584320,');
    expect(body).toContain('"id":18446744069414584321,');
    const submitted = ask(
      cluster,
      'v0.7',
      '/admin/region-migration?region_id=18446744069414584321&from_peer_id=0&to_peer_id=2',
      0,
    );
    expect(submitted.body).toBe('Invalid arguments: Invalid region migration `from_peer` argument');
    expect(
      ask(
        cluster,
        'v0.7',
        '/admin/region-migration?region_id=18446744069414584322&from_peer_id=0&to_peer_id=2',
        0,
      ).body,
    ).toBe('Failed to find table route for 18446744069414584322(4294967295, 2)');
  });
});
