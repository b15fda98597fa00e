/**
 * Contract tests of the SQL generation per version (v1.1 = v1.1.4, v1.2 = v1.2.0-beta.2) against
 * the shared fixtures: the error catalogue sql-errors-v1.json (every case the emulator models,
 * for each version the case names), the Json columns and rows of greptime_private.events,
 * logical-table region ids, region_info, region_statistics and the v1.2 heartbeat.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SqlApiVersion } from '../model/types.ts';
import { readFixture } from '../testing/fixture-cluster.ts';
import {
  R1,
  answeredAtOnce,
  buildSqlCluster,
  exchange,
  runSql,
  sqlRecords as records,
} from '../testing/sql-fixture.ts';
import { ManualClock } from '../clock.ts';
import { EmulatedCluster } from '../model/cluster.ts';
import { handleFrontendRequest as answer } from './frontend-sql.ts';
import type { FrontendEnv } from './frontend-sql.ts';
import type { HttpExchange } from './http-listener.ts';
import { v1HeartbeatBody } from './sql-wire.ts';

function handleFrontendRequest(env: FrontendEnv, ex: HttpExchange) {
  return answeredAtOnce(answer(env, ex));
}

const ErrorCaseSchema = z.object({
  request: z.string(),
  status: z.number(),
  body: z.object({ code: z.number(), error: z.string() }),
  versions: z.string(),
});
type ErrorCase = z.infer<typeof ErrorCaseSchema>;

const ERROR_CASES = z.array(ErrorCaseSchema).parse(JSON.parse(readFixture('sql-errors-v1.json')));

/** Repartitioning cases: sql-repartition.test.ts runs them. */
const UNMODELLED = /ALTER TABLE/;

function versionsOf(c: ErrorCase): SqlApiVersion[] {
  if (c.versions.startsWith('v1.1 (')) return ['v1.1'];
  if (c.versions.startsWith('v1.2')) return ['v1.2'];
  return ['v1.1', 'v1.2'];
}

/** Datanodes 0..2 and no tables, on a ManualClock at the fixtures' date. */
function emptyCluster() {
  const clock = new ManualClock(Date.UTC(2026, 6, 24, 8, 0, 0));
  return { clock, cluster: new EmulatedCluster(clock, { seed: 1, datanodes: 3, empty: true }) };
}

/**
 * The cluster the catalogue's derived cases assume: table 1024 `monitor` with regions 0 and 1
 * (region 2 was merged away), metric logical table 1025 `cpu` on it, datanodes 0..2.
 */
function errorCatalogueCluster(): EmulatedCluster {
  const { clock, cluster } = emptyCluster();
  cluster.createPhysicalTable({
    tableId: 1024,
    name: 'monitor',
    leaderPeerIds: [0, 1],
    createdOnMs: clock.now() - 3_600_000,
  });
  cluster.createLogicalTable({ tableId: 1025, name: 'cpu', physicalTableId: 1024 });
  clock.advance(10_000);
  return cluster;
}

const ADMIN_USER = { user: 'admin', password: 'pw' };

/** Sends the catalogue's request as written: a query string, a SQL text or auth headers. */
function send(cluster: EmulatedCluster, c: ErrorCase, version: SqlApiVersion) {
  const get = /^GET (\S+)$/.exec(c.request);
  if (get !== null) {
    return handleFrontendRequest(
      {
        cluster,
        version,
        auth: null,
        frontend: { peerAddr: 'f:4001', hostname: 'f', startMs: 0 },
      },
      exchange(get[1] ?? ''),
    );
  }
  const sql = /^POST \/v1\/sql sql=(.*?)(?: {2}\(.*\))?$/.exec(c.request);
  if (sql !== null) return runSql(cluster, sql[1] ?? '', { version });
  const auth = /Authorization: (\S+) (\S+(?: of \S+>)?)/.exec(c.request);
  const credential = auth?.[2] ?? '';
  const encoded = /^<base64 of (\S+)>$/.exec(credential);
  const headers: Record<string, string> = {};
  if (auth !== null) {
    const value = encoded === null ? credential : Buffer.from(encoded[1] ?? '').toString('base64');
    headers.authorization = `${auth[1] ?? ''} ${value}`;
  }
  return runSql(cluster, 'SELECT 1', { version, auth: ADMIN_USER, headers });
}

