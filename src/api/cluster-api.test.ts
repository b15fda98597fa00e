/**
 * The fetchers end to end through the real gate, with `fetch` stubbed to answer fixed
 * bytes: request shape (same-origin path, query, method, JSON body, signal), each ApiError
 * kind and its message, and that MetaSrv's error text arrives byte for byte.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, isApiError } from './api-error';
import {
  fetchCatalogs,
  fetchMetasrvStatus,
  fetchNodeLeases,
  fetchSchemas,
  fetchTableRoute,
  fetchTables,
  submitRegionMigration,
} from './cluster-api';
import { RELAYED, stubFetch } from './fetch-stub.test-support';
import { fixtures } from './fixtures.test-support';

afterEach(() => {
  vi.unstubAllGlobals();
});

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('requests', () => {
  test('route by table id: same-origin path, query, GET, signal passed through', async () => {
    const { requests } = stubFetch({ body: fixtures.routeV072Object, headers: RELAYED });
    const controller = new AbortController();
    const route = await fetchTableRoute('default', { table_id: '1087' }, controller.signal);
    expect(route.tableId).toBe(1087);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('/api/clusters/default/route?table_id=1087');
    expect(requests[0]?.init?.method).toBe('GET');
    expect(requests[0]?.init?.signal).toBe(controller.signal);
  });

  test('route by name and by region id', async () => {
    const { requests } = stubFetch({ body: fixtures.routeV06StringEncoded });
    await fetchTableRoute('default', { catalog: 'greptime', schema: 'public', table: 'my table' });
    await fetchTableRoute('default', { region_id: '18446744069414584321' });
    expect(requests.map((r) => r.url)).toEqual([
      '/api/clusters/default/route?catalog=greptime&schema=public&table=my+table',
      '/api/clusters/default/route?region_id=18446744069414584321',
    ]);
  });

  test('region ids above 2^53 survive the whole gate, in both wire forms', async () => {
    const body =
      '{"type":"physical","region_routes":[{"region":{"id":18446744069414584321,"name":"","partition":null,"attrs":{}},"leader_peer":{"id":3,"addr":"dn-3:4001"},"follower_peers":[],"leader_down_since":null}],"version":7}';
    for (const text of [body, JSON.stringify(body)]) {
      stubFetch({ body: text, headers: RELAYED });
      const route = await fetchTableRoute('default', { region_id: '18446744069414584321' });
      expect(route).toMatchObject({ type: 'physical', tableId: 4294967295, version: '7' });
      expect(route.type === 'physical' && route.regionRoutes[0]?.regionId).toBe(
        '18446744069414584321',
      );
    }
  });

  test('a region migration is a POST of JSON', async () => {
    const { requests } = stubFetch({ body: fixtures.regionMigrationOk, headers: RELAYED });
    const request = {
      region_id: '4668629450753',
      from_peer_id: '1',
      to_peer_id: '2',
      replay_timeout: '5m',
    };
    await expect(submitRegionMigration('default', request)).resolves.toEqual({
      procedureId: '5b0f3b3e-7d4c-4f2a-9c1e-8a6d2e4f1b07',
    });
    expect(requests[0]?.url).toBe('/api/clusters/default/region-migration');
    expect(requests[0]?.init?.method).toBe('POST');
    expect(requests[0]?.init?.headers).toEqual({
      'content-type': 'application/json',
      // CSRF: the production server refuses a mutating request without it.
      'x-console-request': 'mutation',
    });
    const sent = requests[0]?.init?.body;
    expect(typeof sent === 'string' ? JSON.parse(sent) : sent).toEqual(request);
  });

  test('procedure_id null: the region already is on the target', async () => {
    stubFetch({ body: fixtures.regionMigrationAlreadyMigrated });
    await expect(
      submitRegionMigration('default', {
        region_id: '1',
        from_peer_id: '1',
        to_peer_id: '2',
        replay_timeout: '1s',
      }),
    ).resolves.toEqual({ procedureId: null });
  });

  test('node leases combine the body with the relayed Date header', async () => {
    stubFetch({ body: fixtures.nodeLeaseV07, headers: RELAYED });
    const leases = await fetchNodeLeases('default');
    expect(leases.metasrvNowMs).toBe(Date.parse(RELAYED['x-metasrv-date']));
    expect(leases.leases.map((l) => l.peerId)).toEqual(['0', '1', '2']);
  });

  test('catalogs, schemas and tables', async () => {
    const { requests } = stubFetch({ body: fixtures.catalogs });
    await expect(fetchCatalogs('default')).resolves.toEqual(['greptime']);
    await fetchSchemas('default', 'greptime');
    await fetchTables('default', 'greptime', 'public');
    expect(requests.map((r) => r.url)).toEqual([
      '/api/clusters/default/catalogs',
      '/api/clusters/default/schemas?catalog=greptime',
      '/api/clusters/default/tables?catalog=greptime&schema=public',
    ]);
  });

  test('the MetaSrv status summary is our own JSON (proxy origin, 200)', async () => {
    const status = {
      nodes: [
        {
          addr: '127.0.0.1:3002',
          reachable: true,
          leaderAnswer: { status: 200, body: '127.0.0.1:3002' },
          error: null,
        },
      ],
      leader: { addr: '127.0.0.1:3002', reportedAddr: '127.0.0.1:3002', withoutElection: false },
      leaderError: null,
      checkedAtMs: 1712565343000,
    };
    stubFetch({ body: JSON.stringify(status), headers: { 'x-console-origin': 'proxy' } });
    await expect(fetchMetasrvStatus('default')).resolves.toEqual(status);
  });

  test('the cluster id is encoded into the path', async () => {
    const { requests } = stubFetch({ body: '[]' });
    await fetchCatalogs('a/b');
    expect(requests[0]?.url).toBe('/api/clusters/a%2Fb/catalogs');
  });
});

describe('ApiError kinds', () => {
  test('metasrv: a 500 carries MetaSrv text exactly', async () => {
    stubFetch({ status: 500, body: 'Failed to find table route for 1099', headers: RELAYED });
    const error = await apiErrorOf(fetchTableRoute('default', { table_id: '1099' }));
    expect(error.kind).toBe('metasrv');
    expect(error.detail).toEqual({
      kind: 'metasrv',
      status: 500,
      text: 'Failed to find table route for 1099',
      metasrvAddr: '10.244.1.17:3002',
    });
    expect(error.message).toBe(
      'MetaSrv 10.244.1.17:3002 answered GET /api/clusters/default/route?table_id=1099 with HTTP 500: Failed to find table route for 1099',
    );
  });

  test('metasrv: every legacy error text from the fixture catalogue survives byte for byte', async () => {
    const catalogue = z
      .array(z.object({ status: z.number(), body: z.string() }))
      .parse(JSON.parse(fixtures.legacyAdminErrors));
    expect(catalogue.length).toBeGreaterThan(20);
    for (const { status, body } of catalogue) {
      stubFetch({ status, body });
      const error = await apiErrorOf(fetchCatalogs('default'));
      expect(isApiError(error, 'metasrv') && error.detail.text).toBe(body);
      expect(isApiError(error, 'metasrv') && error.detail.status).toBe(status);
    }
  });

  test('metasrv: a 404 with an empty body says so', async () => {
    stubFetch({ status: 404, body: '' });
    const error = await apiErrorOf(fetchCatalogs('default'));
    expect(error.message).toBe(
      'MetaSrv answered GET /api/clusters/default/catalogs with HTTP 404 with an empty body',
    );
  });

  test('metasrv: the follower refusal of a migration', async () => {
    const text =
      'Unexpected, violated: Trying to submit a region migration procedure to non-leader meta server';
    stubFetch({ status: 500, body: text, headers: RELAYED });
    const error = await apiErrorOf(
      submitRegionMigration('default', {
        region_id: '1',
        from_peer_id: '1',
        to_peer_id: '2',
        replay_timeout: '5m',
      }),
    );
    expect(isApiError(error, 'metasrv') && error.detail.text).toBe(text);
  });

  test('proxy: our server error with code, message and MetaSrv address', async () => {
    stubFetch({
      status: 502,
      headers: { 'x-console-origin': 'proxy' },
      body: JSON.stringify({
        error: {
          code: 'leader-not-configured',
          message: 'MetaSrv reports leader 10.0.0.9:3002, which is not a configured address',
          metasrv: '10.0.0.9:3002',
        },
      }),
    });
    const error = await apiErrorOf(fetchTableRoute('default', { table_id: '1087' }));
    expect(error.detail).toEqual({
      kind: 'proxy',
      status: 502,
      code: 'leader-not-configured',
      proxyMessage: 'MetaSrv reports leader 10.0.0.9:3002, which is not a configured address',
      metasrvAddr: '10.0.0.9:3002',
      issues: [],
    });
    expect(error.message).toBe(
      'The console server could not complete GET /api/clusters/default/route?table_id=1087 (MetaSrv 10.0.0.9:3002): MetaSrv reports leader 10.0.0.9:3002, which is not a configured address (leader-not-configured, HTTP 502)',
    );
  });

  test('proxy: bad-request lists its issues', async () => {
    stubFetch({
      status: 400,
      headers: { 'x-console-origin': 'proxy' },
      body: JSON.stringify({
        error: { code: 'bad-request', message: 'invalid query', issues: ['table_id: must be u32'] },
      }),
    });
    const error = await apiErrorOf(fetchTableRoute('default', { table_id: '1087' }));
    expect(isApiError(error, 'proxy') && error.detail.issues).toEqual(['table_id: must be u32']);
    expect(error.message).toContain(
      'invalid query [table_id: must be u32] (bad-request, HTTP 400)',
    );
  });

  test('proxy: submission-outcome-unknown is never mistaken for MetaSrv text', async () => {
    stubFetch({
      status: 504,
      headers: { 'x-console-origin': 'proxy' },
      body: JSON.stringify({
        error: { code: 'submission-outcome-unknown', message: 'no answer within 10 s' },
      }),
    });
    const error = await apiErrorOf(
      submitRegionMigration('default', {
        region_id: '1',
        from_peer_id: '1',
        to_peer_id: '2',
        replay_timeout: '5m',
      }),
    );
    expect(isApiError(error, 'proxy') && error.detail.code).toBe('submission-outcome-unknown');
  });

  test('schema: a proxy error body that is not ours names the field', async () => {
    stubFetch({
      status: 500,
      headers: { 'x-console-origin': 'proxy' },
      body: '{"error":{"code":"teapot","message":"x"}}',
    });
    const error = await apiErrorOf(fetchCatalogs('default'));
    expect(error.kind).toBe('schema');
    expect(isApiError(error, 'schema') && error.detail.field).toBe('error.code');
  });

  test('schema: a route with a bad field names the endpoint, the field and the body', async () => {
    const body = fixtures.routeV072Object.replace(
      '"leader_peer":{"id":1,',
      '"leader_peer":{"id":"one",',
    );
    stubFetch({ body });
    const error = await apiErrorOf(fetchTableRoute('default', { table_id: '1087' }));
    expect(error.kind).toBe('schema');
    expect(isApiError(error, 'schema') && error.detail.field).toBe(
      'region_routes.1.leader_peer.id',
    );
    expect(error.message).toMatch(
      /^Unexpected answer to GET \/api\/clusters\/default\/route\?table_id=1087: region_routes\.1\.leader_peer\.id: expected an unsigned 64-bit integer, got the string "one"\. Body starts: \{"type":"physical"/,
    );
    expect(error.request.endpoint).toBe('route');
  });

  test('schema: inside the v0.6 string form, the field is found too', async () => {
    const inner = z.string().parse(JSON.parse(fixtures.routeV06StringEncoded));
    stubFetch({ body: JSON.stringify(inner.replace('"version":0', '"version":-1')) });
    const error = await apiErrorOf(fetchTableRoute('default', { table_id: '1087' }));
    expect(isApiError(error, 'schema') && error.detail.field).toBe('version');
  });

  test('schema: a 200 that is not JSON', async () => {
    stubFetch({ body: '<html>proxy page</html>' });
    const error = await apiErrorOf(fetchNodeLeases('default'));
    expect(isApiError(error, 'schema') && error.detail.field).toBe('(body)');
    expect(error.message).toContain('not JSON');
    expect(error.message).toContain('Body starts: <html>proxy page</html>');
  });

  test('schema: node leases without the Date header', async () => {
    stubFetch({ body: fixtures.nodeLeaseV07, headers: { 'x-metasrv-addr': '10.244.1.17:3002' } });
    const error = await apiErrorOf(fetchNodeLeases('default'));
    expect(isApiError(error, 'schema') && error.detail.field).toBe('headers.x-metasrv-date');
  });

  test('network: fetch rejects', async () => {
    stubFetch(() =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })),
    );
    const error = await apiErrorOf(fetchCatalogs('default'));
    expect(error.detail).toEqual({ kind: 'network', cause: 'fetch failed: connect ECONNREFUSED' });
    expect(error.message).toBe(
      'No answer to GET /api/clusters/default/catalogs: fetch failed: connect ECONNREFUSED',
    );
  });

  test('an abort is rethrown as is, not wrapped', async () => {
    const controller = new AbortController();
    const abortError = new DOMException('The operation was aborted.', 'AbortError');
    stubFetch(() => {
      controller.abort();
      return Promise.reject(abortError);
    });
    await expect(fetchCatalogs('default', controller.signal)).rejects.toBe(abortError);
  });
});
