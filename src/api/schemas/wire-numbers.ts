/**
 * Numbers as the lossless JSON parser hands them over: safe integers as `number`, larger
 * integers as `bigint`. Ids leave here as canonical decimal strings (or u32 numbers), so
 * nothing downstream ever does arithmetic on a rounded double.
 */
import { z } from 'zod';

const U32_MAX = 0xffff_ffff;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return value === null ? 'null' : typeof value;
}

/**
 * A u64 (region id, peer id, route version) as a decimal string. Checked by hand rather
 * than as a number|bigint union so a bad value gets one precise message.
 */
export const RawU64Schema = z.unknown().transform((value, ctx) => {
  if (isU64(value)) return value.toString();
  ctx.addIssue({
    code: 'custom',
    message: `expected an unsigned 64-bit integer, got ${describeValue(value)}`,
    input: value,
  });
  return z.NEVER;
});

/** An unsigned 64-bit integer as the lossless parser hands it over. */
export function isU64(value: unknown): value is number | bigint {
  return (
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) ||
    (typeof value === 'bigint' && value >= 0n && value <= U64_MAX)
  );
}

/**
 * The same check as RawU64Schema without its transform, for bodies with thousands of ids
 * (a 10k-region route): the caller's one transform per object turns the value into a
 * decimal string with `toString()`.
 */
export const RawU64ValueSchema = z.custom<number | bigint>(isU64, {
  error: (issue) => `expected an unsigned 64-bit integer, got ${describeValue(issue.input)}`,
});

/** A u32 (table id); always a safe integer. */
export const RawU32Schema = z.number().int().nonnegative().max(U32_MAX);

/** Epoch milliseconds (i64 on the wire, but any real timestamp is a safe integer). */
export const RawEpochMsSchema = z.number().int();
