/**
 * The production pipeline's security properties, each asserted where it matters: at the fake
 * MetaSrv nodes (what reached the cluster, including that nothing did) and in the audit log.
 * Every test names the guard it pins; removing that guard makes the test fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import type { FakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { memoryJournal } from '../migrations/journal.ts';
import { MigrationTracker } from '../migrations/migration-tracker.ts';
import { LoginRateLimiter } from '../security/login-rate-limit.ts';
import { startFakeFrontend } from '../sql/test-support/fake-frontend.ts';
import type { ConsoleServerConfig } from './console-server.ts';
import { MAX_URL_BYTES } from './console-server.ts';
import {
  dashboardMutationHeaders,
  rawRequest,
  startConsole,
} from './test-support/console-fixture.ts';
import type { RunningConsole } from './test-support/console-fixture.ts';

const MIGRATE_PATH = '/api/clusters/default/region-migration';
const MIGRATION = JSON.stringify({
  region_id: '4398046511104',
  from_peer_id: '1',
  to_peer_id: '2',
  replay_timeout: '5m',
});
const PROCEDURE_OK = '{"procedure_id":"3e1b5e4e-7f2a-4f57-9a53-2b0f8f0d9a10"}';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(): Promise<FakeMetasrv> {
  const node = await startFakeMetasrv();
  node.reply('/admin/region-migration', { status: 200, body: PROCEDURE_OK });
  node.reply('/admin/route', { status: 200, body: '{"ok":1}' });
  cleanups.push(() => node.close());
  return node;
}

async function consoleFor(
  nodes: FakeMetasrv[],
  config: Partial<ConsoleServerConfig> = {},
  loginLimiter?: LoginRateLimiter,
): Promise<RunningConsole> {
  const running = await startConsole({
    clusters: [{ id: 'default', metasrvAddrs: nodes.map((n) => n.addr), leaderMap: new Map() }],
    config,
    ...(loginLimiter === undefined ? {} : { loginLimiter }),
  });
  cleanups.push(() => running.close());
  return running;
}

function migrate(running: RunningConsole, headers: Record<string, string>) {
  return rawRequest(running.port, { method: 'POST', path: MIGRATE_PATH, headers, body: MIGRATION });
}

describe('where requests go (SSRF)', () => {
  it('no query parameter can name a host: unknown parameters are refused before MetaSrv', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    const answer = await rawRequest(running.port, {
      path: '/api/clusters/default/route?table_id=1024&host=169.254.169.254:80',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('host: unknown parameter');
    expect(node.requestsTo('/admin/route')).toEqual([]);
  });

  it('a path cannot smuggle another upstream path or host', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    for (const path of [
      '/api/clusters/default/..%2F..%2Fadmin%2Fleader',
      '/api/clusters/default/http:%2F%2Fevil.example%2F',
      '/api/clusters/evil.example:80/route?table_id=1',
    ]) {
      expect((await rawRequest(running.port, { path })).status).toBe(404);
    }
    expect(node.requests.filter((r) => r !== '/admin/leader')).toEqual([]);
  });

  it('a MetaSrv reporting a strange leader cannot redirect a migration (or anything) there', async () => {
    const evil = await fake();
    const node = await fake();
    node.reply('/admin/leader', { status: 200, body: evil.addr });
    const running = await consoleFor([node]);
    const answer = await migrate(running, dashboardMutationHeaders(running.origin));
    expect(answer.status).toBe(502);
    expect(answer.body).toContain('leader-not-configured');
    expect(evil.requests).toEqual([]);
    expect(node.requestsTo('/admin/region-migration')).toEqual([]);
  });
});

describe('what it accepts', () => {
  it('anything but a typed endpoint is 404 without touching the cluster', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    for (const path of [
      '/api/clusters/default/admin/leader',
      '/api/clusters/default/flush',
      '/api/whatever',
    ]) {
      const answer = await rawRequest(running.port, { path });
      expect(answer.status, path).toBe(404);
    }
    expect(node.requests).toEqual([]);
  });

  it('a URL over the limit is 414 and a body over the limit 413, neither reaches MetaSrv', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    const longUrl = await rawRequest(running.port, {
      path: `/api/clusters/default/route?table_id=${'1'.repeat(MAX_URL_BYTES)}`,
    });
    expect(longUrl.status).toBe(414);
    const big = await rawRequest(running.port, {
      method: 'POST',
      path: MIGRATE_PATH,
      headers: dashboardMutationHeaders(running.origin),
      body: JSON.stringify({ region_id: '1'.repeat(64 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(node.requests).toEqual([]);
  });
});

describe('mutating calls (CSRF)', () => {
  it('GET never mutates: GET on region-migration is 405 and sends nothing', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    const answer = await rawRequest(running.port, {
      path: `${MIGRATE_PATH}?region_id=4398046511104&from_peer_id=1&to_peer_id=2`,
    });
    expect(answer.status).toBe(405);
    expect(node.requestsTo('/admin/region-migration')).toEqual([]);
  });

  it('GET never mutates: every mutating endpoint refuses GET before MetaSrv or the frontend', async () => {
    const node = await fake();
    const frontend = await startFakeFrontend();
    cleanups.push(() => frontend.close());
    const tracker = new MigrationTracker({ journal: memoryJournal(), pollIntervalMs: 60_000 });
    cleanups.push(() => {
      tracker.close();
      return Promise.resolve();
    });
    const running = await startConsole({
      clusters: [
        {
          id: 'default',
          metasrvAddrs: [node.addr],
          leaderMap: new Map(),
          frontend: { url: frontend.url, credentials: null },
        },
      ],
      migrations: tracker,
    });
    cleanups.push(() => running.close());
    const region = 'region_id=4398046511104&from_peer_id=1&to_peer_id=2&replay_timeout=5m';
    for (const path of [
      `${MIGRATE_PATH}?${region}`,
      `/api/clusters/default/migrations?${region}`,
      '/api/clusters/default/maintenance-set?enable=true',
      `/api/clusters/default/sql-migrate-region?${region}`,
      '/api/clusters/default/sql-maintenance?action=flush&table_id=1024',
    ]) {
      const answer = await rawRequest(running.port, { path });
      expect([400, 404, 405], `${path}: ${answer.body}`).toContain(answer.status);
    }
    expect(node.requests.filter((r) => r !== '/admin/leader')).toEqual([]);
    expect(frontend.requests).toEqual([]);
    expect(tracker.list('default')).toEqual([]);
  });

  it('refuses a POST without Origin, with a foreign Origin, or without the custom header', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    const good = dashboardMutationHeaders(running.origin);
    const withoutOrigin = Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'origin'));
    const withoutHeader = Object.fromEntries(
      Object.entries(good).filter(([k]) => k !== 'x-console-request'),
    );
    const attempts = [
      withoutOrigin,
      { ...good, origin: 'https://evil.example' },
      { ...good, origin: 'null' },
      withoutHeader,
      // What a cross-site HTML form sends: a simple content type and no custom header.
      { origin: running.origin, 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of attempts) {
      const answer = await migrate(running, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body).toContain('forbidden');
    }
    expect(node.requestsTo('/admin/region-migration')).toEqual([]);
    expect(running.auditLines).toHaveLength(attempts.length);

    const accepted = await migrate(running, good);
    expect(accepted.status).toBe(200);
    expect(node.requestsTo('/admin/region-migration')).toHaveLength(1);
  });

  it('the Origin is compared with configuration, never derived from Host', async () => {
    const node = await fake();
    const running = await consoleFor([node], {
      publicOrigins: ['https://console.example.com'],
    });
    // The Host below is allowed, so only the Origin rule can refuse.
    const answer = await rawRequest(running.port, {
      method: 'POST',
      path: MIGRATE_PATH,
      headers: { ...dashboardMutationHeaders(`http://${running.host}`) },
      body: MIGRATION,
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('is not the console');
    expect(node.requestsTo('/admin/region-migration')).toEqual([]);
  });
});

describe('Host allow-list (DNS rebinding)', () => {
  it('refuses a request whose Host is not the console’s, before anything else', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    for (const path of ['/api/clusters/default/route?table_id=1024', '/', '/api/clusters']) {
      const answer = await rawRequest(running.port, {
        path,
        headers: { host: `evil.example:${running.port}` },
      });
      expect(answer.status, path).toBe(403);
    }
    expect(node.requests).toEqual([]);
  });
});

describe('read-only mode', () => {
  it('refuses every mutating call at the proxy and says so in the session; reads still work', async () => {
    const node = await fake();
    const running = await consoleFor([node], { isReadOnly: true });
    const answer = await migrate(running, dashboardMutationHeaders(running.origin));
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('read-only');
    expect(node.requestsTo('/admin/region-migration')).toEqual([]);
    const session = await rawRequest(running.port, { path: '/api/session' });
    expect(JSON.parse(session.body)).toEqual({ auth: 'none', user: null, readOnly: true });
    const read = await rawRequest(running.port, {
      path: '/api/clusters/default/route?table_id=1024',
    });
    expect(read.status).toBe(200);
  });
});

describe('auth', () => {
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('basic: every path needs the right user and password; the user is in the audit log', async () => {
    const node = await fake();
    const running = await consoleFor([node], {
      auth: { mode: 'basic', credentials: [{ name: 'alice', secret: 's3cret-pass' }] },
    });
    for (const path of ['/', '/api/clusters/default/route?table_id=1024']) {
      const anonymous = await rawRequest(running.port, { path });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/);
    }
    const wrong = await rawRequest(running.port, {
      path: '/api/clusters',
      headers: { authorization: basic('alice', 'wrong') },
    });
    expect(wrong.status).toBe(401);
    const answer = await migrate(running, {
      ...dashboardMutationHeaders(running.origin),
      authorization: basic('alice', 's3cret-pass'),
    });
    expect(answer.status).toBe(200);
    const audit = running.auditLines.map((line) => JSON.parse(line) as unknown);
    expect(audit).toEqual([expect.objectContaining({ user: 'alice' })]);
    expect(running.auditLines.join('\n')).not.toContain('s3cret-pass');
  });

  it('token: login sets an HttpOnly SameSite=Strict cookie; the token name is the user', async () => {
    const token = 'tok-0123456789abcdef';
    const node = await fake();
    const running = await consoleFor([node], {
      auth: { mode: 'token', credentials: [{ name: 'oncall-bob', secret: token }] },
    });
    // The dashboard and the session endpoint load without a session; the cluster API does not.
    expect((await rawRequest(running.port, { path: '/' })).status).toBe(200);
    const anonymous = await rawRequest(running.port, { path: '/api/session' });
    expect(JSON.parse(anonymous.body)).toEqual({ auth: 'token', user: null, readOnly: false });
    expect((await rawRequest(running.port, { path: '/api/clusters' })).status).toBe(401);

    const login = (body: string) =>
      rawRequest(running.port, {
        method: 'POST',
        path: '/api/login',
        headers: dashboardMutationHeaders(running.origin),
        body,
      });
    expect((await login(JSON.stringify({ token: 'tok-0123456789abcdeX' }))).status).toBe(401);
    const ok = await login(JSON.stringify({ token }));
    expect(ok.status).toBe(200);
    const cookie = ok.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const sessionCookie = cookie.split(';')[0] ?? '';
    expect(sessionCookie).not.toContain(token);

    const answer = await migrate(running, {
      ...dashboardMutationHeaders(running.origin),
      cookie: sessionCookie,
    });
    expect(answer.status).toBe(200);
    const audit = running.auditLines.map((line) => JSON.parse(line) as unknown);
    expect(audit).toEqual([expect.objectContaining({ user: 'oncall-bob' })]);
    const everything = [...running.auditLines, ...running.otherLines].join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('tok-0123456789abcdeX');
  });

  it('logout ends the session on the server and clears the cookie', async () => {
    const token = 'tok-0123456789abcdef';
    const running = await consoleFor([await fake()], {
      auth: { mode: 'token', credentials: [{ name: 'bob', secret: token }] },
    });
    const login = await rawRequest(running.port, {
      method: 'POST',
      path: '/api/login',
      headers: dashboardMutationHeaders(running.origin),
      body: JSON.stringify({ token }),
    });
    const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    expect(
      (await rawRequest(running.port, { path: '/api/clusters', headers: { cookie } })).status,
    ).toBe(200);
    const logout = await rawRequest(running.port, {
      method: 'POST',
      path: '/api/logout',
      headers: { ...dashboardMutationHeaders(running.origin), cookie },
    });
    expect(logout.status).toBe(200);
    expect(JSON.parse(logout.body)).toEqual({ auth: 'token', user: null, readOnly: false });
    expect(logout.headers['set-cookie']?.[0]).toMatch(/^console_session=; .*Max-Age=0.*HttpOnly/);
    // The old cookie is dead even if a browser (or a thief) keeps sending it.
    expect(
      (await rawRequest(running.port, { path: '/api/clusters', headers: { cookie } })).status,
    ).toBe(401);
  });

  it('a login from another site is refused (login CSRF)', async () => {
    const node = await fake();
    const running = await consoleFor([node], {
      auth: { mode: 'token', credentials: [{ name: 'bob', secret: 'tok-0123456789abcdef' }] },
    });
    const answer = await rawRequest(running.port, {
      method: 'POST',
      path: '/api/login',
      headers: { ...dashboardMutationHeaders('https://evil.example') },
      body: JSON.stringify({ token: 'tok-0123456789abcdef' }),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['set-cookie']).toBeUndefined();
  });
});

describe('sign-in rate limit', () => {
  const TOKEN = 'tok-0123456789abcdef';
  const basic = (password: string) =>
    `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`;

  async function limitedConsole(mode: 'token' | 'basic') {
    let nowMs = 1_000_000;
    const running = await consoleFor(
      [await fake()],
      {
        auth: { mode, credentials: [{ name: 'alice', secret: TOKEN }] },
        // X-Forwarded-For names the client, so one test can play several addresses.
        trustedProxies: new Set(['127.0.0.1']),
      },
      new LoginRateLimiter(() => nowMs),
    );
    return {
      running,
      advance: (ms: number) => {
        nowMs += ms;
      },
    };
  }

  it('token: after 5 failures in a minute an address gets 429 with Retry-After, even with the right token', async () => {
    const { running, advance } = await limitedConsole('token');
    const login = (token: string, client: string) =>
      rawRequest(running.port, {
        method: 'POST',
        path: '/api/login',
        headers: { ...dashboardMutationHeaders(running.origin), 'x-forwarded-for': client },
        body: JSON.stringify({ token }),
      });
    // Successes are not counted.
    for (let i = 0; i < 6; i += 1) expect((await login(TOKEN, '203.0.113.7')).status).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      expect((await login('tok-wrong-wrong-wrong', '203.0.113.7')).status).toBe(401);
      advance(1000);
    }
    const blocked = await login(TOKEN, '203.0.113.7');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('55');
    expect(blocked.headers['set-cookie']).toBeUndefined();
    expect(JSON.parse(blocked.body)).toMatchObject({ error: { code: 'too-many-requests' } });
    // Another address is not affected.
    expect((await login(TOKEN, '198.51.100.4')).status).toBe(200);
    // Once the oldest failure leaves the window, one more attempt is allowed.
    advance(55_000);
    expect((await login(TOKEN, '203.0.113.7')).status).toBe(200);
  });

  it('basic: failed credentials count, a request without credentials does not', async () => {
    const { running } = await limitedConsole('basic');
    const get = (authorization?: string) =>
      rawRequest(running.port, {
        path: '/api/clusters',
        headers: authorization === undefined ? {} : { authorization },
      });
    for (let i = 0; i < 10; i += 1) expect((await get()).status).toBe(401);
    expect((await get(basic(TOKEN))).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await get(basic('wrong'))).status).toBe(401);
    const blocked = await get(basic(TOKEN));
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('60');
    expect(running.otherLines.join('\n')).not.toContain('wrong');
  });
});

describe('audit', () => {
  it('writes one JSON line per mutating request: when, from where, user, what, MetaSrv answer', async () => {
    const node = await fake();
    const running = await consoleFor([node]);
    await migrate(running, dashboardMutationHeaders(running.origin));
    expect(running.auditLines).toHaveLength(1);
    const entry: unknown = JSON.parse(running.auditLines[0] ?? '');
    expect(entry).toEqual({
      type: 'audit',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      from: '127.0.0.1',
      user: null,
      method: 'POST',
      path: MIGRATE_PATH,
      request: JSON.parse(MIGRATION) as unknown,
      outcome: { status: 200, answeredBy: 'metasrv', metasrv: node.addr, answer: PROCEDURE_OK },
    });
    // Reads are not audited.
    await rawRequest(running.port, { path: '/api/clusters/default/route?table_id=1024' });
    expect(running.auditLines).toHaveLength(1);
  });

  it('believes X-Forwarded-For only from a configured trusted proxy', async () => {
    const node = await fake();
    const spoofed = await consoleFor([node]);
    await migrate(spoofed, {
      ...dashboardMutationHeaders(spoofed.origin),
      'x-forwarded-for': '203.0.113.9',
    });
    expect(JSON.parse(spoofed.auditLines[0] ?? '')).toMatchObject({ from: '127.0.0.1' });

    const proxied = await consoleFor([node], { trustedProxies: new Set(['127.0.0.1']) });
    await migrate(proxied, {
      ...dashboardMutationHeaders(proxied.origin),
      'x-forwarded-for': '198.51.100.1, 203.0.113.9',
    });
    expect(JSON.parse(proxied.auditLines[0] ?? '')).toMatchObject({ from: '203.0.113.9' });
  });
});

describe('responses', () => {
  it('index.html gets a fresh nonce per request, the same one as its CSP', async () => {
    const running = await consoleFor([await fake()]);
    const nonces = new Set<string>();
    for (const path of ['/', '/some/client/route']) {
      const answer = await rawRequest(running.port, { path });
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = String(answer.headers['content-security-policy'] ?? '');
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
      expect(nonce).not.toBe('');
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(csp).not.toContain('unsafe-inline');
      expect(answer.body).toContain(`nonce="${nonce}"`);
      expect(answer.body).not.toContain('__CSP_NONCE__');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(2);
  });

  it('API answers are no-store and nosniff; assets have their content type', async () => {
    const running = await consoleFor([await fake()]);
    const api = await rawRequest(running.port, {
      path: '/api/clusters/default/route?table_id=1024',
    });
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    const script = await rawRequest(running.port, { path: '/assets/app-1.js' });
    expect(script.headers['content-type']).toBe('text/javascript');
    const css = await rawRequest(running.port, { path: '/assets/app-1.css' });
    expect(css.headers['content-type']).toBe('text/css');
    expect((await rawRequest(running.port, { path: '/assets/missing.js' })).status).toBe(404);
    expect((await rawRequest(running.port, { path: '/..%2F..%2Fetc%2Fpasswd' })).status).toBe(404);
  });
});
