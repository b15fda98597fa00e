/**
 * The emulator over real sockets: listeners, control API, a route read and a migration. The
 * clock runs 20x fast so the migration's few emulated seconds pass in a fraction of a second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LOGGED_BODY_CHARS } from './faults.ts';
import { startEmulator } from './server.ts';
import type { RunningEmulator } from './server.ts';

let emulator: RunningEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function get(addr: string, path: string) {
  const response = await fetch(`http://${addr}${path}`);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function control(addr: string, path: string, body?: unknown) {
  const response = await fetch(`http://${addr}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as unknown, text };
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startEmulator', () => {
  it('serves the admin API per node and migrates a region end to end', async () => {
    emulator = await startEmulator({ api: 'v0.7', seed: 3, clockSpeed: 20 });
    const [leader, follower] = emulator.metasrvAddrs;
    if (leader === undefined || follower === undefined) throw new Error('expected 3 nodes');
    expect(emulator.metasrvAddrs).toHaveLength(3);
    expect(new Set([...emulator.metasrvAddrs, emulator.controlAddr]).size).toBe(4);

    const leaderAnswer = await get(follower, '/admin/leader');
    expect(leaderAnswer).toMatchObject({ status: 200, body: leader });
    expect(leaderAnswer.headers.get('content-type')).toBeNull();
    // Date is MetaSrv's clock: the emulated one.
    expect(leaderAnswer.headers.get('date')).not.toBeNull();

    const table = await control(emulator.controlAddr, '/control/tables', {
      tableId: 4000,
      regions: 3,
      leaders: [0, 1, 2],
    });
    expect(table.status).toBe(200);
    const regionId = ((4000n << 32n) | 1n).toString();

    const route = await get(leader, `/admin/route?table_id=4000`);
    expect(route.status).toBe(200);
    expect(route.body).toContain(`"id":${regionId}`);
    expect(route.body).toContain('"leader_down_since":null');

    const refused = await get(
      follower,
      `/admin/region-migration?region_id=${regionId}&from_peer_id=1&to_peer_id=3`,
    );
    expect(refused).toMatchObject({
      status: 500,
      body: 'Unexpected, violated: Trying to submit a region migration procedure to non-leader meta server',
    });

    const submitted = await get(
      leader,
      `/admin/region-migration?region_id=${regionId}&from_peer_id=1&to_peer_id=3`,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatch(/^\{"procedure_id":"[0-9a-f-]{36}"\}$/);

    await waitFor(async () =>
      (await get(leader, '/admin/route?table_id=4000')).body.includes(
        '"leader_status":"Downgraded"',
      ),
    );
    await waitFor(async () => {
      const body = (await get(leader, '/admin/route?table_id=4000')).body;
      return (
        body.includes(`{"id":${regionId},`) &&
        !body.includes('Downgraded') &&
        body.includes('"version":2')
      );
    });
    const finalRoute = (await get(leader, '/admin/route?table_id=4000')).body;
    expect(finalRoute).toContain(
      `"leader_peer":{"id":3,"addr":"greptimedb-datanode-3.greptimedb-datanode.my-greptimedb:4001"}`,
    );

    const procedures = await control(emulator.controlAddr, '/control/procedures');
    expect(procedures.text).toContain('"status":"Done"');
    const requests = await control(emulator.controlAddr, '/control/requests');
    expect(requests.json).toMatchObject({
      counters: { '0': { '/admin/region-migration': 1 }, '1': { '/admin/region-migration': 1 } },
    });
  });

  it('logs the start of each answer and its whole length, not megabytes of body', async () => {
    emulator = await startEmulator({ seed: 1 });
    const created = await control(emulator.controlAddr, '/control/tables', {
      tableId: 5000,
      regions: 2000,
    });
    expect(created.status).toBe(200);
    const leader = (await get(emulator.metasrvAddrs[0] ?? '', '/admin/leader')).body;
    const route = (await get(leader, '/admin/route?table_id=5000')).body;
    expect(route.length).toBeGreaterThan(LOGGED_BODY_CHARS);

    const log = await control(emulator.controlAddr, '/control/requests?path=/admin/route');
    expect(log.json).toMatchObject({
      entries: [{ body: route.slice(0, LOGGED_BODY_CHARS), bodyLength: route.length }],
    });
  });

  it('closes a stopped MetaSrv and elects another leader', async () => {
    emulator = await startEmulator({ seed: 1, clockSpeed: 50 });
    const [first, second] = emulator.metasrvAddrs;
    if (first === undefined || second === undefined) throw new Error('expected 3 nodes');
    const stopped = await control(emulator.controlAddr, '/control/metasrv/stop', { node: 0 });
    expect(stopped.status).toBe(200);
    await expect(fetch(`http://${first}/admin/health`)).rejects.toThrow();
    await waitFor(async () => (await get(second, '/admin/leader')).body === second);
    const started = await control(emulator.controlAddr, '/control/metasrv/start', { node: 0 });
    expect(started.status).toBe(200);
    expect(await get(first, '/admin/leader')).toMatchObject({ status: 200, body: second });
  });

  it('answers bad control requests with the problems listed', async () => {
    emulator = await startEmulator({});
    const bad = await control(emulator.controlAddr, '/control/tables', { tableId: -1 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('tableId');
    expect((await control(emulator.controlAddr, '/control/nope')).status).toBe(404);
    const StateSchema = z.object({ tableCount: z.number(), api: z.string() });
    const big = await control(emulator.controlAddr, '/control/reset', {
      tables: 50,
      regions: 500,
      api: 'v0.7',
    });
    expect(StateSchema.parse(big.json)).toEqual({ tableCount: 50, api: 'v0.7' });
    const demo = await control(emulator.controlAddr, '/control/reset', {
      tables: null,
      regions: null,
    });
    expect(StateSchema.parse(demo.json)).toEqual({ tableCount: 8, api: 'v0.7' });
  });

  it('answers like tonic: exact headers, any method, query string only, + is a space', async () => {
    emulator = await startEmulator({ api: 'v0.6', seed: 2 });
    const [addr] = emulator.metasrvAddrs;
    if (addr === undefined) throw new Error('no node');
    const health = await fetch(`http://${addr}/admin/health`, { method: 'DELETE' });
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBeNull();
    expect(await health.text()).toBe('OK\n');

    const unknown = await get(addr, '/admin/no-such-endpoint');
    expect(unknown).toMatchObject({ status: 404, body: '' });
    expect(unknown.headers.get('content-type')).toBeNull();
    expect((await get(addr, '/admin/route/')).status).toBe(404);

    const grpc = await get(addr, '/v1/sql');
    expect(grpc.status).toBe(200);
    expect(grpc.headers.get('grpc-status')).toBe('12');
    expect(grpc.headers.get('content-type')).toBe('application/grpc');

    const spaced = await get(addr, '/admin/route?catalog=greptime&schema=public&table=no+such');
    expect(spaced).toMatchObject({ status: 500, body: 'Table greptime.public.no such not found' });
    expect(spaced.headers.get('content-type')).toBeNull();
    expect((await get(addr, '/admin/route?table_id=1&table_id=1024')).status).toBe(200);
    const posted = await fetch(`http://${addr}/admin/route`, {
      method: 'POST',
      body: 'table_id=1024',
    });
    expect(await posted.text()).toBe('Missing required parameter, param: "catalog"');

    // Date is MetaSrv's (emulated) clock.
    await control(emulator.controlAddr, '/control/clock', { advanceMs: 86_400_000 });
    const dated = await get(addr, '/admin/health');
    const skew = Date.parse(dated.headers.get('date') ?? '') - Date.now();
    expect(skew).toBeGreaterThan(86_000_000);
  });

  it('injects faults: error text, latency, truncated and mistyped bodies, apply-then-drop', async () => {
    emulator = await startEmulator({ api: 'v0.7', seed: 5 });
    const [leader] = emulator.metasrvAddrs;
    const ctl = emulator.controlAddr;
    if (leader === undefined) throw new Error('no node');
    await control(ctl, '/control/faults', {
      path: '/admin/leader',
      action: 'error',
      body: 'boom',
      times: 1,
    });
    expect(await get(leader, '/admin/leader')).toMatchObject({ status: 500, body: 'boom' });
    expect((await get(leader, '/admin/leader')).body).toBe(leader);

    await control(ctl, '/control/faults', { path: '/admin/route', action: 'truncate', times: 1 });
    const truncated = await get(leader, '/admin/route?table_id=1024');
    expect(() => JSON.parse(truncated.body) as unknown).toThrow();

    await control(ctl, '/control/faults', {
      path: '/admin/route',
      action: 'wrong-types',
      times: 1,
    });
    expect((await get(leader, '/admin/route?table_id=1024')).body).toContain('"version":"0"');

    await control(ctl, '/control/faults', { path: '/admin/health', latencyMs: 150, times: 1 });
    const t0 = Date.now();
    await get(leader, '/admin/health');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

    const table = await control(ctl, '/control/tables/1024');
    const TableSchema = z.object({
      regions: z.array(z.object({ regionId: z.string(), leaderPeerId: z.number() })),
    });
    const region = TableSchema.parse(table.json).regions[0];
    if (region === undefined) throw new Error('no region');
    const to = (region.leaderPeerId + 1) % 4;
    await control(ctl, '/control/faults', { path: '/admin/region-migration', action: 'drop' });
    await expect(
      get(
        leader,
        `/admin/region-migration?region_id=${region.regionId}&from_peer_id=${region.leaderPeerId}&to_peer_id=${to}`,
      ),
    ).rejects.toThrow();
    // The request was applied although no answer came back.
    const procedures = z
      .object({ procedures: z.array(z.object({ regionId: z.string() })) })
      .parse((await control(ctl, '/control/procedures')).json);
    expect(procedures.procedures.map((p) => p.regionId)).toEqual([region.regionId]);
    const log = await control(ctl, '/control/requests?path=/admin/region-migration');
    expect(log.text).toContain('"status":null');
  });
});
