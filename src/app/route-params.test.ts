import { describe, expect, it } from 'vitest';
import {
  LegacySearchSchema,
  TableParamsSchema,
  TableSearchSchema,
  legacyTarget,
  parseSearch,
  regionOfOtherTable,
  stringifySearch,
} from './route-params';

function firstMessage(result: { error?: { issues: { message: string }[] } | undefined }) {
  return result.error?.issues[0]?.message;
}

describe('table id in the path', () => {
  it('accepts a canonical u32 and keeps it as text', () => {
    expect(TableParamsSchema.parse({ tableId: '1024' })).toEqual({ tableId: '1024' });
    expect(TableParamsSchema.parse({ tableId: '4294967295' })).toEqual({ tableId: '4294967295' });
  });

  it.each([
    ['abc', /“abc” is not a number/],
    ['-5', /cannot be negative/],
    ['4294967296', /at most 4294967295/],
    ['01024', /leading zeros: write 1024/],
    [' 1024', /Write the table ID as 1024/],
  ])('refuses %j and says why', (tableId, message) => {
    const result = TableParamsSchema.safeParse({ tableId });
    expect(result.success).toBe(false);
    expect(firstMessage(result)).toMatch(message);
    expect(result.error?.issues[0]?.path).toEqual(['tableId']);
  });
});

describe('?region=', () => {
  it('is optional, and a u64 past 2^53 stays exact text', () => {
    expect(TableSearchSchema.parse({})).toEqual({});
    expect(TableSearchSchema.parse({ region: '18446744073709551615' })).toEqual({
      region: '18446744073709551615',
    });
  });

  it.each(['12x', '-1', '18446744073709551616', '0x10', ''])('refuses %j', (region) => {
    const result = TableSearchSchema.safeParse({ region });
    expect(firstMessage(result)).toMatch(/is not a region ID/);
    expect(result.error?.issues[0]?.path).toEqual(['region']);
  });

  it('names the table a region of another table belongs to', () => {
    expect(regionOfOtherTable('1024', '4398046511105')).toBeNull();
    expect(regionOfOtherTable('1024', '4402341478400')).toBe(
      'Region 4402341478400 belongs to table 1025, not to table 1024.',
    );
  });
});

describe('search strings', () => {
  it('keeps every value a string: ids never become JS numbers', () => {
    expect(parseSearch('?region=18446744073709551615&x=1')).toEqual({
      region: '18446744073709551615',
      x: '1',
    });
    expect(stringifySearch({ region: '18446744073709551615' })).toBe(
      '?region=18446744073709551615',
    );
    expect(stringifySearch({})).toBe('');
  });
});

describe('old links', () => {
  const target = (search: string) => legacyTarget(LegacySearchSchema.parse(parseSearch(search)));

  it('lead to the same page under the cluster', () => {
    expect(target('')).toEqual({ page: 'overview' });
    expect(target('?table=1024&region=4398046511105')).toEqual({
      page: 'table',
      tableId: '1024',
      region: '4398046511105',
    });
    expect(target('?table=1024')).toEqual({ page: 'table', tableId: '1024', region: undefined });
    expect(target('?view=cluster')).toEqual({ page: 'cluster' });
    expect(target('?view=history&table=1024')).toEqual({ page: 'history' });
  });

  it('pass bad values on for the new route to name, and flag an unknown view', () => {
    expect(target('?table=abc')).toEqual({ page: 'table', tableId: 'abc', region: undefined });
    expect(target('?view=tabels')).toEqual({ page: 'unknown', view: 'tabels' });
  });
});
