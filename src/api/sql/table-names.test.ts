import { describe, expect, it } from 'vitest';
import type { TableSummary } from '../../../contract/sql-types';
import { catalogsOf, schemasOf, tableNamesOf } from './table-names';

const table = (catalog: string, schema: string, name: string, tableId: number): TableSummary => ({
  catalog,
  schema,
  name,
  tableId,
  engine: 'mito',
});

describe('the finder’s names from information_schema.tables', () => {
  const tables = [
    table('greptime', 'public', 'monitor', 1024),
    table('greptime', 'ops', 'alerts', 1030),
    table('greptime', 'public', 'app_logs', 1028),
    table('other', 'public', 'monitor', 2000),
  ];

  it('lists catalogs and a catalog’s schemas once each, sorted', () => {
    expect(catalogsOf(tables)).toEqual(['greptime', 'other']);
    expect(schemasOf(tables, 'greptime')).toEqual(['ops', 'public']);
    expect(schemasOf(tables, 'nowhere')).toEqual([]);
  });

  it('lists a schema’s tables with their ids, not those of another catalog', () => {
    expect(tableNamesOf(tables, 'greptime', 'public')).toEqual([
      { name: 'app_logs', tableId: 1028 },
      { name: 'monitor', tableId: 1024 },
    ]);
  });
});
