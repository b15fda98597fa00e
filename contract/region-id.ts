/**
 * GreptimeDB packs a region id as `table_id << 32 | region_number` (both u32) into a u64.
 * Ids pass 2^53 once table_id >= 2_097_152, so they are kept as canonical decimal strings
 * everywhere and all arithmetic goes through BigInt.
 */
export type RegionIdString = string;

const U32_MAX = 0xffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

export interface RegionIdParts {
  tableId: number;
  regionNumber: number;
}

/** Parses a canonical decimal u64 (no sign, no leading zeros, no spaces). */
export function parseU64(text: string): bigint | null {
  if (!DECIMAL.test(text)) return null;
  const value = BigInt(text);
  return value <= U64_MAX ? value : null;
}

/** Parses a canonical decimal u32. */
export function parseU32(text: string): number | null {
  const value = parseU64(text);
  return value !== null && value <= U32_MAX ? Number(value) : null;
}

export function composeRegionId(tableId: number, regionNumber: number): RegionIdString {
  return ((BigInt(tableId) << 32n) | BigInt(regionNumber)).toString();
}

const SAFE_DECIMAL = /^\d{1,15}$/;
const TWO_POW_32 = 4_294_967_296;

/** A region id as text, or as the lossless JSON parser hands it over (number below 2^53). */
export function splitRegionId(regionId: RegionIdString | bigint | number): RegionIdParts {
  // Below 2^53 plain arithmetic is exact, and a route of 10k regions splits its ids without
  // 10k BigInt allocations.
  if (typeof regionId === 'number' && Number.isSafeInteger(regionId) && regionId >= 0) {
    return { tableId: Math.floor(regionId / TWO_POW_32), regionNumber: regionId % TWO_POW_32 };
  }
  if (typeof regionId === 'string' && SAFE_DECIMAL.test(regionId)) {
    return splitRegionId(Number(regionId));
  }
  const id = typeof regionId === 'bigint' ? regionId : BigInt(regionId);
  return { tableId: Number(id >> 32n), regionNumber: Number(id & U32_MAX) };
}

/** GreptimeDB's `RegionId` Display: `<u64>(<table_id>, <region_number>)`. */
export function formatRegionIdDisplay(regionId: RegionIdString): string {
  const { tableId, regionNumber } = splitRegionId(regionId);
  return `${regionId}(${tableId}, ${regionNumber})`;
}