describe('sql-errors-v1.json, per version', () => {
  const modelled = ERROR_CASES.filter((c) => !UNMODELLED.test(c.request));

  it('covers every case except repartitioning', () => {
    expect(modelled.length).toBe(25);
  });

  /** The cluster state a case's parenthesised note asks for (GC off, maintenance on). */
  function clusterFor(c: ErrorCase): EmulatedCluster {
    const cluster = errorCatalogueCluster();
    if (c.request.includes('(MetaSrv gc.enable=false)')) {
      cluster.repartition.settings.isMetasrvGcEnabled = false;
    }
    if (c.request.includes('(maintenance mode on)')) cluster.maintenance = true;
    return cluster;
  }

  for (const c of modelled) {
    for (const version of versionsOf(c)) {
      it(`${version}: ${c.request}`, () => {
        const r = send(clusterFor(c), c, version);
        expect(r.status).toBe(c.status);
        expect(JSON.parse(r.body)).toMatchObject(c.body);
      });
    }
  }

  it('compact_table argument count says 1-4 in v1.1 and 1-3 in v1.2', () => {
    const sql = "ADMIN compact_table('monitor', 'regular', 'parallelism=2', 'x')";
    const error = (version: SqlApiVersion) =>
      z
        .object({ error: z.string() })
        .parse(JSON.parse(runSql(errorCatalogueCluster(), sql, { version }).body)).error;
    expect(error('v1.1')).toContain('expect 1-4, have: 4');
    expect(error('v1.2')).toContain('expect 1-3, have: 4');
  });

  it('start_time/end_time are v1.2 options: unknown in v1.1, checked together in v1.2', () => {
    const cluster = errorCatalogueCluster();
    const sql = "ADMIN compact_table('monitor', 'regular', 'start_time=1970-01-01T00:00:00Z')";
    expect(runSql(cluster, sql, { version: 'v1.1' }).body).toContain(
      'Unknown parameter: start_time',
    );
    expect(runSql(cluster, sql, { version: 'v1.2' }).body).toContain(
      'start_time and end_time must be specified together',
    );
    const ranged =
      "ADMIN compact_table('monitor', 'strict_window', 'window=3600,start_time=1970-01-01T00:00:00Z,end_time=1970-01-01T01:00:00Z')";
    expect(runSql(cluster, ranged, { version: 'v1.2' }).body).toContain('"rows":[[0]]');
  });

  it('procedure_state: uuid-rs texts for other malformed ids; any accepted form is looked up', () => {
    const cluster = errorCatalogueCluster();
    const error = (id: string) =>
      z
        .object({ error: z.string() })
        .parse(JSON.parse(runSql(cluster, `ADMIN procedure_state('${id}')`).body)).error;
    expect(error('0000000g-0000-4000-8000-000000000000')).toContain(
      'Failed to parse procedure id: 30303030303030672d303030302d343030302d383030302d303030303030303030303030: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `g` at 8',
    );
    expect(error('0-0-0')).toContain('invalid group count: expected 5, found 3');
    expect(error('000000000-000-4000-8000-000000000000')).toContain(
      'invalid group length in group 0: expected 8, found 9',
    );
    // The last group's length counts the braces too (uuid-rs quirk).
    expect(error('{00000000-0000-4000-8000-0000000000000}')).toContain(
      'invalid group length in group 4: expected 12, found 15',
    );
    expect(error('00000000000040008000000000000000')).toContain(
      'Procedure not found: 00000000-0000-4000-8000-000000000000',
    );
  });
});

