/**
 * Contract tests of the v1 frontend SQL API against the shared fixtures (sql-*.json). Bodies are
 * compared byte for byte except execution_time_ms (timing) and ids the fixture invented (uuids,
 * clock-dependent values), which are checked by shape. sql-error.json and sql-error-auth.json
 * are verified upstream: byte-identical, headers included.
 */
import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixture-cluster.ts';
import {
  R1,
  answeredAtOnce,
  buildSqlCluster,
  exchange,
  runSql,
  withoutTime,
} from '../testing/sql-fixture.ts';
import { handleFrontendRequest as answer } from './frontend-sql.ts';
import type { FrontendEnv } from './frontend-sql.ts';
import type { HttpExchange } from './http-listener.ts';

function handleFrontendRequest(env: FrontendEnv, ex: HttpExchange) {
  return answeredAtOnce(answer(env, ex));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function schemaOf(body: string): unknown {
  const parsed: unknown = JSON.parse(body);
  return parsed;
}

describe('frontend /v1/sql against sql-*.json', () => {
  it('sql-error.json (verified): missing sql -> 400, code 1004, error headers', () => {
    const { cluster } = buildSqlCluster();
    const env = {
      cluster,
      version: 'v1.1' as const,
      auth: null,
      frontend: { peerAddr: 'f:4001', hostname: 'f', startMs: 0 },
    };
    const r = handleFrontendRequest(env, exchange('/v1/sql'));
    expect(r.status).toBe(400);
    // The handler's real elapsed time can pass 0 ms on a loaded machine.
    expect(withoutTime(r.body)).toBe(readFixture('sql-error.json'));
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-greptime-err-code']).toBe('1004');
    expect(r.headers['x-greptime-err-msg']).toMatch(
      /^error: sql parameter is required\., execution_time_ms: [0-9]+$/,
    );
  });

  it('sql-error-auth.json (verified): auth on, no header -> 401 7003', () => {
    const { cluster } = buildSqlCluster();
    const r = runSql(cluster, 'SELECT 1', { auth: { user: 'admin', password: 'pw' } });
    expect(r.status).toBe(401);
    expect(r.body).toBe(readFixture('sql-error-auth.json'));
    expect(r.headers['x-greptime-err-code']).toBe('7003');
  });

  it('auth: wrong user, wrong password, bad scheme, bad base64; x-greptime-auth wins', () => {
    const { cluster } = buildSqlCluster();
    const auth = { user: 'admin', password: 'pw' };
    const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
    const ask = (headers: Record<string, string>) => {
      const r = runSql(cluster, 'SELECT 1', { auth, headers });
      return { status: r.status, body: JSON.parse(r.body) as unknown };
    };
    expect(ask({ authorization: basic('bob:pw') })).toMatchObject({
      status: 401,
      body: { code: 7000, error: 'User not found, username: bob' },
    });
    expect(ask({ authorization: basic('admin:nope') })).toMatchObject({
      status: 401,
      body: { code: 7002, error: 'Username and password does not match, username: admin' },
    });
    expect(ask({ authorization: 'Bearer abc' })).toMatchObject({
      status: 401,
      body: { code: 7004 },
    });
    expect(ask({ authorization: 'Basic !!!' })).toMatchObject({
      status: 401,
      body: { code: 7004 },
    });
    expect(ask({ authorization: basic('admin:pw') }).status).toBe(200);
    expect(
      ask({ 'x-greptime-auth': basic('admin:nope'), authorization: basic('admin:pw') }).status,
    ).toBe(401);
  });

  it('sql-region-peers.json: SELECT * with a region DOWNGRADING for 3 s', () => {
    const { cluster, clock } = buildSqlCluster();
    cluster.markDowngraded(R1, 1);
    clock.advance(3_200);
    const r = runSql(
      cluster,
      "SELECT * FROM information_schema.region_peers WHERE table_name='monitor'",
    );
    expect(r.status).toBe(200);
    expect(r.headers['x-greptime-format']).toBe('greptimedb_v1');
    expect(withoutTime(r.body)).toBe(withoutTime(readFixture('sql-region-peers.json')));
  });

  it('sql-region-distribution-join.json: partitions JOIN region_peers, ORDER BY alias', () => {
    const { cluster } = buildSqlCluster();
    cluster.markDowngraded(R1, 1);
    const sql =
      "SELECT p.greptime_partition_id AS region_id, r.peer_id, r.is_leader, r.status FROM information_schema.partitions p JOIN information_schema.region_peers r ON r.region_id = p.greptime_partition_id WHERE p.table_schema = 'public' AND p.table_name = 'monitor' ORDER BY region_id, r.is_leader DESC";
    expect(withoutTime(runSql(cluster, sql).body)).toBe(
      withoutTime(readFixture('sql-region-distribution-join.json')),
    );
  });

  it('sql-migrate-region-ok.json: column = statement, value = procedure id', () => {
    const { cluster } = buildSqlCluster();
    const r = runSql(cluster, 'ADMIN migrate_region(4398046511105, 1, 2, 120)');
    const fixture = readFixture('sql-migrate-region-ok.json');
    const id = /"rows":\[\["([^"]+)"\]\]/.exec(r.body)?.[1] ?? '';
    expect(id).toMatch(UUID);
    expect(withoutTime(r.body.replace(id, '8c1f5d2a-3b6e-4d7f-a9c0-1e2b3c4d5e6f'))).toBe(
      withoutTime(fixture),
    );
  });

  it('sql-procedure-state*.json: Running, then Done; Failed with the abort reason', () => {
    const { cluster, clock } = buildSqlCluster();
    const id = cluster.submitRegionMigrationSql({
      regionId: R1,
      fromPeerId: 1n,
      toPeerId: 2n,
      timeoutMs: 120_000,
    });
    const state = () =>
      withoutTime(runSql(cluster, `ADMIN procedure_state('${id}')`).body).replaceAll(
        id,
        '8c1f5d2a-3b6e-4d7f-a9c0-1e2b3c4d5e6f',
      );
    expect(state()).toBe(withoutTime(readFixture('sql-procedure-state.json')));
    clock.advance(30_000);
    expect(state()).toBe(withoutTime(readFixture('sql-procedure-state-done.json')));

    cluster.setReplay({ speed: 0 });
    const failing = cluster.submitRegionMigrationSql({
      regionId: R1,
      fromPeerId: 2n,
      toPeerId: 0n,
      timeoutMs: 5_000,
    });
    clock.advance(30_000);
    const failed = withoutTime(
      runSql(cluster, `ADMIN procedure_state('${failing}')`).body,
    ).replaceAll(failing, '8c1f5d2a-3b6e-4d7f-a9c0-1e2b3c4d5e6f');
    expect(failed).toBe(withoutTime(readFixture('sql-procedure-state-failed.json')));
  });

  it('sql-error-migrate-peer-unavailable.json: 500, code 1002, wrapped MetaSrv text', () => {
    const { cluster } = buildSqlCluster();
    const r = runSql(cluster, 'ADMIN migrate_region(4398046511105, 1, 7)');
    expect(r.status).toBe(500);
    expect(withoutTime(r.body)).toBe(
      withoutTime(readFixture('sql-error-migrate-peer-unavailable.json')),
    );
  });

  it('sql-cluster-info.json and sql-region-statistics.json: same columns and types', () => {
    const { cluster } = buildSqlCluster();
    for (const [fixture, sql] of [
      ['sql-cluster-info.json', 'SELECT * FROM information_schema.cluster_info'],
      ['sql-region-statistics.json', 'SELECT * FROM information_schema.region_statistics'],
    ] as const) {
      const ours = schemaOf(runSql(cluster, sql).body);
      const theirs = schemaOf(readFixture(fixture));
      expect(ours).toMatchObject({
        output: [
          {
            records: {
              schema: (theirs as { output: [{ records: { schema: unknown } }] }).output[0].records
                .schema,
            },
          },
        ],
      });
    }
    const info = runSql(
      cluster,
      "SELECT peer_type, version, node_status FROM information_schema.cluster_info WHERE peer_type = 'DATANODE' AND peer_id = 0",
    ).body;
    expect(info).toContain(
      '["DATANODE","1.1.4","{\\"workloads\\":[\\"hybrid\\"],\\"leader_regions\\":1,\\"follower_regions\\":0}"]',
    );
  });

  it('u64 ids beyond 2^53 stay exact in rows', () => {
    const { cluster } = buildSqlCluster();
    cluster.createPhysicalTable({
      tableId: 0xffff_fff0,
      name: 'big',
      leaderPeerIds: [0],
      createdOnMs: cluster.clock.now(),
    });
    const r = runSql(
      cluster,
      "SELECT region_id FROM information_schema.region_peers WHERE table_name = 'big'",
    );
    expect(r.body).toContain('[[18446744004990074880]]');
  });

  it('format other than greptimedb_v1 is refused by name; unknown db is DatabaseNotFound', () => {
    const { cluster } = buildSqlCluster();
    const env = {
      cluster,
      version: 'v1.1' as const,
      auth: null,
      frontend: { peerAddr: 'f:4001', hostname: 'f', startMs: 0 },
    };
    const csv = handleFrontendRequest(env, exchange('/v1/sql?sql=SELECT%201&format=csv'));
    expect(csv.status).toBe(400);
    expect(csv.body).toContain('format=csv');
    const db = runSql(cluster, 'SELECT 1', { db: 'nope' });
    expect(JSON.parse(db.body)).toMatchObject({ code: 4004, error: 'Database not found: nope' });
  });

  it('POST form body; the query string wins; non-form POST is 415', () => {
    const { cluster } = buildSqlCluster();
    const env = {
      cluster,
      version: 'v1.1' as const,
      auth: null,
      frontend: { peerAddr: 'f:4001', hostname: 'f', startMs: 0 },
    };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const r = handleFrontendRequest(
      env,
      exchange('/v1/sql?sql=SELECT%202', { method: 'POST', headers: form, body: 'sql=SELECT%201' }),
    );
    expect(r.body).toContain('"name":"Int64(2)"');
    const body = handleFrontendRequest(
      env,
      exchange('/v1/sql', { method: 'POST', headers: form, body: 'sql=SELECT+1' }),
    );
    expect(body.body).toContain('[[1]]');
    expect(
      handleFrontendRequest(env, exchange('/v1/sql', { method: 'POST', body: 'sql=SELECT 1' }))
        .status,
    ).toBe(415);
    expect(handleFrontendRequest(env, exchange('/v1/sql', { method: 'PUT' })).status).toBe(405);
  });

  it('multiple statements give one output each; an error anywhere answers for all', () => {
    const { cluster } = buildSqlCluster();
    const two = JSON.parse(runSql(cluster, 'SELECT 1; SELECT 2;').body) as { output: unknown[] };
    expect(two.output).toHaveLength(2);
    const bad = runSql(cluster, 'SELECT 1; SELECT * FROM nowhere');
    expect(JSON.parse(bad.body)).toMatchObject({
      code: 4001,
      error: 'Failed to plan SQL: Table not found: greptime.public.nowhere',
    });
  });

  it('admin functions need catalog greptime; flush/compact validation texts', () => {
    const { cluster } = buildSqlCluster();
    cluster.createPhysicalTable({
      tableId: 5000,
      name: 'x',
      catalog: 'other',
      leaderPeerIds: [0],
      createdOnMs: 0,
    });
    const denied = JSON.parse(
      runSql(cluster, "ADMIN flush_table('x')", { db: 'other-public' }).body,
    ) as unknown;
    expect(denied).toMatchObject({
      code: 1002,
      error:
        'Failed to execute admin function flush_table: Permission denied: current catalog is not greptime',
    });
    const arity = JSON.parse(runSql(cluster, 'ADMIN flush_region(1, 2)').body) as unknown;
    expect(arity).toMatchObject({ code: 1004, error: 'Expected 1 args, but actual 2' });
    const unknownKey = JSON.parse(
      runSql(cluster, "ADMIN compact_table('monitor', 'swcs', 'foo=1')").body,
    ) as unknown;
    expect(unknownKey).toMatchObject({
      code: 1002,
      error:
        'Failed to execute admin function compact_table: Execution error: Invalid function args: Unknown parameter: foo',
    });
    const badWindow = JSON.parse(
      runSql(cluster, "ADMIN compact_table('monitor', 'strict_window', 'window=x')").body,
    ) as unknown;
    expect(badWindow).toMatchObject({
      error: expect.stringContaining('Invalid value for window: x') as unknown,
    });
    const ok = runSql(cluster, "admin compact_table ('monitor', 'swcs', '86400')");
    expect(ok.body).toContain(
      '"name":"ADMIN compact_table(\'monitor\', \'swcs\', \'86400\')","data_type":"UInt64"',
    );
  });
});
