/**
 * One region's partition rule as the console reads and writes it: comparisons of a partition
 * column with a literal, joined by AND, in the order written. Two text forms exist:
 * - SQL, what a user writes in `ALTER TABLE … SPLIT PARTITION (…) INTO (…)` (API.md §7.1: the
 *   `CREATE TABLE … PARTITION ON COLUMNS` rule syntax): strings single-quoted;
 * - Display, what `information_schema.partitions.partition_description` shows (API.md §3.5):
 *   `PartitionExpr` Display, where a string value prints unquoted (`Value::String` Display,
 *   `src/datatypes/src/value.rs`), e.g. `area < South`.
 * OR and parentheses are refused: every rule the console writes is a box (one interval per
 * column), which is what the coverage check and the merge reason about.
 */
import { SqlLiteralError, objectNameText, sqlString } from '../sql/sql-literals.ts';
import { repartitionErrors } from './preconditions.ts';

export type PartitionColumnKind = 'number' | 'string';

export interface PartitionColumn {
  name: string;
  kind: PartitionColumnKind;
}

export type PartitionLiteral =
  /** `text` is canonical: no leading zeros, no trailing fraction zeros, no `-0`. */
  { kind: 'number'; text: string } | { kind: 'string'; value: string };

/** GreptimeDB's `RestrictedOp` comparisons (`src/partition/src/expr.rs`). */
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '=' | '<>';

export interface PartitionComparison {
  column: string;
  op: ComparisonOp;
  value: PartitionLiteral;
}

/** Comparisons joined by AND, in the order written (GreptimeDB compares rules structurally). */
export type PartitionRule = readonly PartitionComparison[];

export type Parsed<T> =
  | { ok: true; value: T }
  /** `greptimeError`: GreptimeDB's text for the same mistake, where API.md §7.2 gives it. */
  | { ok: false; error: string; greptimeError?: string };

const NUMBER = /^(-)?(\d+)(?:\.(\d+))?$/;

/** `007.50` -> `7.5`, `-0` -> `0`; null when not a decimal literal. */
export function canonicalNumber(text: string): string | null {
  const match = NUMBER.exec(text);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  const body = decimals === '' ? integer : `${integer}.${decimals}`;
  return body === '0' ? '0' : `${sign}${body}`;
}

function compareMagnitude(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const x = af.padEnd(width, '0');
  const y = bf.padEnd(width, '0');
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Numbers by value, strings by code unit (equal to byte order for ASCII); kinds never mix. */
export function compareLiterals(a: PartitionLiteral, b: PartitionLiteral): number {
  if (a.kind === 'number' && b.kind === 'number') {
    const an = a.text.startsWith('-');
    const bn = b.text.startsWith('-');
    if (an !== bn) return an ? -1 : 1;
    const magnitude = compareMagnitude(a.text.replace('-', ''), b.text.replace('-', ''));
    return an ? -magnitude : magnitude;
  }
  if (a.kind === 'string' && b.kind === 'string') {
    return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
  }
  return a.kind === 'number' ? -1 : 1;
}

export function sameRule(a: PartitionRule, b: PartitionRule): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i];
      return (
        d !== undefined &&
        c.column === d.column &&
        c.op === d.op &&
        compareLiterals(c.value, d.value) === 0 &&
        c.value.kind === d.value.kind
      );
    })
  );
}

// ---- SQL form ---------------------------------------------------------------------------

type Token =
  | { kind: 'identifier'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'op'; text: ComparisonOp }
  | { kind: 'and' }
  | { kind: 'other'; text: string };

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS: readonly [string, ComparisonOp][] = [
  ['<=', '<='],
  ['>=', '>='],
  ['<>', '<>'],
  ['!=', '<>'],
  ['<', '<'],
  ['>', '>'],
  ['=', '='],
];

/** Reads a quoted token whose quote is doubled inside; returns [text, next index] or null. */
function readQuoted(text: string, start: number, quote: string): [string, number] | null {
  let value = '';
  let i = start + 1;
  for (;;) {
    const ch = text[i];
    if (ch === undefined) return null;
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return [value, i + 1];
    }
    value += ch;
    i += 1;
  }
}

function tokenize(text: string): Parsed<Token[]> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = rest[0] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const read = readQuoted(text, i, ch);
      if (read === null) return { ok: false, error: `unterminated ${ch} quote` };
      tokens.push(
        ch === "'" ? { kind: 'string', text: read[0] } : { kind: 'identifier', text: read[0] },
      );
      i = read[1];
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(rest);
    if (number !== null) {
      tokens.push({ kind: 'number', text: number[0] });
      i += number[0].length;
      continue;
    }
    const word = PLAIN_IDENTIFIER.exec(rest);
    if (word !== null) {
      const upper = word[0].toUpperCase();
      if (upper === 'AND') tokens.push({ kind: 'and' });
      else if (upper === 'OR' || upper === 'NOT') tokens.push({ kind: 'other', text: upper });
      else tokens.push({ kind: 'identifier', text: word[0] });
      i += word[0].length;
      continue;
    }
    const op = OPERATORS.find(([symbol]) => rest.startsWith(symbol));
    if (op !== undefined) {
      tokens.push({ kind: 'op', text: op[1] });
      i += op[0].length;
      continue;
    }
    tokens.push({ kind: 'other', text: ch });
    i += 1;
  }
  return { ok: true, value: tokens };
}

