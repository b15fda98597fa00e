/**
 * JSON parsing that keeps 64-bit integers exact. MetaSrv writes region ids, peer ids and
 * route versions as bare u64 numbers; `JSON.parse` (and `response.json()`) would round any
 * above 2^53 silently, so every JSON body the browser and the console server read from
 * GreptimeDB goes through here instead.
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

/**
 * An integer can only pass 2^53 with 16 digits or more. Text without such a run of digits
 * (anywhere, strings included) parses the same with the native JSON.parse, which is ~10x
 * faster and allocates far less than lossless-json's parser: a 10k-region route is ~3 MB.
 */
const UNSAFE_DIGITS = 16;

function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}

/**
 * Whether the text holds a run of UNSAFE_DIGITS digits. Such a run covers one index in every
 * UNSAFE_DIGITS, so only those indexes are looked at, and the run around a digit found there
 * is measured: a few hundred thousand steps for a 3 MB route rather than millions.
 */
export function hasUnsafeDigitRun(text: string): boolean {
  for (let at = UNSAFE_DIGITS - 1; at < text.length; at += UNSAFE_DIGITS) {
    if (!isDigitAt(text, at)) continue;
    let start = at;
    while (start > 0 && isDigitAt(text, start - 1)) start -= 1;
    let end = at + 1;
    while (end < text.length && isDigitAt(text, end)) end += 1;
    if (end - start >= UNSAFE_DIGITS) return true;
  }
  return false;
}

/**
 * A JSON text that starts with a quote is one string and holds no number at all: v0.6
 * sends a route as such a string, megabytes long, and scanning it for digits is wasted.
 */
const STRING_LITERAL = /^\s*"/;

/** Parses JSON text; throws SyntaxError when the text is not JSON. */
export function parseLosslessJson(text: string): unknown {
  if (STRING_LITERAL.test(text) || !hasUnsafeDigitRun(text)) {
    return JSON.parse(text) as unknown;
  }
  return parse(text, null, parseNumber);
}

/** The inverse for display: bigint values are written as bare integers, not strings. */
export function stringifyLosslessJson(value: unknown): string {
  return stringify(value) ?? String(value);
}
