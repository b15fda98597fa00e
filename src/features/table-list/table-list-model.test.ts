/**
 * The table list as the user reads it: which tables come first, what a search leaves, how a
 * column sorts, and each table's own skew (regions per datanode), from plain inputs.
 */
import { describe, expect, it } from 'vitest';
import { defaultCatalogOf, defaultSchemaOf, orderSchemas } from '../../domain/schema-order';
import {
  buildTableListRows,
  searchTableRows,
  sortTableRows,
  type NamedTable,
  type TableListSources,
} from './table-list-model';

function named(
  schema: string,
  name: string,
  tableId: number | null,
  extra: Partial<NamedTable> = {},
): NamedTable {
  return { catalog: 'greptime', schema, name, tableId, engine: 'mito', kind: null, ...extra };
}

const FOUR_ALIVE = ['0', '1', '2', '3'].map((peerId) => ({ peerId, canTakeRegions: true }));

function sources(overrides: Partial<TableListSources> = {}): TableListSources {
  return {
    tables: [
      named('greptime_private', 'events', 1100),
      named('public', 'monitor', 1024),
      named('analytics', 'daily', 1200),
      named('public', 'app_logs', 1028),
      named('public', 'host_cpu', 1031, { engine: 'metric' }),
      named('public', 'greptime_physical_table', 1030, { engine: 'metric' }),
    ],
    leaders: new Map([
      [1024, ['0', '1', '2']],
      [1028, ['0', '1', '2', '3', '0', '1', '2', '3']],
      [1030, ['0', '0', '0', '0']],
      [1100, ['3']],
      [1200, ['1', '2']],
    ]),
    datanodes: FOUR_ALIVE,
    sizes: null,
    ...overrides,
  };
}

const names = (rows: readonly { schema: string; name: string }[]) =>
  rows.map((r) => `${r.schema}.${r.name}`);

describe('default order', () => {
  it('lists public first, other user schemas next and greptime_private last', () => {
    expect(names(buildTableListRows(sources()))).toEqual([
      'public.app_logs',
      'public.greptime_physical_table',
      'public.host_cpu',
      'public.monitor',
      'analytics.daily',
      'greptime_private.events',
    ]);
  });

  it('puts another catalog after greptime’s user schemas and before system schemas', () => {
    const rows = buildTableListRows(
      sources({
        tables: [
          named('information_schema', 'tables', 3),
          { ...named('public', 'm', 5000), catalog: 'other' },
          named('public', 'monitor', 1024),
        ],
      }),
    );
    expect(rows.map((r) => r.qualifiedName)).toEqual([
      'greptime.public.monitor',
      'other.public.m',
      'greptime.information_schema.tables',
    ]);
    expect(rows.map((r) => r.isSystem)).toEqual([false, false, true]);
  });
});

describe('finder defaults', () => {
  it('offers public first and preselects it; greptime_private is never first', () => {
    const schemas = ['greptime_private', 'information_schema', 'public'];
    expect(orderSchemas('greptime', schemas)).toEqual([
      'public',
      'greptime_private',
      'information_schema',
    ]);
    expect(defaultSchemaOf('greptime', schemas)).toBe('public');
  });

  it('preselects the first user schema when there is no public, and nothing when only system ones', () => {
    expect(defaultSchemaOf('greptime', ['greptime_private', 'metrics', 'analytics'])).toBe(
      'analytics',
    );
    expect(defaultSchemaOf('greptime', ['greptime_private', 'information_schema'])).toBeNull();
  });

  it('preselects greptime among several catalogs, the only one otherwise, else none', () => {
    expect(defaultCatalogOf(['analytics', 'greptime'])).toBe('greptime');
    expect(defaultCatalogOf(['analytics'])).toBe('analytics');
    expect(defaultCatalogOf(['a', 'b'])).toBeNull();
  });
});

