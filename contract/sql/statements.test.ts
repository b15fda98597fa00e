/**
 * Statement text per version, and what browser-supplied values can and cannot do to it: a
 * quote in a name stays inside its literal, and anything that could end a literal some other
 * way (a backslash, a control character) is refused before a statement exists.
 */
import { describe, expect, it } from 'vitest';
import { MaintenanceRequestSchema, RegionMigrationSqlRequestSchema } from '../sql-contract.ts';
import { parseGreptimeVersion, sqlFacts } from '../greptime-version.ts';
import { SqlLiteralError, objectNameText, sqlString, sqlUnsigned } from './sql-literals.ts';
import {
  maintenanceStatement,
  migrateRegionStatement,
  migrationEventsStatement,
  procedureStateStatement,
  regionStatisticsStatement,
  tableRegionsStatement,
} from './statements.ts';

function factsOf(version: string) {
  const parsed = parseGreptimeVersion(version);
  if (parsed === null) throw new Error(version);
  return sqlFacts(parsed);
}

const request = {
  region_id: '4398046511105',
  from_peer_id: '1',
  to_peer_id: '2',
  timeout_secs: '120',
};

describe('migrate_region statement', () => {
  it('uses SELECT up to v0.9.2 and ADMIN from v0.9.3', () => {
    expect(migrateRegionStatement(request, factsOf('0.8.0'))).toBe(
      'SELECT migrate_region(4398046511105, 1, 2, 120)',
    );
    expect(migrateRegionStatement(request, factsOf('0.9.2'))).toMatch(/^SELECT /);
    expect(migrateRegionStatement(request, factsOf('v0.9.3'))).toBe(
      'ADMIN migrate_region(4398046511105, 1, 2, 120)',
    );
    expect(migrateRegionStatement(request, factsOf('1.1.4'))).toMatch(/^ADMIN /);
  });

  it('keeps ids above 2^53 exact', () => {
    const big = { ...request, region_id: '18446744069414584320' };
    expect(migrateRegionStatement(big, factsOf('1.1.4'))).toContain('18446744069414584320,');
  });

  it('refuses anything but decimal ids at the contract', () => {
    for (const bad of ['1; DROP TABLE t', '1e3', '007', '-1', '1 OR 1=1', '18446744073709551616']) {
      expect(
        RegionMigrationSqlRequestSchema.safeParse({ ...request, region_id: bad }).success,
      ).toBe(false);
    }
    expect(() => sqlUnsigned('1) ; SELECT 1 --')).toThrow(SqlLiteralError);
  });
});

describe('timeout argument by version', () => {
  it('is a replay timeout up to v0.9.3, then an overall timeout (30 s, 300 s from v0.14)', () => {
    expect(factsOf('0.9.3').timeoutArgument).toEqual({ meaning: 'replay', defaultSeconds: 10 });
    expect(factsOf('0.9.4').timeoutArgument).toEqual({ meaning: 'overall', defaultSeconds: 30 });
    expect(factsOf('0.13.2').timeoutArgument).toEqual({ meaning: 'overall', defaultSeconds: 30 });
    expect(factsOf('0.14.0').timeoutArgument).toEqual({ meaning: 'overall', defaultSeconds: 300 });
    expect(factsOf('0.9.10').timeoutArgument.meaning).toBe('overall');
  });
});

describe('string literals', () => {
  it('double quotes inside a literal', () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString("x'); ADMIN migrate_region(1, 2, 3); --")).toBe(
      "'x''); ADMIN migrate_region(1, 2, 3); --'",
    );
  });

  it('refuses backslashes and control characters', () => {
    for (const bad of ["a\\'", 'a\nb', 'a\u0000b']) {
      expect(() => sqlString(bad)).toThrow(SqlLiteralError);
    }
  });

  it('procedure_state takes only a UUID, quoted', () => {
    expect(procedureStateStatement('8c1f5d2a-3b6e-4d7f-a9c0-1e2b3c4d5e6f', factsOf('1.1.4'))).toBe(
      "ADMIN procedure_state('8c1f5d2a-3b6e-4d7f-a9c0-1e2b3c4d5e6f')",
    );
  });
});

describe('maintenance statements', () => {
  const facts = factsOf('1.1.4');
  it('flushes and compacts a region by id', () => {
    expect(
      maintenanceStatement({ action: 'flush_region', region_id: '4398046511104' }, facts),
    ).toBe('ADMIN flush_region(4398046511104)');
    expect(
      maintenanceStatement({ action: 'compact_region', region_id: '1' }, factsOf('0.9.0')),
    ).toBe('SELECT compact_region(1)');
  });

  it('names a table as schema.table, quoting parts that are not plain identifiers', () => {
    expect(
      maintenanceStatement({ action: 'flush_table', schema: 'public', table: 'monitor' }, facts),
    ).toBe("ADMIN flush_table('public.monitor')");
    expect(objectNameText(['my.schema', 'we"ird'])).toBe('"my.schema"."we""ird"');
    expect(
      maintenanceStatement(
        { action: 'flush_table', schema: 'public', table: "t'); DROP TABLE x; --" },
        facts,
      ),
    ).toBe(`ADMIN flush_table('public."t''); DROP TABLE x; --"')`);
  });

  it('offers strict-window compaction with a window', () => {
    expect(
      maintenanceStatement(
        {
          action: 'compact_table',
          schema: 'public',
          table: 'monitor',
          strict_window: true,
          window_secs: '3600',
        },
        facts,
      ),
    ).toBe("ADMIN compact_table('public.monitor', 'swcs', 'window=3600')");
    expect(
      maintenanceStatement({ action: 'compact_table', schema: 'public', table: 'monitor' }, facts),
    ).toBe("ADMIN compact_table('public.monitor')");
  });

  it('refuses names that could escape a literal, and unknown actions', () => {
    expect(
      MaintenanceRequestSchema.safeParse({ action: 'flush_table', schema: 'public', table: 'a\\' })
        .success,
    ).toBe(false);
    expect(
      MaintenanceRequestSchema.safeParse({ action: 'drop_table', schema: 'public', table: 'a' })
        .success,
    ).toBe(false);
  });
});

describe('reads', () => {
  it('selects one table’s regions as its id range', () => {
    const text = tableRegionsStatement('1024');
    expect(text).toContain('WHERE r.region_id >= 4398046511104 AND r.region_id < 4402341478400');
    expect(text).toContain('LEFT JOIN information_schema.partitions p');
    expect(tableRegionsStatement('4294967295')).toContain('r.region_id < 18446744073709551616');
  });

  it('filters statistics and events by table id only when asked', () => {
    expect(regionStatisticsStatement(undefined)).not.toContain('WHERE');
    expect(regionStatisticsStatement('1024')).toContain('WHERE s.table_id = 1024');
    expect(migrationEventsStatement('1024')).toContain(
      "type = 'region_migration' AND table_id = 1024",
    );
  });
});
