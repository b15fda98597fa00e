/**
 * Property-based fuzzing of the server's API layer (fast-check): thousands of requests with
 * random methods, endpoints, query strings and bodies (random text, random JSON, near-valid
 * migration requests with wrong types, bytes that are not UTF-8) go through the whole
 * production pipeline to scripted fake MetaSrv and frontend. Every one must get a deliberate
 * answer: never a 500 (the pipeline's answer to an exception that escaped), never a dropped
 * connection.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_ENDPOINTS } from '../../contract/api-contract.ts';
import { SQL_ENDPOINTS } from '../../contract/sql-contract.ts';
import { memoryJournal } from '../migrations/journal.ts';
import { MigrationTracker } from '../migrations/migration-tracker.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import type { FakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { startFakeFrontend } from '../sql/test-support/fake-frontend.ts';
import type { FakeFrontend } from '../sql/test-support/fake-frontend.ts';
import { dashboardMutationHeaders, startConsole } from './test-support/console-fixture.ts';
import type { RunningConsole } from './test-support/console-fixture.ts';
import http from 'node:http';

const ENDPOINTS = [
  ...Object.values(CLUSTER_ENDPOINTS),
  ...Object.values(SQL_ENDPOINTS),
  'migrations/export',
  'migrations/00000000-0000-0000-0000-000000000000',
];

let node: FakeMetasrv;
let frontend: FakeFrontend;
let tracker: MigrationTracker;
let running: RunningConsole;
/** Answers that went wrong, with the request that caused them. */
const failures: string[] = [];

beforeAll(async () => {
  node = await startFakeMetasrv();
  node.reply('/admin/route/help', { status: 200, body: 'help' });
  frontend = await startFakeFrontend();
  tracker = new MigrationTracker({ journal: memoryJournal(), pollIntervalMs: 60_000 });
  running = await startConsole({
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
});

afterAll(async () => {
  await running.close();
  tracker.close();
  await frontend.close();
  await node.close();
});

/** One request on a kept-alive agent (faster than a connection each); status or 'dropped'. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
function send(method: string, path: string, body: Buffer): Promise<number | 'dropped'> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: running.port,
        method,
        path,
        agent,
        headers: { host: running.host, ...dashboardMutationHeaders(running.origin) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
        res.on('error', () => {
          resolve('dropped');
        });
      },
    );
    req.on('error', () => {
      resolve('dropped');
    });
    req.end(body);
  });
}

const id = fc.oneof(
  fc.constantFrom('4398046511104', '18446744073709551615', '1', '0', '-1', '1e3', ''),
  fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String),
  fc.string({ maxLength: 30 }),
);
const migrationLike = fc.record(
  {
    region_id: fc.oneof(id, fc.integer(), fc.constant(null)),
    from_peer_id: fc.oneof(id, fc.integer()),
    to_peer_id: fc.oneof(id, fc.integer()),
    replay_timeout: fc.oneof(fc.constantFrom('5m', '1h 30m', '1.5s', '10', ''), fc.string()),
    enable: fc.oneof(fc.boolean(), fc.string()),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.json().map((s) => Buffer.from(s)),
  migrationLike.map((value) => Buffer.from(JSON.stringify(value))),
  migrationLike.map((value) =>
    Buffer.from(JSON.stringify({ request: value, idempotency_key: 'fuzz-key-0001' })),
  ),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);
const query = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'table_id',
      'region_id',
      'catalog',
      'schema',
      'table',
      'procedure_id',
      'format',
      'scope',
    ),
    fc.string({ maxLength: 10 }),
  ),
  fc.oneof(id, fc.string({ maxLength: 40 })),
  { maxKeys: 4 },
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
  endpoint: fc.oneof(fc.constantFrom(...ENDPOINTS), fc.string({ maxLength: 20 })),
  query,
  body,
});

describe('fuzzing the API layer through the production pipeline', () => {
  it('answers thousands of random and malformed requests deliberately, never with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ method, endpoint, query: params, body: bytes }) => {
        const path = `/api/clusters/default/${encodeURIComponent(endpoint).replaceAll('%2F', '/')}?${new URLSearchParams(params).toString()}`;
        const status = await send(method, path, method === 'GET' ? Buffer.alloc(0) : bytes);
        // 502/504 are deliberate (MetaSrv's answer could not be used); 500 is a bug escaping.
        if (status === 'dropped' || status === 500) failures.push(`${method} ${path} -> ${status}`);
        return true;
      }),
      { numRuns: 2000 },
    );
    expect(failures).toEqual([]);
    // 2,000 requests: seconds on a quiet machine, more on a loaded one (not a speed test).
  }, 60_000);
});
