/**
 * The deepest JSON nesting the body limit admits, sent to the mutating endpoints that log the
 * request: the server answers a clear 400 and goes on serving. Deep enough nesting used to
 * make the audit log's JSON.stringify throw, which took the whole process down.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_ENDPOINTS } from '../../contract/api-contract.ts';
import { SQL_ENDPOINTS } from '../../contract/sql-contract.ts';
import { MAX_BODY_BYTES } from '../proxy/request-body.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import type { FakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { startFakeFrontend } from '../sql/test-support/fake-frontend.ts';
import type { FakeFrontend } from '../sql/test-support/fake-frontend.ts';
import {
  dashboardMutationHeaders,
  rawRequest,
  startConsole,
} from './test-support/console-fixture.ts';
import type { RunningConsole } from './test-support/console-fixture.ts';

const PREFIX = '{"enable":';
const SUFFIX = '}';
/** As deep as an array can nest inside the body limit. */
const DEPTH = Math.floor((MAX_BODY_BYTES - PREFIX.length - SUFFIX.length) / 2);
const DEEP_BODY = `${PREFIX}${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}${SUFFIX}`;

let node: FakeMetasrv;
let frontend: FakeFrontend;
let running: RunningConsole;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  node = await startFakeMetasrv();
  frontend = await startFakeFrontend();
  running = await startConsole({
    clusters: [
      {
        id: 'default',
        metasrvAddrs: [node.addr],
        leaderMap: new Map(),
        frontend: { url: frontend.url, credentials: null },
      },
    ],
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await running.close();
  await frontend.close();
  await node.close();
});

afterEach(() => {
  expect(unhandled).toEqual([]);
});

describe.each([
  CLUSTER_ENDPOINTS.maintenanceSet,
  CLUSTER_ENDPOINTS.maintenanceSwitch,
  SQL_ENDPOINTS.maintenance,
])('a body nested as deep as the limit allows, to %s', (endpoint) => {
  it('is refused with 400 naming the depth, audited, and the server keeps serving', async () => {
    expect(DEPTH).toBeGreaterThan(8000);
    expect(Buffer.byteLength(DEEP_BODY)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const answer = await rawRequest(running.port, {
      method: 'POST',
      path: `/api/clusters/default/${endpoint}`,
      headers: dashboardMutationHeaders(running.origin),
      body: DEEP_BODY,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('nests deeper than 64 levels');
    expect(node.requests).toEqual([]);
    expect(running.auditLines.at(-1)).toContain('"status":400');

    const after = await rawRequest(running.port, { path: '/api/clusters' });
    expect(after.status).toBe(200);
  });
});
