/**
 * The statements the datanodes panel, the table finder and History send, run against the
 * emulated frontend (v1.1.4 unless a test says otherwise: its SQL parser, information_schema
 * and greptime_private.events), so a statement the emulator cannot run, a column it lacks, or
 * an answer the server reads otherwise than GreptimeDB's, fails here rather than in the browser.
 */
import { describe, expect, it } from 'vitest';
import { sqlFacts } from '../../contract/greptime-version.ts';
import {
  metricTableRegionsStatement,
  migrationEventsStatement,
  regionInfoStatement,
  regionStatisticsStatement,
  repartitionEventsStatement,
  tableByNameStatement,
} from '../../contract/sql/statements.ts';
import { buildSqlCluster, runSql } from '../../emulator/testing/sql-fixture.ts';
import { EVENTS_TABLE_NOT_FOUND } from './sql-api.ts';

interface Records {
  output: [{ records: { schema: { column_schemas: { name: string }[] }; rows: unknown[][] } }];
}

function rowsOf(body: string): Record<string, unknown>[] {
  const answer = JSON.parse(body) as Records;
  const names = answer.output[0].records.schema.column_schemas.map((c) => c.name);
  return answer.output[0].records.rows.map((row) =>
    Object.fromEntries(names.map((name, i) => [name, row[i]])),
  );
}

describe('SQL-path statements on the emulated frontend', () => {
  it('region_statistics names the leader peer of every region', () => {
    const { cluster } = buildSqlCluster();
    const answer = runSql(cluster, regionStatisticsStatement('1024'), { db: 'greptime-public' });
    expect(answer.status).toBe(200);
    const rows = rowsOf(answer.body);
    expect(rows.map((r) => [r.region_number, r.leader_peer_id, r.region_role])).toEqual([
      [0, 0, 'Leader'],
      [1, 1, 'Leader'],
      [2, 2, 'Leader'],
    ]);
    expect(rows[0]).toHaveProperty('disk_size');
    expect(rows[0]).toHaveProperty('index_size');
  });

  it('a table by name: found, absent, and a name holding quotes stays one literal', () => {
    const { cluster } = buildSqlCluster();
    const run = (table: string) =>
      runSql(cluster, tableByNameStatement('greptime', 'public', table), {
        db: 'greptime-public',
      });
    const found = run('monitor');
    expect(found.status).toBe(200);
    expect(rowsOf(found.body).map((r) => [r.table_name, r.table_id])).toEqual([['monitor', 1024]]);
    expect(rowsOf(run("monitor' OR '1'='1").body)).toEqual([]);
  });

  it('metric regions: a logical table’s ids are unreported, its physical table’s reported', () => {
    const { cluster } = buildSqlCluster();
    cluster.createPhysicalTable({
      tableId: 1030,
      name: 'greptime_physical_table',
      engine: 'metric',
      leaderPeerIds: [0, 1],
      createdOnMs: cluster.clock.now(),
    });
    cluster.createLogicalTable({ tableId: 1031, name: 'cpu', physicalTableId: 1030 });
    const answer = runSql(cluster, metricTableRegionsStatement('1031'), { db: 'greptime-public' });
    expect(answer.status).toBe(200);
    expect(
      rowsOf(answer.body).map((r) => [r.table_name, r.region_id, r.peer_id, r.reported_region_id]),
    ).toEqual([
      ['greptime_physical_table', 4423816314880, 0, 4423816314880],
      ['greptime_physical_table', 4423816314881, 1, 4423816314881],
      ['cpu', 4428111282176, 0, null],
      ['cpu', 4428111282177, 1, null],
    ]);
  });

  it('region_info gives each region’s state, role and writable flag (v1.1+)', () => {
    const { cluster } = buildSqlCluster();
    const answer = runSql(cluster, regionInfoStatement('1024'), { db: 'greptime-public' });
    expect(answer.status).toBe(200);
    expect(rowsOf(answer.body).map((r) => [r.region_id, r.node_id, r.state, r.writable])).toEqual([
      [4398046511104, 0, 'Leader(Writable)', true],
      [4398046511105, 1, 'Leader(Writable)', true],
      [4398046511106, 2, 'Leader(Writable)', true],
    ]);
  });

  it('greptime_private.events before its first event: the TableNotFound the server reads as none', () => {
    const { cluster } = buildSqlCluster();
    const v12 = sqlFacts({ major: 1, minor: 2, patch: 0, text: '1.2.0-beta.2' });
    for (const [statement, version] of [
      [migrationEventsStatement(undefined), 'v1.1'],
      [migrationEventsStatement(undefined), 'v1.2'],
      [repartitionEventsStatement(v12), 'v1.2'],
    ] as const) {
      if (statement === null) throw new Error('v1.2 writes repartition events');
      const answer = runSql(cluster, statement, { db: 'greptime-public', version });
      expect(answer.status).toBe(EVENTS_TABLE_NOT_FOUND.status);
      expect(JSON.parse(answer.body)).toMatchObject({
        code: EVENTS_TABLE_NOT_FOUND.code,
        error: EVENTS_TABLE_NOT_FOUND.error,
      });
    }
  });

  it('metric regions of a mito table: none of its own, so it is never called logical', () => {
    const { cluster } = buildSqlCluster();
    const answer = runSql(cluster, metricTableRegionsStatement('1024'), { db: 'greptime-public' });
    expect(answer.status).toBe(200);
    expect(rowsOf(answer.body)).toEqual([]);
  });
});
