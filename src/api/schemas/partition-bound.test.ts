import { describe, expect, test } from 'vitest';
import { decodePartitionBound, wireBound } from './partition-bound';

const expr = (lhs: unknown, op: string, rhs: unknown) => ({ Expr: { lhs, op, rhs } });
const col = (name: string) => ({ Column: name });
const str = (value: string) => ({ Value: { String: value } });
const bound = (json: unknown) => decodePartitionBound(JSON.stringify(json));

describe('decodePartitionBound', () => {
  test('MaxValue', () => {
    expect(decodePartitionBound('"MaxValue"')).toEqual({ kind: 'parsed', text: 'MAXVALUE' });
  });

  test('v0.6 RANGE COLUMNS values', () => {
    expect(bound({ Value: { String: 'hz' } })).toEqual({ kind: 'parsed', text: "'hz'" });
    expect(bound({ Value: { Int32: 10 } })).toEqual({ kind: 'parsed', text: '10' });
    expect(bound({ Value: { Boolean: true } })).toEqual({ kind: 'parsed', text: 'TRUE' });
    expect(bound({ Value: 'Null' })).toEqual({ kind: 'parsed', text: 'NULL' });
    expect(bound({ Value: { Float64: 1.5 } })).toEqual({ kind: 'parsed', text: '1.5' });
  });

  test('integers beyond 2^53 keep every digit', () => {
    expect(decodePartitionBound('{"Value":{"UInt64":18446744073709551615}}')).toEqual({
      kind: 'parsed',
      text: '18446744073709551615',
    });
  });

  test('string literals escape quotes; odd column names are quoted', () => {
    expect(bound(expr(col('my col'), 'Eq', str("it's")))).toEqual({
      kind: 'parsed',
      text: `"my col" = 'it''s'`,
    });
  });

  test('v0.7 expressions with every operator', () => {
    const ops = { Eq: '=', NotEq: '<>', Lt: '<', LtEq: '<=', Gt: '>', GtEq: '>=' };
    for (const [op, sql] of Object.entries(ops)) {
      expect(bound(expr(col('a'), op, { Value: { Int64: 1 } }))).toEqual({
        kind: 'parsed',
        text: `a ${sql} 1`,
      });
    }
  });

  test('AND/OR nest with parentheses only where precedence needs them', () => {
    const range = expr(
      expr(col('host'), 'GtEq', str('h')),
      'And',
      expr(col('host'), 'Lt', str('p')),
    );
    expect(bound(range)).toEqual({ kind: 'parsed', text: "host >= 'h' AND host < 'p'" });
    const either = expr(expr(col('a'), 'Eq', str('x')), 'Or', expr(col('b'), 'Eq', str('y')));
    expect(bound(expr(either, 'And', expr(col('c'), 'Gt', { Value: { Int64: 0 } })))).toEqual({
      kind: 'parsed',
      text: "(a = 'x' OR b = 'y') AND c > 0",
    });
    expect(bound(expr(range, 'Or', either))).toEqual({
      kind: 'parsed',
      text: "host >= 'h' AND host < 'p' OR a = 'x' OR b = 'y'",
    });
  });

  test.each([
    ['not JSON', 'host < h'],
    ['an unknown operator', JSON.stringify(expr(col('a'), 'Like', str('x%')))],
    [
      'an unknown value variant',
      JSON.stringify({ Value: { Timestamp: { value: 1, unit: 'Millisecond' } } }),
    ],
    ['an unknown bound kind', JSON.stringify({ Range: [1, 2] })],
    ['extra keys', JSON.stringify({ Value: { String: 'a' }, Extra: 1 })],
    ['an empty string', ''],
  ])('%s is kept raw', (_why, raw) => {
    expect(decodePartitionBound(raw)).toEqual({ kind: 'raw', raw });
  });

  test('a route keeps a string entry encoded for later, and a non-string one raw as its JSON', () => {
    expect(wireBound('"MaxValue"')).toBe('"MaxValue"');
    expect(wireBound({ Expr: 1n << 64n })).toEqual({
      kind: 'raw',
      raw: '{"Expr":18446744073709551616}',
    });
  });

  test('decoding the same text twice gives the same bound', () => {
    const text = JSON.stringify({ Value: { String: 'hz' } });
    expect(decodePartitionBound(text)).toBe(decodePartitionBound(text));
  });
});