describe('search', () => {
  const rows = buildTableListRows(sources());

  it('leaves only tables whose name contains the text, case ignored', () => {
    expect(names(searchTableRows(rows, 'MON'))).toEqual(['public.monitor']);
  });

  it('matches a schema name and a table id prefix', () => {
    expect(names(searchTableRows(rows, 'analytics'))).toEqual(['analytics.daily']);
    expect(names(searchTableRows(rows, '110'))).toEqual(['greptime_private.events']);
  });

  it('leaves nothing for a text no table has, and everything for blanks', () => {
    expect(searchTableRows(rows, 'nope')).toEqual([]);
    expect(searchTableRows(rows, '   ')).toHaveLength(rows.length);
  });
});

describe('sort', () => {
  const rows = buildTableListRows(sources());

  it('sorts by regions, most first, with a logical table (no regions of its own) last', () => {
    expect(names(sortTableRows(rows, { key: 'regionCount', isDescending: true }))).toEqual([
      'public.app_logs',
      'public.greptime_physical_table',
      'public.monitor',
      'analytics.daily',
      'greptime_private.events',
      'public.host_cpu',
    ]);
  });

  it('keeps unknown values last in ascending order too', () => {
    const sorted = sortTableRows(rows, { key: 'regionCount', isDescending: false });
    expect(sorted.at(-1)?.name).toBe('host_cpu');
    expect(sorted[0]?.regionCount).toBe(1);
  });

  it('sorts by name and by id, and back to the default order without a sort', () => {
    expect(sortTableRows(rows, { key: 'name', isDescending: false })[0]?.name).toBe('app_logs');
    expect(sortTableRows(rows, { key: 'tableId', isDescending: true })[0]?.name).toBe('daily');
    expect(
      names(sortTableRows(sortTableRows(rows, { key: 'tableId', isDescending: true }), null)),
    ).toEqual(names(rows));
  });
});

describe('skew and kinds', () => {
  const byName = (name: string) => buildTableListRows(sources()).find((r) => r.name === name);

  it('is 0 for a table spread evenly and high for one crowded on one datanode', () => {
    expect(byName('app_logs')?.skewCv).toBe(0);
    // 4 regions on datanode 0 of four alive: counts 4,0,0,0, CV = sqrt(3).
    expect(byName('greptime_physical_table')?.skewCv).toBeCloseTo(Math.sqrt(3), 6);
  });

  it('does not count a dead datanode that holds none of the table’s regions', () => {
    const datanodes = [...FOUR_ALIVE.slice(0, 3), { peerId: '3', canTakeRegions: false }];
    const monitor = buildTableListRows(sources({ datanodes })).find((r) => r.name === 'monitor');
    expect(monitor?.skewCv).toBe(0);
  });

  it('calls a metric-engine table without regions logical, and one with regions physical', () => {
    expect(byName('host_cpu')).toMatchObject({ kind: 'logical', regionCount: null, skewCv: null });
    expect(byName('greptime_physical_table')).toMatchObject({ kind: 'physical', regionCount: 4 });
  });

  it('shows no counts while the heartbeat summary is unknown, and keeps a route’s kind', () => {
    const rows = buildTableListRows(
      sources({
        leaders: null,
        tables: [named('public', 'm', 7, { engine: null, kind: 'logical' })],
      }),
    );
    expect(rows[0]).toMatchObject({ kind: 'logical', regionCount: null, skewCv: null });
  });

  it('keys a row by its table id, or by its name while the id is unknown (legacy)', () => {
    const rows = buildTableListRows(
      sources({ tables: [named('public', 'monitor', 1024), named('public', 'later', null)] }),
    );
    expect(rows.map((r) => r.rowId)).toEqual(['greptime.public.later', '1024']);
  });

  it('sums sizes per table on the SQL path and has none for a logical table', () => {
    const rows = buildTableListRows(sources({ sizes: new Map([[1024, 3 * 1024 ** 3]]) }));
    expect(rows.find((r) => r.name === 'monitor')?.sizeBytes).toBe(3 * 1024 ** 3);
    expect(rows.find((r) => r.name === 'app_logs')?.sizeBytes).toBe(0);
    expect(rows.find((r) => r.name === 'host_cpu')?.sizeBytes).toBeNull();
  });
});
