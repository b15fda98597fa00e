import { describe, expect, test } from 'vitest';
import { parseLosslessJson, stringifyLosslessJson } from './lossless-json';

describe('parseLosslessJson', () => {
  test('safe integers are numbers, unsafe integers are exact bigints', () => {
    expect(
      parseLosslessJson('[1087, 9007199254740991, 9007199254740993, 18446744073709551615]'),
    ).toEqual([1087, 9007199254740991, 9007199254740993n, 18446744073709551615n]);
  });

  test('fractions and exponents stay numbers', () => {
    expect(parseLosslessJson('[1.5, 1e3, -0.25]')).toEqual([1.5, 1000, -0.25]);
  });

  test('a JSON string is returned as a string (the v0.6 route form)', () => {
    expect(parseLosslessJson('"{\\"version\\":0}"')).toBe('{"version":0}');
  });

  test('small and large integers in one text: the unsafe ones stay exact', () => {
    // Texts without a 16-digit run take the native parser; the result is the same.
    expect(parseLosslessJson('{"id":4398046511104,"v":[1.5,-3]}')).toEqual({
      id: 4398046511104,
      v: [1.5, -3],
    });
    expect(parseLosslessJson('{"id":4398046511104,"big":18446744073709551615}')).toEqual({
      id: 4398046511104,
      big: 18446744073709551615n,
    });
    expect(() => parseLosslessJson('{"id":1,')).toThrow(SyntaxError);
  });

  test('invalid JSON throws', () => {
    expect(() => parseLosslessJson('Failed to find table route for 1099')).toThrow(SyntaxError);
  });

  test('stringify writes bigints back as bare integers', () => {
    expect(stringifyLosslessJson({ id: 18446744069414584321n })).toBe(
      '{"id":18446744069414584321}',
    );
  });
});
