/**
 * The SQL-path endpoints end to end over real HTTP: fetch -> createApiHandler -> a scripted
 * fake frontend answering with the shared GreptimeDB fixtures. Assertions are made at the
 * fake (which statement, db and credentials arrived) and on the relayed answer (status and
 * body unchanged, marked with the frontend's address).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyErrorBodySchema } from '../../contract/api-contract.ts';
import { ConnectionInfoSchema, FRONTEND_RELAY_HEADER } from '../../contract/sql-contract.ts';
import { SqlKeyedRowsSchema } from '../../contract/sql/sql-records.ts';
import { createApiHandler } from '../proxy/api-handler.ts';
import { serveHandler, startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import type { FakeMetasrv, RunningProxy } from '../proxy/test-support/fake-metasrv.ts';
import { basicAuthHeader } from './frontend-client.ts';
import { startFakeFrontend } from './test-support/fake-frontend.ts';
import type { FakeFrontend } from './test-support/fake-frontend.ts';

const FIXTURES = '/work/shared/greptimedb/fixtures';
const fixture = (name: string) => readFileSync(`${FIXTURES}/${name}`, 'utf8');
const API = 'api/clusters/default';
const CREDENTIALS = { user: 'console', password: 's3cr3t:with:colons' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  proxy: RunningProxy;
  frontend: FakeFrontend;
  metasrv: FakeMetasrv;
}

function clusterInfoWithVersion(version: string): string {
  return fixture('sql-cluster-info.json').replaceAll('"1.1.4"', JSON.stringify(version));
}

async function setup(
  options: { version?: string; withCredentials?: boolean; withFrontend?: boolean } = {},
): Promise<Setup> {
  const frontend = await startFakeFrontend();
  const metasrv = await startFakeMetasrv();
  metasrv.reply('/admin/route/help', { status: 404, body: '' });
  const version = options.version ?? '1.1.4';
  frontend.answer((sql) =>
    sql.includes('information_schema.cluster_info')
      ? { body: clusterInfoWithVersion(version) }
      : { status: 400, body: JSON.stringify({ code: 1001, error: `unscripted ${sql}` }) },
  );
  const agent = new http.Agent({ keepAlive: true });
  const handler = createApiHandler(
    { metasrvAddrs: [metasrv.addr], leaderMap: new Map(), timeoutMs: 2000 },
    {
      agent,
      frontend:
        options.withFrontend === false
          ? null
          : {
              url: frontend.url,
              credentials: options.withCredentials === false ? null : CREDENTIALS,
            },
    },
  );
  const proxy = await serveHandler(handler);
  cleanups.push(
    () => frontend.close(),
    () => metasrv.close(),
    () => {
      agent.destroy();
    },
    () => proxy.close(),
  );
  return { proxy, frontend, metasrv };
}

function post(proxy: RunningProxy, endpoint: string, body: unknown): Promise<Response> {
  return fetch(`${proxy.origin}/${API}/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('connection', () => {
  it('reads the version from cluster_info through the frontend, with db greptime-public and basic auth', async () => {
    const { proxy, frontend } = await setup();
    const response = await fetch(`${proxy.origin}/${API}/connection`);
    expect(response.status).toBe(200);
    const info = ConnectionInfoSchema.parse(await response.json());
    expect(info).toMatchObject({ generation: 'sql', version: '1.1.4', detectedBy: 'cluster-info' });
    expect(info.hasFrontendCredentials).toBe(true);
    expect(JSON.stringify(info)).not.toContain(CREDENTIALS.password);
    const [request] = frontend.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/sql',
      db: 'greptime-public',
      contentType: 'application/x-www-form-urlencoded',
      authorization: basicAuthHeader(CREDENTIALS),
    });
  });

  it('falls back to the legacy endpoints when no frontend is configured', async () => {
    const { proxy, metasrv } = await setup({ withFrontend: false });
    metasrv.reply('/admin/route/help', { status: 200, body: 'help' });
    const info = ConnectionInfoSchema.parse(
      await (await fetch(`${proxy.origin}/${API}/connection`)).json(),
    );
    expect(info).toMatchObject({
      generation: 'legacy',
      version: null,
      detectedBy: 'legacy-endpoints',
    });
  });

  it('says the credentials are missing or wrong when the frontend answers 401', async () => {
    const { proxy, frontend } = await setup({ withCredentials: false });
    frontend.answer(() => ({ status: 401, body: fixture('sql-error-auth.json') }));
    const info = ConnectionInfoSchema.parse(
      await (await fetch(`${proxy.origin}/${API}/connection`)).json(),
    );
    expect(info.generation).toBe('sql');
    expect(info.problem).toMatchObject({ status: 401, code: 7003 });
    expect(info.problem?.message).toMatch(/missing or wrong/);
    expect(frontend.requests[0]?.authorization).toBeNull();
  });
});

describe('relayed reads', () => {
  it('relays a table’s regions unchanged, marked with the frontend', async () => {
    const { proxy, frontend } = await setup();
    const body = fixture('sql-region-peers.json');
    frontend.answer(() => ({ body }));
    const response = await fetch(`${proxy.origin}/${API}/sql-table-regions?table_id=1024`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
    expect(response.headers.get(FRONTEND_RELAY_HEADER)).toBe(new URL(frontend.url).host);
    expect(frontend.requests.at(-1)?.sql).toContain('r.region_id >= 4398046511104');
  });

  it('relays a frontend error with its status and body', async () => {
    const { proxy, frontend } = await setup();
    frontend.answer(() => ({ status: 401, body: fixture('sql-error-auth.json') }));
    const response = await fetch(`${proxy.origin}/${API}/sql-tables`);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(fixture('sql-error-auth.json'));
    expect(response.headers.get('x-console-origin')).toBeNull();
  });

  it('refuses bad parameters before anything reaches the frontend', async () => {
    const { proxy, frontend } = await setup();
    for (const query of [
      'table_id=1024%20OR%201%3D1',
      'table_id=-1',
      'table_id=1024&sql=SELECT%201',
      '',
    ]) {
      const response = await fetch(`${proxy.origin}/${API}/sql-table-regions?${query}`);
      expect(response.status).toBe(400);
      expect(ProxyErrorBodySchema.parse(await response.json()).error.code).toBe('bad-request');
    }
    const state = await fetch(`${proxy.origin}/${API}/sql-procedure-state?procedure_id=x'%3B--`);
    expect(state.status).toBe(400);
    expect(frontend.requests).toHaveLength(0);
  });
});

describe('migration and maintenance', () => {
  const MIGRATION = {
    region_id: '4398046511105',
    from_peer_id: '1',
    to_peer_id: '2',
    timeout_secs: '120',
  };

  it('submits ADMIN migrate_region on v1.1.4 and relays the procedure id', async () => {
    const { proxy, frontend } = await setup();
    frontend.answer((sql) =>
      sql.includes('cluster_info')
        ? { body: clusterInfoWithVersion('1.1.4') }
        : { body: fixture('sql-migrate-region-ok.json') },
    );
    const response = await post(proxy, 'sql-migrate-region', MIGRATION);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(fixture('sql-migrate-region-ok.json'));
    expect(frontend.requests.map((r) => r.sql)).toContain(
      'ADMIN migrate_region(4398046511105, 1, 2, 120)',
    );
  });

  it('uses SELECT on v0.9.2', async () => {
    const { proxy, frontend } = await setup({ version: '0.9.2' });
    frontend.answer((sql) =>
      sql.includes('cluster_info')
        ? { body: clusterInfoWithVersion('0.9.2') }
        : { body: fixture('sql-migrate-region-null.json') },
    );
    await post(proxy, 'sql-migrate-region', MIGRATION);
    expect(frontend.requests.map((r) => r.sql)).toContain(
      'SELECT migrate_region(4398046511105, 1, 2, 120)',
    );
  });

  it('relays a refusal (500, code 1002) unchanged and sends it once', async () => {
    const { proxy, frontend } = await setup();
    const refusal = fixture('sql-error-migrate-peer-unavailable.json');
    frontend.answer((sql) =>
      sql.includes('cluster_info')
        ? { body: clusterInfoWithVersion('1.1.4') }
        : { status: 500, body: refusal },
    );
    const response = await post(proxy, 'sql-migrate-region', { ...MIGRATION, to_peer_id: '7' });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(refusal);
    expect(frontend.requests.filter((r) => r.sql?.includes('migrate_region'))).toHaveLength(1);
  });

  it('refuses SQL text and unknown keys in the body', async () => {
    const { proxy, frontend } = await setup();
    const response = await post(proxy, 'sql-migrate-region', { ...MIGRATION, sql: 'DROP TABLE x' });
    expect(response.status).toBe(400);
    const maintenance = await post(proxy, 'sql-maintenance', {
      action: 'flush_table',
      schema: 'public',
      table: "x\\'",
    });
    expect(maintenance.status).toBe(400);
    expect(frontend.requests.filter((r) => !r.sql?.includes('cluster_info'))).toHaveLength(0);
  });

  it('flushes a table with the name as a quoted literal', async () => {
    const { proxy, frontend } = await setup();
    frontend.answer((sql) =>
      sql.includes('cluster_info')
        ? { body: clusterInfoWithVersion('1.1.4') }
        : {
            body: JSON.stringify({
              output: [
                {
                  records: {
                    schema: { column_schemas: [{ name: sql, data_type: 'UInt64' }] },
                    rows: [[0]],
                    total_rows: 1,
                  },
                },
              ],
              execution_time_ms: 3,
            }),
          },
    );
    const response = await post(proxy, 'sql-maintenance', {
      action: 'flush_table',
      schema: 'public',
      table: "it's",
    });
    expect(response.status).toBe(200);
    expect(frontend.requests.at(-1)?.sql).toBe(`ADMIN flush_table('public."it''s"')`);
  });

  it('answers frontend-not-configured without a frontend', async () => {
    const { proxy } = await setup({ withFrontend: false });
    const response = await fetch(`${proxy.origin}/${API}/sql-tables`);
    expect(response.status).toBe(503);
    expect(ProxyErrorBodySchema.parse(await response.json()).error.code).toBe(
      'frontend-not-configured',
    );
  });
});

describe('events before the recorder created greptime_private.events (API.md §6.1)', () => {
  /** GreptimeDB's TableNotFound for the table (§3.4), as the emulator gives it too. */
  const NOT_CREATED = JSON.stringify({
    code: 4001,
    error: 'Failed to plan SQL: Table not found: greptime.greptime_private.events',
    execution_time_ms: 1,
  });

  async function v12WithEventsAnswer(reply: { status: number; body: string }) {
    const { proxy, frontend } = await setup({ version: '1.2.0-beta.2' });
    frontend.answer((sql) =>
      sql.includes('cluster_info') ? { body: clusterInfoWithVersion('1.2.0-beta.2') } : reply,
    );
    return { proxy, frontend };
  }

  it.each(['sql-migration-events', 'sql-migration-events?table_id=1024', 'sql-repartition-events'])(
    '%s: the table not created yet is no events, an answer with no rows',
    async (endpoint) => {
      const { proxy, frontend } = await v12WithEventsAnswer({ status: 400, body: NOT_CREATED });
      const response = await fetch(`${proxy.origin}/${API}/${endpoint}`);
      expect(response.status).toBe(200);
      expect(response.headers.get(FRONTEND_RELAY_HEADER)).toBe(new URL(frontend.url).host);
      expect(SqlKeyedRowsSchema.parse(await response.json())).toEqual([]);
      expect(frontend.requests.at(-1)?.sql).toContain('FROM greptime_private.events');
    },
  );

  it.each([
    [
      'another table not found',
      400,
      '{"code":4001,"error":"Failed to plan SQL: Table not found: greptime.public.events","execution_time_ms":1}',
    ],
    [
      'the same text with another code',
      400,
      '{"code":3000,"error":"Failed to plan SQL: Table not found: greptime.greptime_private.events","execution_time_ms":1}',
    ],
    [
      'an internal error',
      500,
      '{"code":1003,"error":"Internal error: 1003","execution_time_ms":1}',
    ],
    ['a body that is not GreptimeDB’s error', 400, 'Table not found'],
  ])('%s stays the error it is, relayed unchanged', async (_, status, body) => {
    const { proxy } = await v12WithEventsAnswer({ status, body });
    for (const endpoint of ['sql-migration-events', 'sql-repartition-events']) {
      const response = await fetch(`${proxy.origin}/${API}/${endpoint}`);
      expect(response.status).toBe(status);
      expect(await response.text()).toBe(body);
    }
  });

  it('is read as no events only where events are read', async () => {
    const { proxy } = await v12WithEventsAnswer({ status: 400, body: NOT_CREATED });
    const response = await fetch(`${proxy.origin}/${API}/sql-tables`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(NOT_CREATED);
  });
});

