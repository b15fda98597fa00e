import { describe, expect, it } from 'vitest';
import tableInfoFixture from '../../../../shared/greptimedb/fixtures/table-info-v0.7.2.json?raw';
import { parseLosslessJson } from '../lossless-json';
import { TableInfoAnswerSchema, tableSummaryOf } from './table-info';

const read = (body: string) => TableInfoAnswerSchema.parse(parseLosslessJson(body));

describe('a table’s name from /admin/table?table_ids= (API.md §1.9)', () => {
  it('names the asked table as MetaSrv v0.7.2 describes it', () => {
    expect(tableSummaryOf(read(tableInfoFixture), '1087')).toEqual({
      catalog: 'greptime',
      schema: 'public',
      name: 'monitor',
      tableId: 1087,
      engine: 'mito',
    });
  });

  it('is null for an id MetaSrv omitted: unknown ids answer {}', () => {
    expect(tableSummaryOf(read('{}'), '1087')).toBeNull();
    expect(tableSummaryOf(read(tableInfoFixture), '1088')).toBeNull();
  });

  it('refuses an answer without the names', () => {
    expect(() => read('{"1087":{"table_info":{"name":"monitor"}}}')).toThrow();
  });
});
