/**
 * Browser schemas of the SQL path against the shared GreptimeDB fixtures
 * (../shared/greptimedb/fixtures), parsed losslessly as the gate does, and the gate's reading
 * of a frontend's JSON error.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isApiError } from '../api-error';
import { stubFetch } from '../fetch-stub.test-support';
import { parseLosslessJson } from '../../../contract/lossless-json';
import { sqlFixture } from './sql-fixtures.test-support';
import { fetchSqlTables, submitSqlMigration } from './sql-fetchers';
import {
  ClusterInfoAnswerSchema,
  MigrateAnswerSchema,
  MigrationEventsAnswerSchema,
  ProcedureStateAnswerSchema,
  RegionStatisticsAnswerSchema,
  tableRegionsAnswerSchema,
} from './sql-schemas';

const load = (name: string): unknown => parseLosslessJson(sqlFixture(name));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SQL fixtures', () => {
  it('region_peers -> a physical route with roles, status and down seconds', () => {
    const route = tableRegionsAnswerSchema(1024, 1_000_000).parse(load('sql-region-peers.json'));
    expect(route.type).toBe('physical');
    if (route.type !== 'physical') return;
    expect(route.wireForm).toBe('sql');
    expect(route.regionRoutes.map((r) => [r.regionId, r.leaderPeer?.id, r.leaderStatus])).toEqual([
      ['4398046511104', '0', null],
      ['4398046511105', '1', 'Downgraded'],
      ['4398046511106', '2', null],
    ]);
    expect(route.regionRoutes[1]?.leaderDownSinceMs).toBe(1_000_000 - 3000);
  });

  it('region_peers during a split -> the staging leaders marked Staging (API.md §7.4)', () => {
    const route = tableRegionsAnswerSchema(1024, 0).parse(
      load('sql-region-peers-during-split.json'),
    );
    expect(route.type === 'physical' && route.regionRoutes.map((r) => r.leaderStatus)).toEqual([
      'Staging',
      null,
      null,
      'Staging',
    ]);
  });

  it('the partitions join fixture reads too (fewer columns)', () => {
    const route = tableRegionsAnswerSchema(1024, 0).parse(
      load('sql-region-distribution-join.json'),
    );
    expect(route.type === 'physical' && route.regionRoutes.length).toBe(3);
  });

  it('keeps region ids above 2^53 and follower rows', () => {
    const body = {
      output: [
        {
          records: {
            schema: {
              column_schemas: [
                'region_id',
                'peer_id',
                'peer_addr',
                'is_leader',
                'status',
                'down_seconds',
              ].map((name) => ({ name, data_type: 'String' })),
            },
            rows: [
              [18446744069414584320n, 3, 'dn-3:4001', 'Yes', 'ALIVE', null],
              [18446744069414584320n, 1, 'dn-1:4001', 'No', null, null],
            ],
          },
        },
      ],
    };
    const route = tableRegionsAnswerSchema(4294967295, 0).parse(body);
    if (route.type !== 'physical') throw new Error('physical expected');
    expect(route.regionRoutes[0]?.regionId).toBe('18446744069414584320');
    expect(route.regionRoutes[0]?.followerPeers).toEqual([{ id: '1', addr: 'dn-1:4001' }]);
  });

  it('cluster_info -> nodes with versions, uptimes and region counts', () => {
    const nodes = ClusterInfoAnswerSchema.parse(load('sql-cluster-info.json'));
    expect(nodes.map((n) => [n.peerId, n.peerType, n.version])).toEqual([
      ['-1', 'METASRV', '1.1.4'],
      ['-1', 'FRONTEND', '1.1.4'],
      ['0', 'DATANODE', '1.1.4'],
    ]);
    expect(nodes[2]).toMatchObject({
      uptime: '49m 59s 456ms',
      activeTime: '1s 354ms',
      leaderRegions: 1,
    });
    expect(nodes[0]?.activeTime).toBeNull();
  });

  it('region_statistics -> sizes and rows', () => {
    const sizes = RegionStatisticsAnswerSchema.parse(load('sql-region-statistics.json'));
    expect(sizes[0]).toMatchObject({
      regionId: '4398046511104',
      rows: 98000,
      diskSize: 2691072,
      memtableSize: 65536,
      sstSize: 2621440,
      indexSize: 0,
      manifestSize: 4096,
      role: 'Leader',
    });
  });

  it('migrate_region -> the procedure id, or null', () => {
    expect(MigrateAnswerSchema.parse(load('sql-migrate-region-ok.json'))).toBe(
      '8c1f5d2a-3b6e-4d7f-a9c0-1e2b3c4d5e6f',
    );
    expect(MigrateAnswerSchema.parse(load('sql-migrate-region-null.json'))).toBeNull();
  });

  it('procedure_state -> status, error and the JSON text as sent', () => {
    expect(ProcedureStateAnswerSchema.parse(load('sql-procedure-state.json'))).toEqual({
      status: 'Running',
      error: null,
      rawJson: '{"status":"Running"}',
    });
    const failed = ProcedureStateAnswerSchema.parse(load('sql-procedure-state-failed.json'));
    expect(failed.status).toBe('Failed');
    expect(failed.error).toMatch(/Failed to upgrade the candidate region/);
  });

  it('events: payload is a JSON object in v1.1.4 and v1.2; v1.2 adds actor and trigger', () => {
    const v11 = MigrationEventsAnswerSchema.parse(load('sql-events-region-migration-v1.1.4.json'));
    expect(v11.map((e) => [e.state, e.timeout, e.actor, e.retryAttempt])).toEqual([
      ['Running', '2m', null, null],
      ['Done', '2m', null, null],
    ]);
    expect(v11[0]?.timestampNs).toBe('1784880012345678901');
    const v12 = MigrationEventsAnswerSchema.parse(load('sql-events-region-migration-v1.2.json'));
    expect(v12.map((e) => [e.state, e.timeout, e.actor, e.triggerReason])).toEqual([
      ['Running', '2m', 'greptime', 'Manual'],
      ['Done', '2m', 'greptime', 'Manual'],
    ]);
  });

  it('events keep nanosecond timestamps exact', () => {
    const body = {
      output: [
        {
          records: {
            schema: {
              column_schemas: [
                'timestamp',
                'procedure_id',
                'procedure_state',
                'procedure_error',
                'region_id',
                'region_migration_trigger_reason',
              ].map((name) => ({ name, data_type: 'String' })),
            },
            rows: [[1784880000456123789n, 'p', 'Done', '', 4398046511104, 'Failover']],
          },
        },
      ],
    };
    const [event] = MigrationEventsAnswerSchema.parse(body);
    expect(event).toMatchObject({
      timestampNs: '1784880000456123789',
      error: null,
      triggerReason: 'Failover',
    });
  });
});

describe('frontend errors through the gate', () => {
  it('a 401 becomes ApiError kind frontend with the code and message', async () => {
    stubFetch({
      status: 401,
      body: sqlFixture('sql-error-auth.json'),
      headers: { 'x-frontend-addr': 'frontend:4000' },
    });
    const error: unknown = await fetchSqlTables('default').catch((e: unknown) => e);
    expect(isApiError(error, 'frontend') && error.detail).toEqual({
      kind: 'frontend',
      status: 401,
      code: 7003,
      message: 'Not found http or grpc authorization header',
      frontendAddr: 'frontend:4000',
    });
  });

  it('a migration refusal keeps GreptimeDB’s text', async () => {
    stubFetch({
      status: 500,
      body: sqlFixture('sql-error-migrate-peer-unavailable.json'),
      headers: { 'x-frontend-addr': 'frontend:4000' },
    });
    const error: unknown = await submitSqlMigration('default', {
      region_id: '4398046511105',
      from_peer_id: '1',
      to_peer_id: '7',
      timeout_secs: '300',
    }).catch((e: unknown) => e);
    expect(isApiError(error, 'frontend') && error.detail.message).toMatch(
      /target peer is unavailable/,
    );
  });
});