describe('repartition events (API.md §6.2, §7.6)', () => {
  it('v1.2: reads the repartition and repartition_group rows and relays them unchanged', async () => {
    const { proxy, frontend } = await setup({ version: '1.2.0-beta.2' });
    const body = fixture('sql-events-repartition-v1.2.json');
    frontend.answer((sql) =>
      sql.includes('cluster_info') ? { body: clusterInfoWithVersion('1.2.0-beta.2') } : { body },
    );
    const response = await fetch(`${proxy.origin}/${API}/sql-repartition-events`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
    expect(frontend.requests.at(-1)?.sql).toBe(
      "SELECT * FROM greptime_private.events WHERE type IN ('repartition', 'repartition_group') ORDER BY timestamp DESC LIMIT 500",
    );
  });

  it('v1.1: GreptimeDB writes none, so nothing is read and the answer says why (404)', async () => {
    const { proxy, frontend } = await setup({ version: '1.1.4' });
    const response = await fetch(`${proxy.origin}/${API}/sql-repartition-events`);
    expect(response.status).toBe(404);
    const error = ProxyErrorBodySchema.parse(await response.json()).error;
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/records repartitions from v1\.2/);
    expect(frontend.requests.every((r) => r.sql?.includes('cluster_info') === true)).toBe(true);
  });

  it('refuses parameters: the statement takes none', async () => {
    const { proxy, frontend } = await setup({ version: '1.2.0-beta.2' });
    const response = await fetch(`${proxy.origin}/${API}/sql-repartition-events?table_id=1`);
    expect(response.status).toBe(400);
    expect(frontend.requests).toHaveLength(0);
  });
});
