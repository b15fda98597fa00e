import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hasUnsafeDigitRun, parseLosslessJson, stringifyLosslessJson } from './lossless-json.ts';

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

  test('a JSON string keeps the big ids inside it digit for digit, and trailing text fails', () => {
    expect(parseLosslessJson(' "{\\"id\\":18446744073709551615}"')).toBe(
      '{"id":18446744073709551615}',
    );
    expect(() => parseLosslessJson('"route" 18446744073709551615')).toThrow(SyntaxError);
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

describe('hasUnsafeDigitRun', () => {
  test('finds a run of 16 digits wherever it starts, and nothing shorter', () => {
    const text = fc.array(fc.constantFrom<string>('0', '9', '5', '"', ',', 'a', ':'), {
      maxLength: 80,
    });
    fc.assert(
      fc.property(text, fc.integer({ min: 14, max: 17 }), fc.nat(80), (chars, run, at) => {
        const withRun = [...chars];
        withRun.splice(Math.min(at, withRun.length), 0, 'x', '1'.repeat(run), 'x');
        for (const candidate of [chars.join(''), withRun.join('')]) {
          expect(hasUnsafeDigitRun(candidate)).toBe(/\d{16}/.test(candidate));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
