/**
 * How the production server behaves when MetaSrv misbehaves, and under a burst of clients.
 * Scripted fake MetaSrv nodes stand in for the cluster so each failure is exact; timings
 * use real (small) timeouts because the bound on waiting is the property under test. The
 * burst runs against the emulator on loopback, as a bounded load test.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMetasrv, unusedAddr } from '../proxy/test-support/fake-metasrv.ts';
import type { FakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { startEmulator } from '../../emulator/server.ts';
import { METASRV_POOL_SOCKETS_PER_NODE } from '../proxy/upstream.ts';
import { rawRequest, startConsole } from './test-support/console-fixture.ts';
import type { RunningConsole } from './test-support/console-fixture.ts';

const ROUTE = '/api/clusters/default/route?table_id=1024';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(): Promise<FakeMetasrv> {
  const node = await startFakeMetasrv();
  cleanups.push(() => node.close());
  return node;
}

async function consoleFor(addrs: string[], timeoutMs = 2000, id = 'default') {
  const running = await startConsole({
    clusters: [{ id, metasrvAddrs: addrs, leaderMap: new Map() }],
    config: { timeoutMs },
  });
  cleanups.push(() => running.close());
  return running;
}

describe('MetaSrv misbehaving', () => {
  it('slow: the request ends at the configured timeout, naming the MetaSrv that timed out', async () => {
    const node = await fake();
    node.reply('/admin/route', 'hang');
    const running = await consoleFor([node.addr], 300);
    const started = Date.now();
    const answer = await rawRequest(running.port, { path: ROUTE });
    const elapsed = Date.now() - started;
    expect(answer.status).toBe(504);
    const body: unknown = JSON.parse(answer.body);
    expect(body).toMatchObject({ error: { code: 'metasrv-timeout', metasrv: node.addr } });
    expect(answer.body).toContain(`MetaSrv leader ${node.addr}`);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('down: a quick, clear error and no hang', async () => {
    const dead = await unusedAddr();
    const running = await consoleFor([dead], 5000);
    const started = Date.now();
    const answer = await rawRequest(running.port, { path: ROUTE });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer.status).toBe(502);
    expect(answer.body).toContain('metasrv-unreachable');
    expect(answer.body).toContain(dead);
  });

  it('garbage: the bytes are relayed unchanged, status included (the browser gate judges them)', async () => {
    const node = await fake();
    const garbage = Buffer.from([
      0x7b, 0x22, 0xff, 0x00, 0x3c, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3e,
    ]);
    node.reply('/admin/route', { status: 200, body: garbage });
    const running = await consoleFor([node.addr]);
    const answer = await new Promise<Buffer>((resolve, reject) => {
      http
        .get(
          { host: '127.0.0.1', port: running.port, path: ROUTE, headers: { host: running.host } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              resolve(Buffer.concat(chunks));
            });
          },
        )
        .on('error', reject);
    });
    expect(answer.equals(garbage)).toBe(true);
  });
});

describe('several clusters', () => {
  it('lists them and routes each cluster id to its own MetaSrv nodes only', async () => {
    const prod = await fake();
    const staging = await fake();
    prod.reply('/admin/route', { status: 200, body: 'prod' });
    staging.reply('/admin/route', { status: 200, body: 'staging' });
    const running = await startConsole({
      clusters: [
        { id: 'prod', metasrvAddrs: [prod.addr], leaderMap: new Map() },
        { id: 'staging', metasrvAddrs: [staging.addr], leaderMap: new Map() },
      ],
    });
    cleanups.push(() => running.close());
    const list = await rawRequest(running.port, { path: '/api/clusters' });
    expect(JSON.parse(list.body)).toEqual({
      clusters: [
        { id: 'prod', metasrvAddrs: [prod.addr], isEmulated: false },
        { id: 'staging', metasrvAddrs: [staging.addr], isEmulated: false },
      ],
    });
    expect(
      (await rawRequest(running.port, { path: '/api/clusters/staging/route?table_id=1' })).body,
    ).toBe('staging');
    expect(
      (await rawRequest(running.port, { path: '/api/clusters/prod/route?table_id=1' })).body,
    ).toBe('prod');
    expect(
      (await rawRequest(running.port, { path: '/api/clusters/default/route?table_id=1' })).status,
    ).toBe(404);
    expect(prod.requestsTo('/admin/route')).toHaveLength(1);
    expect(staging.requestsTo('/admin/route')).toHaveLength(1);
  });
});

describe('a burst of clients', () => {
  /** Open TCP sockets of this process: console clients, console side, pool and emulator side. */
  const openSockets = () =>
    process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
  const consoleConnections = (running: RunningConsole) =>
    new Promise<number>((resolve) => {
      running.server.getConnections((_error, count) => {
        resolve(count);
      });
    });

  it('serves 200 concurrent clients from one shared MetaSrv read, without errors or leaked sockets', async () => {
    const emulator = await startEmulator({ api: 'v0.6' });
    cleanups.push(() => emulator.close());
    const running = await startConsole({
      clusters: [{ id: 'default', metasrvAddrs: emulator.metasrvAddrs, leaderMap: new Map() }],
      config: { timeoutMs: 5000 },
    });
    // Answers slow enough that the whole burst overlaps one read upstream, so the pool bound
    // matters; a loaded machine can spread 200 connections over hundreds of ms.
    const fault = await fetch(`http://${emulator.controlAddr}/control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/admin/route', latencyMs: 1000, times: 1000 }),
    });
    expect(fault.status).toBe(200);
    const baseline = openSockets();
    const leader = emulator.metasrvAddrs[0] ?? '';
    const routeReads = () => emulator.controller.runtime.log.counters()['0']?.['/admin/route'] ?? 0;
    const before = routeReads();

    const CLIENTS = 200;
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, () => rawRequest(running.port, { path: ROUTE })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array<number>(CLIENTS).fill(200));
    expect(new Set(answers.map((a) => a.headers['x-metasrv-addr']))).toEqual(new Set([leader]));
    // The cluster poller serves the whole burst from its cache (issue 14: MetaSrv load does not
    // grow with the number of viewers): a few reads (the burst's single-flight read and the
    // poller's own first ticks for the table it opened, timing-dependent), never one per client.
    expect(routeReads() - before).toBeGreaterThanOrEqual(1);
    expect(routeReads() - before).toBeLessThan(10);

    // Every client closed its connection; what stays open is the bounded keep-alive pool to
    // the leader (both ends of each pooled socket live in this process).
    await expect.poll(() => consoleConnections(running), { timeout: 3000 }).toBe(0);
    await expect
      .poll(() => openSockets() - baseline, { timeout: 3000 })
      .toBeLessThanOrEqual(2 * METASRV_POOL_SOCKETS_PER_NODE);
    // Closing the console drops the pool: nothing is left on either side.
    await running.close();
    await expect.poll(() => openSockets() - baseline, { timeout: 3000 }).toBeLessThanOrEqual(0);
  }, 30_000);
});
