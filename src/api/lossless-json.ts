/**
 * JSON parsing that keeps 64-bit integers exact. MetaSrv writes region ids, peer ids and
 * route versions as bare u64 numbers; `JSON.parse` (and `response.json()`) would round any
 * above 2^53 silently, so every JSON body the browser reads goes through here instead.
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

/**
 * Integers that fit a double stay `number` (ports, timestamps, small ids), larger ones
 * become `bigint`; anything with a fraction or exponent is a plain `number`, because no
 * MetaSrv field that needs exactness is written that way.
 */
function parseNumber(text: string): number | bigint {
  if (isInteger(text) && !isSafeNumber(text)) return BigInt(text);
  return Number(text);
}

/** Parses JSON text; throws SyntaxError when the text is not JSON. */
export function parseLosslessJson(text: string): unknown {
  return parse(text, null, parseNumber);
}

/** The inverse for display: bigint values are written as bare integers, not strings. */
export function stringifyLosslessJson(value: unknown): string {
  return stringify(value) ?? String(value);
}
