import { describe, expect, it } from 'vitest';
import tableInfoFixture from '../../../../shared/greptimedb/fixtures/table-info-v0.7.2.json?raw';
import { parseLosslessJson } from '../../../contract/lossless-json';
import { TableInfoAnswerSchema, tableSummariesOf } from './table-info';

const read = (body: string) => TableInfoAnswerSchema.parse(parseLosslessJson(body));

describe('tables’ names from /admin/table?table_ids= (API.md §1.9)', () => {
  it('names the asked table as MetaSrv v0.7.2 describes it', () => {
    expect(tableSummariesOf(read(tableInfoFixture))).toEqual([
      { catalog: 'greptime', schema: 'public', name: 'monitor', tableId: 1087, engine: 'mito' },
    ]);
  });

  it('names every table of a list, and none MetaSrv omitted: unknown ids answer {}', () => {
    // MetaSrv's answer for `table_ids=1087,1090`: the fixture's table beside a second one.
    const cpu =
      '"1090":{"table_info":{"name":"cpu","catalog_name":"greptime","schema_name":"ops"}}';
    const two = `${tableInfoFixture.trim().slice(0, -1)},${cpu}}`;
    expect(tableSummariesOf(read(two)).map((table) => table.tableId)).toEqual([1087, 1090]);
    expect(tableSummariesOf(read('{}'))).toEqual([]);
  });

  it('refuses an answer without the names', () => {
    expect(() => read('{"1087":{"table_info":{"name":"monitor"}}}')).toThrow();
  });
});
