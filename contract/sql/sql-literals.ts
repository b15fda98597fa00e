/**
 * The only way a value from the browser enters a SQL statement. Numbers must be canonical
 * decimals (re-printed through BigInt, so `007` or `1e3` cannot slip through) and text
 * becomes a single-quoted literal with quotes doubled. Text with a backslash or a control
 * character is refused outright: whether the dialect treats `\` as an escape then no longer
 * matters, and no literal can be closed early.
 */
import { parseU64 } from '../region-id.ts';

export class SqlLiteralError extends Error {
  override readonly name = 'SqlLiteralError';
}

/** An unsigned integer literal from a canonical decimal string. */
export function sqlUnsigned(decimal: string): string {
  const value = parseU64(decimal);
  if (value === null) throw new SqlLiteralError(`not an unsigned 64-bit decimal: ${decimal}`);
  return value.toString();
}

// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\\\u0000-\u001f\u007f]/;

/** `it's` -> `'it''s'`. */
export function sqlString(text: string): string {
  if (UNSAFE_TEXT.test(text)) {
    throw new SqlLiteralError('text with a backslash or a control character is not sent as SQL');
  }
  return `'${text.replaceAll("'", "''")}'`;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A `schema.table` name as flush_table/compact_table parse it from their string argument
 * (an object name): plain parts stay bare, others are double-quoted with `"` doubled, so a
 * dot inside a name is not read as a separator.
 */
export function objectNameText(parts: readonly string[]): string {
  return parts
    .map((part) => (PLAIN_IDENTIFIER.test(part) ? part : `"${part.replaceAll('"', '""')}"`))
    .join('.');
}
