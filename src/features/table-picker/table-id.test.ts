import { describe, expect, it } from 'vitest';
import { checkTableId } from './table-id';

describe('checkTableId', () => {
  it.each([
    ['1024', '1024'],
    ['  1087 ', '1087'],
    ['0', '0'],
    ['4294967295', '4294967295'],
  ])('accepts %j as table %s', (input, tableId) => {
    expect(checkTableId(input)).toEqual({ ok: true, tableId });
  });

  it.each([
    ['', /Enter a table ID/],
    ['   ', /Enter a table ID/],
    ['abc', /“abc” is not a number/],
    ['10a', /“10a” is not a number/],
    ['-1', /cannot be negative/],
    ['-1024', /cannot be negative/],
    ['1.5', /whole number/],
    ['1024.', /whole number/],
    ['1e3', /without an exponent/],
    ['+1024', /Remove the plus sign: write 1024/],
    ['10 24', /Remove the spaces/],
    ['01024', /Remove the leading zeros: write 1024/],
    ['00', /Remove the leading zeros: write 0/],
    ['4294967296', /at most 4294967295/],
    ['99999999999999999999999', /at most 4294967295/],
  ])('rejects %j with a specific message', (input, message) => {
    const result = checkTableId(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('recognises a pasted region id, beyond 2^53 too', () => {
    const result = checkTableId('4398046511107');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('region 3 of table 1024');
    const huge = checkTableId('18446744069414584321'); // (2^32-1) << 32 | 1
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.message).toContain('region 1 of table 4294967295');
  });
});