describe('auth: base64 0.22 DecodeError and FromUtf8Error tails', () => {
  it('padding, length and last-symbol errors follow the decoder', () => {
    const { cluster } = buildSqlCluster();
    const error = (credential: string) =>
      z.object({ code: z.number(), error: z.string() }).parse(
        JSON.parse(
          runSql(cluster, 'SELECT 1', {
            auth: ADMIN_USER,
            headers: { authorization: `Basic ${credential}` },
          }).body,
        ),
      );
    // base64 of admin:pw without its padding.
    expect(error('YWRtaW46cHc')).toEqual({
      code: 7004,
      error: 'Invalid base64 value: Invalid padding',
    });
    expect(error('Y').error).toBe('Invalid base64 value: Invalid input length: 1');
    expect(error('YR==').error).toBe('Invalid base64 value: Invalid last symbol 82, offset 1.');
    expect(error('YW=tYQ==').error).toBe('Invalid base64 value: Invalid symbol 61, offset 2.');
    // 0xff, then a 3-byte sequence cut short.
    expect(error('/w==').error).toBe(
      'Invalid utf-8 value: invalid utf-8 sequence of 1 bytes from index 0',
    );
    expect(error('YeKC').error).toBe(
      'Invalid utf-8 value: incomplete utf-8 byte sequence from index 1',
    );
    const padded = runSql(cluster, 'SELECT 1', {
      auth: ADMIN_USER,
      headers: { authorization: 'Basic YWRtaW46cHc=' },
    });
    expect(padded.status).toBe(200);
  });
});

describe('db and x-greptime-db-name', () => {
  it('the header selects the schema, the db parameter overrides it, case-sensitively', () => {
    const { cluster } = buildSqlCluster();
    const viaHeader = runSql(cluster, 'SELECT 1', { headers: { 'x-greptime-db-name': 'PUBLIC' } });
    expect(JSON.parse(viaHeader.body)).toMatchObject({
      code: 4004,
      error: 'Database not found: PUBLIC',
    });
    const overridden = runSql(cluster, 'SELECT 1', {
      db: 'public',
      headers: { 'x-greptime-db-name': 'PUBLIC' },
    });
    expect(overridden.status).toBe(200);
  });
});

/** A manual migration of region …105 from datanode 1 to 2, run to Done and flushed. */
function migratedCluster(version: SqlApiVersion) {
  const { cluster, clock } = buildSqlCluster();
  runSql(cluster, 'ADMIN migrate_region(4398046511105, 1, 2, 120)', { version });
  clock.advance(30_000);
  return cluster;
}

