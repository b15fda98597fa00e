/**
 * Region id arithmetic: ids pass 2^53 once table_id >= 2_097_152, so these cases check
 * that nothing goes through a double, up to the u64 ceiling.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  composeRegionId,
  formatRegionIdDisplay,
  parseU32,
  parseU64,
  splitRegionId,
} from './region-id.ts';

describe('composeRegionId / splitRegionId', () => {
  test.each([
    [1087, 0, '4668629450752'],
    [1087, 1, '4668629450753'],
    [1024, 0, '4398046511104'],
    // First table whose region ids exceed Number.MAX_SAFE_INTEGER.
    [2_097_152, 1, '9007199254740993'],
    [4294967295, 1, '18446744069414584321'],
    [4294967295, 4294967295, '18446744073709551615'],
  ])('table %i region %i <-> %s', (tableId, regionNumber, regionId) => {
    expect(composeRegionId(tableId, regionNumber)).toBe(regionId);
    expect(splitRegionId(regionId)).toEqual({ tableId, regionNumber });
    expect(splitRegionId(BigInt(regionId))).toEqual({ tableId, regionNumber });
  });

  test('round trip over the whole u32 x u32 range', () => {
    const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
    fc.assert(
      fc.property(u32, u32, (tableId, regionNumber) => {
        const id = composeRegionId(tableId, regionNumber);
        expect(parseU64(id)).toBe((BigInt(tableId) << 32n) | BigInt(regionNumber));
        expect(splitRegionId(id)).toEqual({ tableId, regionNumber });
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  test("GreptimeDB's RegionId Display", () => {
    expect(formatRegionIdDisplay('4668629450753')).toBe('4668629450753(1087, 1)');
    expect(formatRegionIdDisplay('18446744073709551615')).toBe(
      '18446744073709551615(4294967295, 4294967295)',
    );
  });
});

describe('parseU64', () => {
  test.each([
    ['0', 0n],
    ['4668629450753', 4668629450753n],
    ['18446744073709551615', 18446744073709551615n],
  ])('accepts %s', (text, value) => {
    expect(parseU64(text)).toBe(value);
  });

  test.each([
    '',
    '-1',
    '+1',
    '1e3',
    ' 1',
    '1 ',
    '01',
    '00',
    '1.0',
    '0x10',
    '18446744073709551616',
    '１',
  ])('rejects %j', (text) => {
    expect(parseU64(text)).toBeNull();
  });
});

describe('parseU32', () => {
  test.each([
    ['0', 0],
    ['1087', 1087],
    ['4294967295', 4294967295],
  ])('accepts %s', (text, value) => {
    expect(parseU32(text)).toBe(value);
  });

  test.each(['', '-1', '1e3', ' 1', '01', '4294967296', '18446744073709551615', 'abc'])(
    'rejects %j',
    (text) => {
      expect(parseU32(text)).toBeNull();
    },
  );
});

describe('splitRegionId on short ids', () => {
  test('splits ids below 2^53 by arithmetic exactly as through BigInt', () => {
    for (const id of ['0', '4294967295', '4398046511104', '4398046511135', '999999999999999']) {
      expect(splitRegionId(id)).toEqual(splitRegionId(BigInt(id)));
      expect(splitRegionId(Number(id))).toEqual(splitRegionId(BigInt(id)));
    }
  });
});
