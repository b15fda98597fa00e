/**
 * Hardening of the production pipeline (issue 14): relayed bodies stay inert, the sign-in
 * limit holds under concurrency, health probes cost MetaSrv nothing, and an aborted upload
 * is one log line.
 */
import http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeMetasrv, unusedAddr } from '../proxy/test-support/fake-metasrv.ts';
import type { FakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { LOGIN_FAILURE_LIMIT } from '../security/login-rate-limit.ts';
import {
  dashboardMutationHeaders,
  rawRequest,
  startConsole,
} from './test-support/console-fixture.ts';
import type { RunningConsole } from './test-support/console-fixture.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(): Promise<FakeMetasrv> {
  const node = await startFakeMetasrv();
  cleanups.push(() => node.close());
  return node;
}

async function consoleFor(
  node: FakeMetasrv,
  options: Omit<Parameters<typeof startConsole>[0], 'clusters'> = {},
): Promise<RunningConsole> {
  const running = await startConsole({
    clusters: [{ id: 'default', metasrvAddrs: [node.addr], leaderMap: new Map() }],
    ...options,
  });
  cleanups.push(() => running.close());
  return running;
}

describe('relayed bodies', () => {
  it('relays a text/html answer byte for byte, unsniffable and sandboxed', async () => {
    const node = await fake();
    const html = '<html><script>alert(document.cookie)</script></html>';
    node.reply('/admin/route', {
      status: 200,
      body: html,
      headers: { 'content-type': 'text/html' },
    });
    const running = await consoleFor(node);
    const answer = await rawRequest(running.port, {
      path: '/api/clusters/default/route?table_id=1024',
    });
    expect(answer.body).toBe(html);
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it("puts the same policy on the console's own /api answers", async () => {
    const running = await consoleFor(await fake());
    const answer = await rawRequest(running.port, { path: '/api/clusters/default/nothing' });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });
});

describe('the sign-in limit under concurrency', () => {
  it('evaluates at most the limit of 50 parallel token guesses and refuses the rest with 429', async () => {
    const token = 'tok-0123456789abcdef';
    const running = await consoleFor(await fake(), {
      config: { auth: { mode: 'token', credentials: [{ name: 'bob', secret: token }] } },
    });
    // Every guess's headers reach the server before any body does: the window the limit
    // must hold in.
    let arrived = 0;
    const allArrived = new Promise<void>((resolve) => {
      running.server.on('request', () => {
        arrived += 1;
        if (arrived === 50) resolve();
      });
    });
    const guesses = Array.from({ length: 50 }, (_, index) =>
      JSON.stringify({ token: `tok-wrong-${String(index)}` }),
    ).map((body) => {
      const req = http.request({
        host: '127.0.0.1',
        port: running.port,
        method: 'POST',
        path: '/api/login',
        agent: false,
        headers: {
          host: running.host,
          ...dashboardMutationHeaders(running.origin),
          'content-length': String(Buffer.byteLength(body)),
        },
      });
      req.flushHeaders();
      const status = new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
      return { send: () => req.end(body), status };
    });
    await allArrived;
    for (const guess of guesses) guess.send();
    const statuses = await Promise.all(guesses.map((guess) => guess.status));
    const evaluated = running.otherLines.filter((line) => line.includes('"type":"login"'));
    expect(evaluated).toHaveLength(LOGIN_FAILURE_LIMIT);
    expect(statuses.filter((status) => status === 401)).toHaveLength(LOGIN_FAILURE_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50 - LOGIN_FAILURE_LIMIT);
    // Past the limit even the right token is refused.
    const right = await rawRequest(running.port, {
      method: 'POST',
      path: '/api/login',
      headers: dashboardMutationHeaders(running.origin),
      body: JSON.stringify({ token }),
    });
    expect(right.status).toBe(429);
  });
});

describe('health probes', () => {
  it('healthz answers ok from the process alone: any Host, MetaSrv down, nothing asked', async () => {
    const node = await fake();
    node.reply('/admin/leader', 'reset');
    const running = await consoleFor(node);
    const answer = await rawRequest(running.port, {
      path: '/healthz',
      headers: { host: '10.1.2.3:3000' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('ok\n');
    expect(node.requests).toEqual([]);
  });

  it('readyz checks the Host, and says only ready or not, without any address', async () => {
    const dead = await unusedAddr();
    const running = await startConsole({
      clusters: [{ id: 'default', metasrvAddrs: [dead], leaderMap: new Map() }],
    });
    cleanups.push(() => running.close());
    const foreign = await rawRequest(running.port, {
      path: '/readyz',
      headers: { host: '10.1.2.3:3000' },
    });
    expect(foreign.status).toBe(403);
    const answer = await rawRequest(running.port, { path: '/readyz' });
    expect(answer.status).toBe(503);
    expect(answer.body).toBe('unavailable\n');
    expect(answer.body).not.toContain(dead);
  });

  it('readyz is 503 while MetaSrv holds an election: reachable is not ready', async () => {
    const node = await fake();
    // MetaSrv's answer while it has no leader (API.md §1, NoLeader).
    node.reply('/admin/leader', { status: 500, body: 'MetaSrv has no leader at this moment' });
    const running = await consoleFor(node);
    const answer = await rawRequest(running.port, { path: '/readyz' });
    expect(answer.status).toBe(503);
    expect(answer.body).toBe('unavailable\n');
    expect(node.requestsTo('/admin/leader').length).toBeGreaterThan(0);
  });

  it('readyz costs MetaSrv one leader lookup however many probes ask at once or soon after', async () => {
    const node = await fake();
    const running = await consoleFor(node);
    const ask = () => rawRequest(running.port, { path: '/readyz' });
    const first = await Promise.all(Array.from({ length: 50 }, ask));
    const again = await Promise.all(Array.from({ length: 50 }, ask));
    expect([...first, ...again].every((answer) => answer.status === 200)).toBe(true);
    expect(node.requestsTo('/admin/leader')).toHaveLength(1);
  });
});

describe('an aborted upload', () => {
  it('is one log line, not a stack, and is audited as refused', async () => {
    const running = await consoleFor(await fake());
    const logged: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      const arrived = new Promise<void>((resolve) =>
        running.server.once('request', () => {
          resolve();
        }),
      );
      const req = http.request({
        host: '127.0.0.1',
        port: running.port,
        method: 'POST',
        path: '/api/clusters/default/maintenance-set',
        agent: false,
        headers: {
          host: running.host,
          ...dashboardMutationHeaders(running.origin),
          'content-length': '1000',
        },
      });
      req.on('error', () => undefined);
      req.write('{"enable":');
      await arrived;
      req.destroy();
      await vi.waitFor(() => {
        expect(running.auditLines).toHaveLength(1);
      });
    } finally {
      stderr.mockRestore();
    }
    expect(logged).toEqual([
      'Region Console: POST /api/clusters/default/maintenance-set ended before its body arrived (aborted).\n',
    ]);
    expect(running.auditLines[0]).toContain('"status":400');
  });
});