function describeToken(token: Token | undefined): string {
  if (token === undefined) return 'the end';
  switch (token.kind) {
    case 'and':
      return 'AND';
    case 'string':
      return `'${token.text}'`;
    default:
      return token.text;
  }
}

/**
 * A rule as a user writes it, checked against the table's partition columns: every column
 * must be one of them and every literal must have the column's kind.
 */
export function parsePartitionExpr(
  text: string,
  columns: readonly PartitionColumn[],
): Parsed<PartitionRule> {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const tokens = tokenized.value;
  if (tokens.length === 0) return { ok: false, error: 'the expression is empty' };
  const rule: PartitionComparison[] = [];
  let i = 0;
  for (;;) {
    const [column, op, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (column?.kind === 'other' && column.text === 'OR') {
      return { ok: false, error: 'OR is not supported: write one expression per range' };
    }
    if (column?.kind !== 'identifier') {
      return {
        ok: false,
        error: `expected a partition column, found ${describeToken(column)} (write the column first, e.g. id < 10)`,
      };
    }
    const spec = columns.find((c) => c.name === column.text);
    if (spec === undefined) {
      const names = columns.map((c) => c.name).join(', ');
      return {
        ok: false,
        error: `${column.text} is not a partition column of this table (partition columns: ${names})`,
        greptimeError: repartitionErrors.columnNotFound(column.text),
      };
    }
    if (op?.kind !== 'op') {
      return {
        ok: false,
        error: `expected <, <=, >, >=, = or <> after ${column.text}, found ${describeToken(op)}`,
      };
    }
    const literal = literalFor(spec, value);
    if (!literal.ok) return literal;
    rule.push({ column: spec.name, op: op.text, value: literal.value });
    i += 3;
    const next = tokens[i];
    if (next === undefined) return { ok: true, value: rule };
    if (next.kind === 'other' && next.text === 'OR') {
      return { ok: false, error: 'OR is not supported: write one expression per range' };
    }
    if (next.kind !== 'and') {
      return { ok: false, error: `expected AND or the end, found ${describeToken(next)}` };
    }
    i += 1;
  }
}

function literalFor(spec: PartitionColumn, token: Token | undefined): Parsed<PartitionLiteral> {
  if (spec.kind === 'number') {
    const text = token?.kind === 'number' ? canonicalNumber(token.text) : null;
    if (text === null) {
      return {
        ok: false,
        error: `${spec.name} is a number column: expected a number, found ${describeToken(token)}`,
      };
    }
    return { ok: true, value: { kind: 'number', text } };
  }
  if (token?.kind !== 'string') {
    return {
      ok: false,
      error: `${spec.name} is a string column: expected a quoted string such as 'm', found ${describeToken(token)}`,
    };
  }
  try {
    // Refused here rather than when the statement is printed: sqlString never sends a
    // backslash or a control character.
    sqlString(token.text);
  } catch (error) {
    if (error instanceof SqlLiteralError)
      return { ok: false, error: `'${token.text}': ${error.message}` };
    throw error;
  }
  return { ok: true, value: { kind: 'string', value: token.text } };
}

// ---- Display form (partition_description) ------------------------------------------------

const DISPLAY_COMPARISON = /^(\S+) (<=|>=|<>|<|>|=) (.*)$/s;

/**
 * A rule as `partition_description` shows it. Strings print unquoted there, so a string value
 * that itself contains ` AND ` or ` OR ` cannot be read back and is refused.
 */
export function parsePartitionDescription(
  text: string,
  columns: readonly PartitionColumn[],
): Parsed<PartitionRule> {
  if (text.includes(' OR ')) {
    return { ok: false, error: `rule ${text} uses OR, which this console cannot repartition` };
  }
  const rule: PartitionComparison[] = [];
  for (const part of text.split(' AND ')) {
    const match = DISPLAY_COMPARISON.exec(part);
    const [, name = '', op = '', raw = ''] = match ?? [];
    const spec = columns.find((c) => c.name === name);
    if (match === null || spec === undefined) {
      return { ok: false, error: `rule ${text} could not be read (at ${part})` };
    }
    let value: PartitionLiteral;
    if (spec.kind === 'number') {
      const number = canonicalNumber(raw);
      if (number === null) return { ok: false, error: `rule ${text}: ${raw} is not a number` };
      value = { kind: 'number', text: number };
    } else {
      value = { kind: 'string', value: raw };
    }
    rule.push({ column: name, op: op as ComparisonOp, value });
  }
  return { ok: true, value: rule };
}

// ---- Printing ---------------------------------------------------------------------------

/** Value Display (`src/datatypes/src/value.rs`): numbers as written, strings unquoted. */
export function literalDisplay(value: PartitionLiteral): string {
  return value.kind === 'number' ? value.text : value.value;
}

/** `PartitionExpr` Display: what partition_description, events and error texts show. */
export function partitionExprDisplay(rule: PartitionRule): string {
  return rule.map((c) => `${c.column} ${c.op} ${literalDisplay(c.value)}`).join(' AND ');
}

/**
 * The SQL text sent to GreptimeDB, built with the console's SQL literal helpers: a column that
 * is not a plain identifier is double-quoted, strings are single-quoted with quotes doubled.
 */
export function partitionExprSql(rule: PartitionRule): string {
  return rule
    .map((c) => {
      const value = c.value.kind === 'number' ? c.value.text : sqlString(c.value.value);
      return `${objectNameText([c.column])} ${c.op} ${value}`;
    })
    .join(' AND ');
}
