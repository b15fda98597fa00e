/**
 * The statements the datanodes panel and the table finder send, run against the emulated
 * v1.1.4 frontend (its SQL parser and information_schema), so a statement the emulator
 * cannot run, or a column it lacks, fails here rather than in the browser.
 */
import { describe, expect, it } from 'vitest';
import { regionStatisticsStatement, tableByNameStatement } from '../../contract/sql/statements.ts';
import { buildSqlCluster, runSql } from '../../emulator/testing/sql-fixture.ts';

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
});
