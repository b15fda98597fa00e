/**
 * Parser and executor: a changed column list, WHERE, ORDER BY and LIMIT are honoured; anything
 * outside the subset is refused with GreptimeDB's error format and a message naming it; and
 * injection-shaped input is a parse error or a literal, never a second statement that runs.
 */
import { describe, expect, it } from 'vitest';
import { buildSqlCluster, runSql } from '../testing/sql-fixture.ts';
import { SqlError } from './errors.ts';
import { parseSql } from './parser.ts';

function rows(body: string): unknown[] {
  const parsed = JSON.parse(body) as { output: { records: { rows: unknown[] } }[] };
  return parsed.output[0]?.records.rows ?? [];
}

function names(body: string): string[] {
  const parsed = JSON.parse(body) as {
    output: { records: { schema: { column_schemas: { name: string }[] } } }[];
  };
  return parsed.output[0]?.records.schema.column_schemas.map((c) => c.name) ?? [];
}

interface ErrorBody {
  code: number;
  error: string;
  execution_time_ms: number;
}
function errorOf(body: string): ErrorBody {
  return JSON.parse(body) as ErrorBody;
}

describe('SQL subset', () => {
  const { cluster } = buildSqlCluster();

  it('honours the column list, aliases, WHERE with AND/OR/IN/LIKE/IS NULL, ORDER BY and LIMIT', () => {
    const sql =
      "SELECT region_id AS id, peer_id FROM information_schema.region_peers WHERE (table_name = 'monitor' OR table_name LIKE 'mon%') AND peer_id IN (0, 2) AND down_seconds IS NULL ORDER BY peer_id DESC LIMIT 1";
    const r = runSql(cluster, sql);
    expect(names(r.body)).toEqual(['id', 'peer_id']);
    expect(rows(r.body)).toEqual([[4398046511106, 2]]);
    expect(
      rows(
        runSql(
          cluster,
          'SELECT peer_id FROM information_schema.region_peers ORDER BY 1 LIMIT 2 OFFSET 1',
        ).body,
      ),
    ).toEqual([[1], [2]]);
    expect(
      rows(
        runSql(
          cluster,
          "SELECT peer_id FROM information_schema.region_peers WHERE status != 'ALIVE'",
        ).body,
      ),
    ).toEqual([]);
    expect(
      rows(
        runSql(
          cluster,
          "SELECT region_id FROM information_schema.region_peers WHERE region_id = '4398046511105'",
        ).body,
      ),
    ).toEqual([[4398046511105]]);
    expect(
      rows(
        runSql(
          cluster,
          'SELECT CAST(region_id AS STRING) FROM information_schema.region_peers WHERE peer_id >= 2',
        ).body,
      ),
    ).toEqual([['4398046511106']]);
  });

  it('names derived columns as DataFusion does; SELECT migrate_region works without FROM', () => {
    expect(names(runSql(cluster, "SELECT 1, 'a'").body)).toEqual(['Int64(1)', 'Utf8("a")']);
    const r = runSql(cluster, 'SELECT migrate_region(4398046511104, 0, 1)');
    expect(names(r.body)).toEqual(['migrate_region(Int64(4398046511104),Int64(0),Int64(1))']);
  });

  it('refuses what it does not emulate, naming it', () => {
    const cases: [string, RegExp][] = [
      ['INSERT INTO t VALUES (1)', /INSERT statements/],
      ['SELECT DISTINCT peer_id FROM information_schema.region_peers', /SELECT DISTINCT/],
      ['SELECT peer_id FROM information_schema.region_peers GROUP BY peer_id', /GROUP BY/],
      ['SELECT * FROM information_schema.columns', /information_schema\.columns/],
      ['SELECT * FROM monitor', /reading rows of greptime\.public\.monitor/],
      ['SELECT lower(peer_addr) FROM information_schema.region_peers', /function lower\(\)/],
      [
        'SELECT a.x FROM information_schema.tables a RIGHT JOIN information_schema.tables b ON a.x = b.x',
        /RIGHT JOIN/,
      ],
      ['SELECT peer_id + 1 FROM information_schema.region_peers', /arithmetic/],
    ];
    for (const [sql, message] of cases) {
      const e = errorOf(runSql(cluster, sql).body);
      expect(e.code, sql).toBe(1001);
      expect(e.error, sql).toMatch(message);
    }
    // execution_time_ms is the statement's real elapsed time, as GreptimeDB reports it.
    const { execution_time_ms: executionMs, ...refused } = errorOf(runSql(cluster, 'SELEC 1').body);
    expect(refused).toEqual({
      code: 1001,
      error: 'SQL statement is not supported, keyword: SELEC',
    });
    expect(Number.isInteger(executionMs)).toBe(true);
    expect(executionMs).toBeGreaterThanOrEqual(0);
  });

  it('plan and syntax errors use GreptimeDB texts and codes', () => {
    expect(
      errorOf(runSql(cluster, 'SELECT nope FROM information_schema.region_peers').body),
    ).toMatchObject({
      code: 3000,
      error: expect.stringMatching(
        /^Failed to plan SQL: No field named nope\. Valid fields are region_peers\.table_catalog/,
      ) as unknown,
    });
    expect(
      errorOf(
        runSql(
          cluster,
          'SELECT region_id FROM information_schema.region_peers r JOIN information_schema.region_statistics s ON r.region_id = s.region_id',
        ).body,
      ),
    ).toMatchObject({
      code: 3000,
      error: 'Failed to plan SQL: Schema error: Ambiguous reference to unqualified field region_id',
    });
    expect(
      errorOf(runSql(cluster, 'SELECT * FROM information_schema.region_peers LIMIT x').body),
    ).toMatchObject({
      code: 2000,
      error:
        'Invalid SQL syntax: sql parser error: Expected: literal int, found: x at Line: 1, Column: 53',
    });
  });

  it("treats '; DROP TABLE x; --' as GreptimeDB would: unterminated literal, or a literal", () => {
    expect(errorOf(runSql(cluster, "'; DROP TABLE x; --").body)).toMatchObject({
      code: 2000,
      error:
        'Invalid SQL syntax: sql parser error: Unterminated string literal at Line: 1, Column: 1',
    });
    // Injected into a quoted value with its quote doubled, it stays one string literal.
    const literal = runSql(
      cluster,
      "SELECT * FROM information_schema.region_peers WHERE table_name = '''; DROP TABLE x; --'",
    );
    expect(rows(literal.body)).toEqual([]);
    // Breaking out of the quote makes a second statement, refused before anything runs.
    const broken = errorOf(
      runSql(
        cluster,
        "SELECT * FROM information_schema.region_peers WHERE table_name = ''; DROP TABLE x; --'",
      ).body,
    );
    expect(broken.code).toBe(1001);
    expect(broken.error).toContain('DROP statements');
  });

  it('splits statements on ; outside literals only', () => {
    const statements = parseSql("SELECT 'a;b'; ADMIN procedure_state('x;y');;");
    expect(statements.map((s) => s.kind)).toEqual(['select', 'admin']);
    expect(statements[1]?.kind === 'admin' ? statements[1].display : '').toBe(
      "ADMIN procedure_state('x;y')",
    );
    expect(() => parseSql('ADMIN')).toThrow(SqlError);
  });
});
