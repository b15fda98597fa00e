/**
 * Values and column types of query results. Integers are bigint so u64 region ids and
 * nanosecond timestamps beyond 2^53 stay exact from the model to the JSON on the wire.
 */

/** GreptimeDB `ConcreteDataType` names as the HTTP API prints them. */
export type DataTypeName =
  | 'String'
  | 'UInt64'
  | 'Int64'
  | 'UInt32'
  | 'UInt8'
  | 'Int32'
  | 'Float64'
  | 'Boolean'
  | 'TimestampSecond'
  | 'TimestampMillisecond'
  | 'TimestampNanosecond'
  | 'Json'
  | 'Null';

export type SqlValue = string | bigint | number | boolean | null;

export interface ColumnDef {
  name: string;
  type: DataTypeName;
}

export type Row = SqlValue[];

export function isIntegerType(type: DataTypeName): boolean {
  return (
    type === 'UInt64' ||
    type === 'Int64' ||
    type === 'UInt32' ||
    type === 'UInt8' ||
    type === 'Int32' ||
    type.startsWith('Timestamp')
  );
}

/** Parses a numeric literal: integers exactly (bigint), anything else as a float. */
export function numberValue(text: string): bigint | number {
  return /^[0-9]+$/.test(text) ? BigInt(text) : Number(text);
}

/**
 * SQL comparison with DataFusion's coercions for what the emulator meets: numbers with numbers,
 * strings with strings, and a string literal against a number (cast to the number). Returns
 * null when either side is NULL or the values cannot be compared.
 */
export function compareValues(a: SqlValue, b: SqlValue): number | null {
  if (a === null || b === null) return null;
  const na = asNumeric(a);
  const nb = asNumeric(b);
  if ((typeof a !== 'string' || typeof b !== 'string') && na !== null && nb !== null) {
    if (typeof na === 'bigint' && typeof nb === 'bigint') return na < nb ? -1 : na > nb ? 1 : 0;
    const fa = Number(na);
    const fb = Number(nb);
    return fa < fb ? -1 : fa > fb ? 1 : 0;
  }
  const sa = typeof a === 'string' ? a : String(a);
  const sb = typeof b === 'string' ? b : String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function asNumeric(v: SqlValue): bigint | number | null {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(v.trim())) {
    const t = v.trim();
    return /^-?[0-9]+$/.test(t) ? BigInt(t) : Number(t);
  }
  return null;
}

/** DataFusion's text of a literal in a derived column name, e.g. `Int64(1)`, `Utf8("x")`. */
export function dataFusionLiteralName(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `Utf8(${JSON.stringify(value)})`;
  if (typeof value === 'boolean') return `Boolean(${String(value)})`;
  if (typeof value === 'number') return `Float64(${String(value)})`;
  return value <= 9_223_372_036_854_775_807n ? `Int64(${value})` : `UInt64(${value})`;
}

/** SQL LIKE with `%` and `_`, case-sensitive as in DataFusion. */
export function likeMatches(text: string, pattern: string): boolean {
  let regex = '^';
  for (const ch of pattern) {
    if (ch === '%') regex += '[\\s\\S]*';
    else if (ch === '_') regex += '[\\s\\S]';
    else regex += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${regex}$`).test(text);
}
