/**
 * The v1 emulator over real sockets: the axum admin router on the HTTP ports (method-strict,
 * /admin/leader answering the reported gRPC-style address), the tonic router on the reported
 * ports, the frontend with basic auth, modern fixtures (shape / bytes), and a migration over SQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../server.ts';
import type { RunningEmulator } from '../server.ts';
import { readFixture } from '../testing/fixture-cluster.ts';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function call(addr: string, path: string, init: RequestInit = {}) {
  const r = await fetch(`http://${addr}${path}`, init);
  return { status: r.status, headers: r.headers, body: await r.text() };
}

function keysOf(value: unknown): string[] {
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

describe('startEmulator({ api: "v1" })', () => {
  it('serves modern admin, the legacy router on reported ports, and /v1/sql with auth', async () => {
    emulator = await startEmulator({
      api: 'v1.1',
      seed: 2,
      clockSpeed: 20,
      frontendAuth: 'admin:pw',
    });
    const [admin0, admin1] = emulator.metasrvAddrs;
    const [reported0] = emulator.reportedAddrs;
    if (admin0 === undefined || admin1 === undefined || reported0 === undefined)
      throw new Error('nodes');
    expect(emulator.leaderAddrMap[reported0]).toBe(admin0);
    expect(emulator.frontendAddr).not.toBeNull();

    const leader = await call(admin1, '/admin/leader');
    expect(leader).toMatchObject({ status: 200, body: reported0 });
    expect(leader.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect((await call(admin0, '/admin/maintenance/enable')).status).toBe(405);
    expect((await call(admin0, '/admin/nope')).status).toBe(404);
    const status = await call(admin0, '/admin/maintenance/status');
    expect(status.body).toBe(readFixture('modern-maintenance-status.json'));
    expect((await call(admin0, '/admin/procedure-manager/status')).body).toBe(
      readFixture('modern-procedure-manager-status.json'),
    );
    const paused = await call(admin0, '/admin/procedure-manager/pause', { method: 'POST' });
    expect(paused.body).toBe('{"status":"paused"}');
    await call(admin0, '/admin/procedure-manager/resume', { method: 'POST' });

    const lease = JSON.parse((await call(admin0, '/admin/node-lease')).body) as unknown[];
    const fixtureLease = JSON.parse(readFixture('modern-node-lease-v1.1.4.json')) as unknown[];
    expect(keysOf(lease[0])).toEqual(keysOf(fixtureLease[0]));
    const heartbeat = JSON.parse((await call(admin0, '/admin/heartbeat')).body) as unknown[][];
    const fixtureHb = JSON.parse(readFixture('modern-heartbeat-v1.1.4.json')) as unknown[][];
    const stat = heartbeat[0]?.[0];
    const fixtureStat = fixtureHb[0]?.[0];
    expect(keysOf(stat)).toEqual(keysOf(fixtureStat));
    const regionStats = (s: unknown) =>
      (typeof s === 'object' && s !== null ? Reflect.get(s, 'region_stats') : []) as unknown[];
    expect(keysOf(regionStats(stat)[0])).toEqual(keysOf(regionStats(fixtureStat)[0]));
    expect([1, 3]).toContain(heartbeat[0]?.length);

    // The deprecated tonic router on the reported port: method ignored for health, 404 for GET enable.
    expect((await call(reported0, '/admin/health', { method: 'POST' })).body).toBe('OK\n');
    expect((await call(reported0, '/admin/maintenance/enable')).status).toBe(404);
    expect((await call(reported0, '/admin/maintenance', { method: 'DELETE' })).body).toBe(
      'Unsupported operation http method DELETE',
    );

    const frontend = emulator.frontendAddr ?? '';
    const unauthorized = await call(frontend, '/v1/sql?sql=SELECT%201');
    expect(unauthorized.status).toBe(401);
    const auth = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
    const sql = (q: string) =>
      call(frontend, `/v1/sql?${new URLSearchParams({ sql: q }).toString()}`, { headers: auth });
    const peers = await sql(
      "SELECT region_id, peer_id FROM information_schema.region_peers WHERE table_name = 'monitor' ORDER BY region_id LIMIT 1",
    );
    expect(peers.status).toBe(200);
    const row = /"rows":\[\[([0-9]+),([0-9]+)\]\]/.exec(peers.body);
    const regionId = row?.[1] ?? '';
    const from = Number(row?.[2]);
    const to = (from + 1) % 4;
    const submitted = await sql(`ADMIN migrate_region(${regionId}, ${from}, ${to}, 60)`);
    const id = /"rows":\[\["([^"]+)"\]\]/.exec(submitted.body)?.[1] ?? '';
    expect(id).not.toBe('');
    let state = '';
    for (let i = 0; i < 100 && !state.includes('Done'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = (await sql(`ADMIN procedure_state('${id}')`)).body;
    }
    expect(state).toContain('{\\"status\\":\\"Done\\"}');
    const moved = await sql(
      `SELECT peer_id FROM information_schema.region_peers WHERE region_id = ${regionId} AND is_leader = 'Yes'`,
    );
    expect(moved.body).toContain(`[[${to}]]`);
  });

  it('api v1.2 (also after a reset from v1.1) answers with the v1.2 columns and heartbeat', async () => {
    emulator = await startEmulator({ api: 'v1.1', seed: 1 });
    const frontend = () => emulator?.frontendAddr ?? '';
    const statisticsColumns = async () => {
      const sql = 'SELECT * FROM information_schema.region_statistics LIMIT 1';
      const r = await call(frontend(), `/v1/sql?${new URLSearchParams({ sql }).toString()}`);
      return (r.body.match(/"data_type"/g) ?? []).length;
    };
    expect(await statisticsColumns()).toBe(13);
    await emulator.controller.reset({ api: 'v1.2' });
    expect(await statisticsColumns()).toBe(15);
    // Past the datanodes' next heartbeat to the fresh cluster's leader.
    emulator.controller.setClock({ advanceMs: 10_000 });
    const heartbeat = await call(emulator.metasrvAddrs[0] ?? '', '/admin/heartbeat');
    expect(heartbeat.body).toContain('"query_cpu_time":');
    expect((await call(emulator.reportedAddrs[0] ?? '', '/admin/heartbeat')).body).toContain(
      '"query_scanned_bytes":',
    );
  });

  it('stopping a MetaSrv closes its admin port too; legacy modes have no v1 ports', async () => {
    emulator = await startEmulator({ api: 'v1.1', seed: 1 });
    const admin2 = emulator.metasrvAddrs[2] ?? '';
    await emulator.controller.stopMetasrv(2);
    await expect(fetch(`http://${admin2}/admin/health`)).rejects.toThrow();
    await emulator.controller.startMetasrv(2);
    expect((await call(admin2, '/admin/health')).body).toBe('OK\n');
    await emulator.close();
    emulator = await startEmulator({ api: 'v0.7' });
    expect(emulator.frontendAddr).toBeNull();
    expect(emulator.metasrvAddrs).toEqual(emulator.reportedAddrs);
  });
});