describe('greptime_private.events', () => {
  it('v1.1: sql-events-region-migration-v1.1.4.json columns, payload as a JSON object', () => {
    const cluster = migratedCluster('v1.1');
    const ours = records(
      runSql(
        cluster,
        "SELECT * FROM greptime_private.events WHERE type = 'region_migration' ORDER BY timestamp",
      ).body,
    );
    const theirs = records(readFixture('sql-events-region-migration-v1.1.4.json'));
    expect(ours.schema).toEqual(theirs.schema);
    // Procedure ids and timestamps are invented by the fixture; everything else must match.
    const stable = (rows: unknown[][]) => rows.map((r) => [r[0], r[1], r[4], ...r.slice(5)]);
    expect(stable(ours.rows)).toEqual(stable(theirs.rows));
  });

  it('v1.2: sql-events-region-migration-v1.2.json, Submitted with context and actor, then Succeeded', () => {
    const cluster = migratedCluster('v1.2');
    const sql =
      "SELECT timestamp, type, procedure_id, procedure_state, procedure_trigger, procedure_error, payload, actor, event_context, region_id, region_migration_trigger_reason, region_migration_src_node_id, region_migration_dst_node_id FROM greptime_private.events WHERE type = 'region_migration' ORDER BY timestamp";
    const ours = records(runSql(cluster, sql, { version: 'v1.2' }).body);
    const theirs = records(readFixture('sql-events-region-migration-v1.2.json'));
    expect(ours.schema).toEqual(theirs.schema);
    const stable = (rows: unknown[][]) => rows.map((r) => [r[1], ...r.slice(3)]);
    expect(stable(ours.rows)).toEqual(stable(theirs.rows));
  });

  it('v1.2 writes no PrepareRollback row and numbers retries; v1.1 writes every state', () => {
    const states = (version: SqlApiVersion) => {
      const { cluster, clock } = buildSqlCluster();
      cluster.setReplay({ speed: 0 });
      runSql(cluster, 'ADMIN migrate_region(4398046511105, 1, 2, 5)', { version });
      clock.advance(60_000);
      const column = version === 'v1.2' ? ', procedure_trigger' : '';
      return records(
        runSql(
          cluster,
          `SELECT procedure_state${column} FROM greptime_private.events ORDER BY timestamp`,
          { version },
        ).body,
      ).rows;
    };
    expect(states('v1.1').map((r) => r[0])).toContain('PrepareRollback');
    const v12 = states('v1.2');
    expect(v12.map((r) => r[0])).not.toContain('PrepareRollback');
    expect(v12[0]).toEqual(['Running', { type: 'Submitted' }]);
    expect(v12.at(-1)).toEqual(['Failed', { type: 'Failed' }]);
    expect(v12).toContainEqual(['RollingBack', { type: 'RollingBack' }]);
  });

  it('v1.2: the authenticated user is the actor; a failover has no actor and no protocol', () => {
    const { cluster, clock } = buildSqlCluster();
    const auth = { user: 'alice', password: 'pw' };
    runSql(cluster, 'ADMIN migrate_region(4398046511105, 1, 2)', {
      version: 'v1.2',
      auth,
      headers: { authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` },
    });
    clock.advance(30_000);
    cluster.failoverDatanode(0);
    clock.advance(60_000);
    const rows = records(
      runSql(
        cluster,
        "SELECT region_migration_trigger_reason, actor, event_context FROM greptime_private.events WHERE procedure_state = 'Running' ORDER BY timestamp",
        { version: 'v1.2' },
      ).body,
    ).rows;
    expect(rows[0]).toEqual(['Manual', 'alice', { protocol: 'httpsql', reason: 'manual' }]);
    expect(rows[1]).toEqual(['Failover', null, { reason: 'region_failover' }]);
  });
});

/**
 * sql-region-peers-logical.json's cluster: metric physical table 1024 with one region on
 * datanode 0, logical table 1025 `cpu` on it, and `monitor` (1027) whose region has no leader.
 */
function logicalCluster(): EmulatedCluster {
  const { clock, cluster } = emptyCluster();
  cluster.createPhysicalTable({
    tableId: 1024,
    name: 'greptime_physical_table',
    engine: 'metric',
    leaderPeerIds: [0],
    partitions: [{ kind: 'unpartitioned' }],
    createdOnMs: clock.now(),
  });
  cluster.createLogicalTable({ tableId: 1025, name: 'cpu', physicalTableId: 1024 });
  cluster.createPhysicalTable({
    tableId: 1027,
    name: 'monitor',
    leaderPeerIds: [null],
    partitions: [{ kind: 'unpartitioned' }],
    createdOnMs: clock.now(),
  });
  clock.advance(10_000);
  return cluster;
}

describe('logical tables and leaderless regions', () => {
  it('sql-region-peers-logical.json: a logical table shows its own region id; no leader = null peer', () => {
    for (const version of ['v1.1', 'v1.2'] as const) {
      const ours = records(
        runSql(
          logicalCluster(),
          'SELECT * FROM information_schema.region_peers ORDER BY table_name',
          { version },
        ).body,
      );
      const theirs = records(readFixture('sql-region-peers-logical.json'));
      expect(ours.schema).toEqual(theirs.schema);
      // The emulator does not model greptime_private.events as a table with regions.
      expect(ours.rows).toEqual(theirs.rows.filter((r) => r[2] !== 'events'));
    }
  });

  it('partitions shows the logical table its own region id', () => {
    const cluster = logicalCluster();
    const ids = records(
      runSql(
        cluster,
        "SELECT greptime_partition_id FROM information_schema.partitions WHERE table_name = 'cpu'",
      ).body,
    ).rows;
    expect(ids).toEqual([[4402341478400]]);
  });
});

describe('region_info and region_statistics', () => {
  it('sql-region-info.json: same columns; a writable leader and a downgrading one', () => {
    const { cluster } = buildSqlCluster();
    cluster.markDowngraded(R1, 1);
    for (const version of ['v1.1', 'v1.2'] as const) {
      const ours = records(
        runSql(cluster, 'SELECT * FROM information_schema.region_info ORDER BY region_id', {
          version,
        }).body,
      );
      expect(ours.schema).toEqual(records(readFixture('sql-region-info.json')).schema);
      const states = ours.rows.map((r) => [r[0], r[5], r[6], r[7], r[14]]);
      expect(states).toEqual([
        [4398046511104, 'Leader(Writable)', 'Leader', true, 0],
        [4398046511105, 'Leader(Downgrading)', 'Leader(Downgrading)', false, 1],
        [4398046511106, 'Leader(Writable)', 'Leader', true, 2],
      ]);
    }
  });

  it('region_statistics: 13 columns in v1.1, 15 in v1.2 with the query load at 6-7', () => {
    const { cluster } = buildSqlCluster();
    const sql = 'SELECT * FROM information_schema.region_statistics ORDER BY region_id';
    expect(records(runSql(cluster, sql, { version: 'v1.1' }).body).schema).toEqual(
      records(readFixture('sql-region-statistics.json')).schema,
    );
    const v12 = records(runSql(cluster, sql, { version: 'v1.2' }).body);
    expect(v12.schema).toEqual(records(readFixture('sql-region-statistics-v1.2.json')).schema);
    const found = cluster.regionWithTable(4398046511104n) ?? fail();
    const epochMs = cluster.datanodes.get(0)?.epochMs ?? 0;
    const load = cluster.storage.stats(found.region, found.table, cluster.clock.now(), epochMs);
    expect(load.queryCpuTimeNs).toBeGreaterThan(1_000_000n);
    // query_cpu_time_millis = heartbeat ns ÷ 10^6 (integer division).
    expect(v12.rows[0]?.slice(5, 7)).toEqual([
      Number(load.queryCpuTimeNs / 1_000_000n),
      Number(load.queryScannedBytes),
    ]);
  });

  it('modern-heartbeat-v1.2.json: RegionStat keys in order, the query counters only in v1.2', () => {
    const { cluster } = buildSqlCluster();
    const keysOf = (body: string) => {
      const stats = z
        .array(z.array(z.object({ region_stats: z.array(z.record(z.string(), z.unknown())) })))
        .parse(JSON.parse(body));
      return Object.keys(stats[0]?.[0]?.region_stats[0] ?? {});
    };
    expect(keysOf(v1HeartbeatBody(cluster, undefined, 'v1.2'))).toEqual(
      keysOf(readFixture('modern-heartbeat-v1.2.json')),
    );
    expect(keysOf(v1HeartbeatBody(cluster, undefined, 'v1.1'))).toEqual(
      keysOf(readFixture('modern-heartbeat-v1.1.4.json')),
    );
  });
});

describe('information_schema.tables', () => {
  it('lists 38 system tables in v1.1 and 39 in v1.2, with version 11 and utf8_bin', () => {
    const { cluster } = buildSqlCluster();
    const system = (version: SqlApiVersion) =>
      records(
        runSql(
          cluster,
          "SELECT table_name, table_id, version, table_collation FROM information_schema.tables WHERE table_schema = 'information_schema'",
          { version },
        ).body,
      ).rows;
    expect(system('v1.1')).toHaveLength(38);
    const v12 = system('v1.2');
    expect(v12).toHaveLength(39);
    expect(v12).toContainEqual(['flow_statistics', 45, 11, 'utf8_bin']);
    expect(v12).toContainEqual(['region_info', 41, 11, 'utf8_bin']);
  });

  it('a physical table sums SST sizes and rows; its logical table reports 0', () => {
    const cluster = logicalCluster();
    const rows = records(
      runSql(
        cluster,
        "SELECT table_name, engine, data_length, table_rows FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      ).body,
    ).rows;
    expect(rows.find((r) => r[0] === 'cpu')).toEqual(['cpu', 'metric', 0, 0]);
    const physical = rows.find((r) => r[0] === 'greptime_physical_table');
    expect(physical?.[2]).toBe(
      Number(
        cluster.storage.stats(
          (cluster.regionWithTable(4398046511104n) ?? fail()).region,
          (cluster.regionWithTable(4398046511104n) ?? fail()).table,
          cluster.clock.now(),
          0,
        ).sstSize,
      ),
    );
  });
});

function fail(): never {
  throw new Error('missing region');
}
