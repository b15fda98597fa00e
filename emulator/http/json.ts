/**
 * A compact JSON writer that matches serde_json's `to_string` for the values MetaSrv sends, and
 * writes bigint as a bare integer (u64 region ids pass 2^53; JSON.stringify cannot write them).
 * Object keys are written in insertion order, which the callers set to Rust's declaration order.
 */
export type JsonValue =
  null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export function writeJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError('JSON cannot hold a non-finite number');
      return Number.isInteger(value) ? value.toFixed(0) : String(value);
    case 'string':
      return JSON.stringify(value);
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    parts.push(`${JSON.stringify(key)}:${writeJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}
