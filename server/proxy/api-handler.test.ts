/**
 * The handler end to end over real HTTP: browser-side fetch -> handler -> scripted fake
 * MetaSrv nodes on 127.0.0.1. Assertions are made at the fakes (what reached which node,
 * and how often), because "never re-sent" and "no upstream request at all" are facts about
 * the cluster side, not about the answer the browser gets.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyErrorBodySchema, MetasrvStatusSchema } from '../../contract/api-contract.ts';
import { createApiHandler } from './api-handler.ts';
import type { ApiHandlerDeps } from './api-handler.ts';
import { FOLLOWER_REFUSAL } from './region-migration.ts';
import { serveHandler, startFakeMetasrv, unusedAddr } from './test-support/fake-metasrv.ts';
import type { FakeMetasrv, RunningProxy } from './test-support/fake-metasrv.ts';

const MIGRATE = '/admin/region-migration';
const API = 'api/clusters/default';
const METASRV_DATE = 'Tue, 01 Jan 2030 00:00:00 GMT';
const MIGRATION = {
  region_id: '4398046511104',
  from_peer_id: '1',
  to_peer_id: '2',
  replay_timeout: '5m',
};
const PROCEDURE_OK = '{"procedure_id":"3e1b5e4e-7f2a-4f57-9a53-2b0f8f0d9a10"}';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeNodes(count: number): Promise<FakeMetasrv[]> {
  const nodes: FakeMetasrv[] = [];
  for (let i = 0; i < count; i += 1) {
    const node = await startFakeMetasrv();
    cleanups.push(() => node.close());
    nodes.push(node);
  }
  return nodes;
}

async function proxyFor(
  metasrvAddrs: string[],
  options: { timeoutMs?: number; leaderMap?: Map<string, string>; deps?: ApiHandlerDeps } = {},
): Promise<RunningProxy> {
  const agent = new http.Agent({ keepAlive: true });
  const handler = createApiHandler(
    {
      metasrvAddrs,
      leaderMap: options.leaderMap ?? new Map(),
      timeoutMs: options.timeoutMs ?? 2000,
    },
    { agent, ...options.deps },
  );
  const proxy = await serveHandler(handler);
  cleanups.push(
    () => {
      agent.destroy();
    },
    () => proxy.close(),
  );
  return proxy;
}

function migrate(proxy: RunningProxy, body: unknown = MIGRATION): Promise<Response> {
  return fetch(`${proxy.origin}/${API}/region-migration`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function proxyError(response: Response) {
  expect(response.headers.get('x-console-origin')).toBe('proxy');
  expect(response.headers.get('cache-control')).toBe('no-store');
  return ProxyErrorBodySchema.parse(await response.json()).error;
}

function totalRequests(nodes: FakeMetasrv[]): number {
  return nodes.reduce((sum, node) => sum + node.requests.length, 0);
}

describe('relayed reads', () => {
  it('relays MetaSrv status and body bytes unchanged, with x-metasrv-addr and x-metasrv-date', async () => {
    const [leader] = await fakeNodes(1);
    if (leader === undefined) throw new Error('no node');
    leader.reply('/admin/route', {
      status: 500,
      body: 'Failed to find table route for 1025',
      headers: { date: METASRV_DATE },
    });
    const proxy = await proxyFor([leader.addr]);

    const response = await fetch(`${proxy.origin}/${API}/route?table_id=1025`);

    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Failed to find table route for 1025');
    expect(response.headers.get('x-metasrv-addr')).toBe(leader.addr);
    expect(response.headers.get('x-metasrv-date')).toBe(METASRV_DATE);
    expect(response.headers.get('x-console-origin')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(leader.requestsTo('/admin/route')).toEqual(['/admin/route?table_id=1025']);
  });

  it('keeps 64-bit ids and every other byte of a JSON body exact', async () => {
    const [leader] = await fakeNodes(1);
    if (leader === undefined) throw new Error('no node');
    const body = '"{\\"type\\":\\"physical\\",\\"region_ids\\":[18446744073709551615]}"';
    leader.reply('/admin/route', { status: 200, body });
    const proxy = await proxyFor([leader.addr]);

    const response = await fetch(`${proxy.origin}/${API}/route?region_id=18446744073709551615`);

    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(body))).toBe(true);
    expect(leader.requestsTo('/admin/route')).toEqual([
      '/admin/route?region_id=18446744073709551615',
    ]);
  });

  it('builds each upstream request itself, percent-encoding names', async () => {
    const [leader] = await fakeNodes(1);
    if (leader === undefined) throw new Error('no node');
    const proxy = await proxyFor([leader.addr]);

    await fetch(`${proxy.origin}/${API}/node-lease`);
    await fetch(`${proxy.origin}/${API}/tables?catalog=greptime&schema=my%20schema%26x%3D1`);
    await fetch(`${proxy.origin}/${API}/route?catalog=greptime&schema=public&table=cpu`);
    await fetch(`${proxy.origin}/${API}/table-info?table_ids=4294967295`);
    await fetch(`${proxy.origin}/${API}/table-info?table_ids=1024,1025`);
    const notAnId = await fetch(`${proxy.origin}/${API}/table-info?table_ids=1024,x`);
    const tooMany = Array.from({ length: 101 }, (_, i) => String(1024 + i)).join(',');
    const overLimit = await fetch(`${proxy.origin}/${API}/table-info?table_ids=${tooMany}`);

    expect(notAnId.status).toBe(400);
    expect(overLimit.status).toBe(400);
    expect(leader.requests.filter((url) => url !== '/admin/leader')).toEqual([
      '/admin/node-lease?cluster_id=0',
      '/admin/tables?catalog=greptime&schema=my%20schema%26x%3D1',
      '/admin/route?catalog=greptime&schema=public&table=cpu',
      '/admin/table?table_ids=4294967295',
      '/admin/table?table_ids=1024%2C1025',
    ]);
  });

  it('switches v0.16+ maintenance mode with a POST to the leader, and nothing on a bad body', async () => {
    const [leader] = await fakeNodes(1);
    if (leader === undefined) throw new Error('no node');
    leader.reply('/admin/maintenance/enable', { status: 200, body: '{"enabled":true}' });
    const proxy = await proxyFor([leader.addr]);
    const post = (body: string) =>
      fetch(`${proxy.origin}/${API}/maintenance-switch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });

    const answer = await post('{"enable":true}');
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('{"enabled":true}');
    expect((await post('{"enable":"yes"}')).status).toBe(400);
    expect(leader.calls.filter((call) => !call.endsWith('/admin/leader'))).toEqual([
      'POST /admin/maintenance/enable',
    ]);
  });

  it('goes to the leader even when a follower is configured first', async () => {
    const [follower, leader] = await fakeNodes(2);
    if (follower === undefined || leader === undefined) throw new Error('no node');
    follower.reply('/admin/leader', { status: 200, body: leader.addr });
    const proxy = await proxyFor([follower.addr, leader.addr]);

    await fetch(`${proxy.origin}/${API}/heartbeat`);

    expect(leader.requestsTo('/admin/heartbeat')).toHaveLength(1);
    expect(follower.requestsTo('/admin/heartbeat')).toHaveLength(0);
  });

  it('reads through a mapped leader address', async () => {
    const [node] = await fakeNodes(1);
    if (node === undefined) throw new Error('no node');
    node.reply('/admin/leader', { status: 200, body: '10.244.1.17:3002' });
    node.reply('/admin/catalogs', { status: 200, body: '["greptime"]' });
    const proxy = await proxyFor([node.addr], {
      leaderMap: new Map([['10.244.1.17:3002', node.addr]]),
    });

    const response = await fetch(`${proxy.origin}/${API}/catalogs`);

    expect(await response.text()).toBe('["greptime"]');
    expect(response.headers.get('x-metasrv-addr')).toBe(node.addr);
  });

  it('answers leader-not-configured, naming the address, and sends nothing to it', async () => {
    const [node] = await fakeNodes(1);
    if (node === undefined) throw new Error('no node');
    node.reply('/admin/leader', { status: 200, body: '10.244.1.17:3002' });
    const proxy = await proxyFor([node.addr]);

    const response = await fetch(`${proxy.origin}/${API}/route?table_id=1024`);

    expect(response.status).toBe(502);
    const error = await proxyError(response);
    expect(error.code).toBe('leader-not-configured');
    expect(error.message).toContain('10.244.1.17:3002');
    expect(node.requests).toEqual(['/admin/leader']);
  });

  it('re-resolves the leader and retries once when the cached leader went away', async () => {
    const [oldLeader, newLeader] = await fakeNodes(2);
    if (oldLeader === undefined || newLeader === undefined) throw new Error('no node');
    newLeader.reply('/admin/leader', { status: 200, body: oldLeader.addr });
    const proxy = await proxyFor([oldLeader.addr, newLeader.addr]);
    await fetch(`${proxy.origin}/${API}/catalogs`); // caches oldLeader
    await oldLeader.close();
    newLeader.reply('/admin/leader', { status: 200, body: newLeader.addr });
    newLeader.reply('/admin/catalogs', { status: 200, body: '["greptime"]' });

    const response = await fetch(`${proxy.origin}/${API}/catalogs`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-metasrv-addr')).toBe(newLeader.addr);
  });
});

describe('requests refused before the cluster is contacted', () => {
  it.each([
    [
      'a table id that is not a u32',
      'route?table_id=4294967296',
      ['table_id: must be an unsigned 32-bit integer in decimal'],
    ],
    ['an unknown query key', 'node-lease?cluster_id=1', ['cluster_id: unknown parameter']],
    ['a repeated key', 'route?table_id=1&table_id=2', ['table_id: given more than once']],
    [
      'two ways of naming the table',
      'route?table_id=1&region_id=2',
      ['name the table with exactly one of table_id, region_id, or catalog+schema+table'],
    ],
    [
      'no way of naming the table',
      'route',
      [expect.stringContaining('exactly one of table_id, region_id')],
    ],
    ['a missing schema name', 'tables?catalog=greptime', ['schema: required']],
  ])('400 for %s', async (_what, path, issues) => {
    const nodes = await fakeNodes(2);
    const proxy = await proxyFor(nodes.map((node) => node.addr));

    const response = await fetch(`${proxy.origin}/${API}/${path}`);

    expect(response.status).toBe(400);
    const error = await proxyError(response);
    expect(error.code).toBe('bad-request');
    expect(error.issues).toEqual(issues);
    expect(totalRequests(nodes)).toBe(0);
  });

  it('400 for an invalid migration body, one issue per field, nothing sent', async () => {
    const nodes = await fakeNodes(2);
    const proxy = await proxyFor(nodes.map((node) => node.addr));

    const response = await migrate(proxy, {
      region_id: '-1',
      from_peer_id: 1,
      to_peer_id: '2',
      replay_timeout: '1.5s',
      cluster_id: '0',
    });

    expect(response.status).toBe(400);
    const error = await proxyError(response);
    expect(error.issues).toEqual([
      'region_id: must be an unsigned 64-bit integer in decimal',
      'from_peer_id: Invalid input: expected string, received number',
      'replay_timeout: must be a duration MetaSrv accepts, e.g. 5m',
      'cluster_id: unknown parameter',
    ]);
    expect(totalRequests(nodes)).toBe(0);
  });

  it('400 for a migration that is not JSON; 413 for an oversized body; nothing sent', async () => {
    const nodes = await fakeNodes(1);
    const proxy = await proxyFor(nodes.map((node) => node.addr));
    const url = `${proxy.origin}/${API}/region-migration`;

    const asForm = await fetch(url, { method: 'POST', body: new URLSearchParams(MIGRATION) });
    expect(asForm.status).toBe(400);
    expect((await proxyError(asForm)).issues).toEqual([
      'body: must be sent with content-type application/json',
    ]);

    const tooLarge = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...MIGRATION, padding: 'x'.repeat(20_000) }),
    });
    expect(tooLarge.status).toBe(413);
    expect((await proxyError(tooLarge)).code).toBe('payload-too-large');
    expect(totalRequests(nodes)).toBe(0);
  });

  it('405 with Allow for the wrong method; a GET never submits a migration', async () => {
    const nodes = await fakeNodes(1);
    const proxy = await proxyFor(nodes.map((node) => node.addr));

    const get = await fetch(`${proxy.origin}/${API}/region-migration?region_id=1`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await proxyError(get)).code).toBe('method-not-allowed');

    const post = await fetch(`${proxy.origin}/${API}/route?table_id=1`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(totalRequests(nodes)).toBe(0);
  });

  it.each([
    'api/clusters/default/admin/route',
    'api/clusters/other/route?table_id=1',
    'api/clusters/default/route/',
    'api/admin/leader',
    'api',
    'api/dev/emulator',
  ])('404 for /%s without contacting the cluster', async (path) => {
    const nodes = await fakeNodes(1);
    const proxy = await proxyFor(nodes.map((node) => node.addr));

    const response = await fetch(`${proxy.origin}/${path}`);

    expect(response.status).toBe(404);
    expect((await proxyError(response)).code).toBe('not-found');
    expect(totalRequests(nodes)).toBe(0);
  });

  it('passes paths outside /api/ to the next middleware', async () => {
    const nodes = await fakeNodes(1);
    const proxy = await proxyFor(nodes.map((node) => node.addr));

    for (const path of ['/', '/apiary', '/src/main.tsx']) {
      const response = await fetch(`${proxy.origin}${path}`);
      expect(response.status).toBe(418);
    }
    expect(totalRequests(nodes)).toBe(0);
  });
});

describe('region migration', () => {
  it('is sent once, to the leader, as a query string with %20 for spaces', async () => {
    const [follower, leader] = await fakeNodes(2);
    if (follower === undefined || leader === undefined) throw new Error('no node');
    follower.reply('/admin/leader', { status: 200, body: leader.addr });
    follower.reply(MIGRATE, { status: 500, body: FOLLOWER_REFUSAL });
    leader.reply(MIGRATE, { status: 200, body: PROCEDURE_OK, headers: { date: METASRV_DATE } });
    const proxy = await proxyFor([follower.addr, leader.addr]);

    const response = await migrate(proxy, { ...MIGRATION, replay_timeout: '1h 30m' });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(PROCEDURE_OK);
    expect(response.headers.get('x-metasrv-addr')).toBe(leader.addr);
    expect(response.headers.get('x-metasrv-date')).toBe(METASRV_DATE);
    expect(leader.requestsTo(MIGRATE)).toEqual([
      `${MIGRATE}?region_id=4398046511104&from_peer_id=1&to_peer_id=2&replay_timeout=1h%2030m`,
    ]);
    expect(follower.requestsTo(MIGRATE)).toHaveLength(0);
  });

  it('after a follower refusal (stale leader) re-resolves and ends at the leader', async () => {
    const [follower, leader] = await fakeNodes(2);
    if (follower === undefined || leader === undefined) throw new Error('no node');
    // The follower is the leader at first, so a submission caches it...
    follower.reply('/admin/leader', { status: 200, body: follower.addr });
    leader.reply('/admin/leader', { status: 200, body: follower.addr });
    follower.reply(MIGRATE, { status: 200, body: PROCEDURE_OK });
    const proxy = await proxyFor([follower.addr, leader.addr]);
    expect(await (await migrate(proxy)).text()).toBe(PROCEDURE_OK);
    // ...then leadership moves and the old leader refuses submissions.
    for (const node of [follower, leader])
      node.reply('/admin/leader', { status: 200, body: leader.addr });
    follower.reply(MIGRATE, { status: 500, body: FOLLOWER_REFUSAL });
    leader.reply(MIGRATE, { status: 200, body: PROCEDURE_OK });

    const response = await migrate(proxy);

    expect(await response.text()).toBe(PROCEDURE_OK);
    expect(follower.requestsTo(MIGRATE)).toHaveLength(2);
    expect(leader.requestsTo(MIGRATE)).toHaveLength(1);
  });

  it('relays the refusal when the cluster keeps naming a node that refuses, without repeating it', async () => {
    const [follower, other] = await fakeNodes(2);
    if (follower === undefined || other === undefined) throw new Error('no node');
    for (const node of [follower, other])
      node.reply('/admin/leader', { status: 200, body: follower.addr });
    follower.reply(MIGRATE, { status: 500, body: FOLLOWER_REFUSAL });
    const proxy = await proxyFor([follower.addr, other.addr]);

    const response = await migrate(proxy);

    expect(response.status).toBe(500);
    expect(await response.text()).toBe(FOLLOWER_REFUSAL);
    expect(follower.requestsTo(MIGRATE)).toHaveLength(1);
    expect(other.requestsTo(MIGRATE)).toHaveLength(0);
  });

  it('is re-sent after a refused connection, when nothing was sent', async () => {
    const [oldLeader, newLeader] = await fakeNodes(2);
    if (oldLeader === undefined || newLeader === undefined) throw new Error('no node');
    newLeader.reply('/admin/leader', { status: 200, body: oldLeader.addr });
    const proxy = await proxyFor([oldLeader.addr, newLeader.addr]);
    await fetch(`${proxy.origin}/${API}/metasrv`); // caches oldLeader
    await oldLeader.close();
    newLeader.reply('/admin/leader', { status: 200, body: newLeader.addr });
    newLeader.reply(MIGRATE, { status: 200, body: PROCEDURE_OK });

    const response = await migrate(proxy);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(PROCEDURE_OK);
    expect(newLeader.requestsTo(MIGRATE)).toHaveLength(1);
  });

  it('answers metasrv-unreachable when no leader can be connected to', async () => {
    const down = await unusedAddr();
    const proxy = await proxyFor([down]);

    const response = await migrate(proxy);

    expect(response.status).toBe(502);
    expect((await proxyError(response)).code).toBe('metasrv-unreachable');
  });

  it('is never re-sent after a timeout: 504 submission-outcome-unknown', async () => {
    const [leader, follower] = await fakeNodes(2);
    if (leader === undefined || follower === undefined) throw new Error('no node');
    follower.reply('/admin/leader', { status: 200, body: leader.addr });
    follower.reply(MIGRATE, { status: 200, body: PROCEDURE_OK });
    leader.reply(MIGRATE, 'hang');
    const proxy = await proxyFor([leader.addr, follower.addr], { timeoutMs: 300 });

    const response = await migrate(proxy);

    expect(response.status).toBe(504);
    const error = await proxyError(response);
    expect(error.code).toBe('submission-outcome-unknown');
    expect(error.metasrv).toBe(leader.addr);
    expect(error.message).toMatch(/not sent again.*re-reads the table route/s);
    expect(leader.requestsTo(MIGRATE)).toHaveLength(1);
    expect(follower.requestsTo(MIGRATE)).toHaveLength(0);
  });

  it('is never re-sent after the connection broke once sent: 502 submission-outcome-unknown', async () => {
    const [leader, follower] = await fakeNodes(2);
    if (leader === undefined || follower === undefined) throw new Error('no node');
    follower.reply('/admin/leader', { status: 200, body: leader.addr });
    follower.reply(MIGRATE, { status: 200, body: PROCEDURE_OK });
    leader.reply(MIGRATE, 'reset');
    const proxy = await proxyFor([leader.addr, follower.addr]);

    const response = await migrate(proxy);

    expect(response.status).toBe(502);
    expect((await proxyError(response)).code).toBe('submission-outcome-unknown');
    expect(leader.requestsTo(MIGRATE)).toHaveLength(1);
    expect(follower.requestsTo(MIGRATE)).toHaveLength(0);
  });

  it('relays MetaSrv refusals other than the follower one, without re-sending', async () => {
    const [leader] = await fakeNodes(1);
    if (leader === undefined) throw new Error('no node');
    const text = 'The target peer is unavailable temporally: 2';
    leader.reply(MIGRATE, { status: 500, body: text });
    const proxy = await proxyFor([leader.addr]);

    const response = await migrate(proxy);

    expect(response.status).toBe(500);
    expect(await response.text()).toBe(text);
    expect(leader.requestsTo(MIGRATE)).toHaveLength(1);
  });
});

describe('GET .../metasrv and /api/dev/emulator', () => {
  it('answers the MetasrvStatus summary as the proxy', async () => {
    const [node] = await fakeNodes(1);
    if (node === undefined) throw new Error('no node');
    node.reply('/admin/leader', { status: 200, body: 'election info is None' });
    const proxy = await proxyFor([node.addr]);

    const response = await fetch(`${proxy.origin}/${API}/metasrv`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-console-origin')).toBe('proxy');
    const status = MetasrvStatusSchema.parse(await response.json());
    expect(status.leader).toEqual({
      addr: node.addr,
      reportedAddr: node.addr,
      withoutElection: true,
    });
    expect(status.nodes).toEqual([
      {
        addr: node.addr,
        reachable: true,
        leaderAnswer: { status: 200, body: 'election info is None' },
        error: null,
        unreachableSinceMs: null,
      },
    ]);
  });

  it('serves the embedded emulator addresses only when given them', async () => {
    const [node] = await fakeNodes(1);
    if (node === undefined) throw new Error('no node');
    const embeddedEmulator = { controlAddr: '127.0.0.1:4999', metasrvAddrs: [node.addr] };
    const proxy = await proxyFor([node.addr], { deps: { embeddedEmulator } });

    const response = await fetch(`${proxy.origin}/api/dev/emulator`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(embeddedEmulator);
    expect(node.requests).toHaveLength(0);
  });
});
