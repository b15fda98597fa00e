/**
 * SQL tokenizer for the statements the emulated frontend answers. It follows sqlparser-rs (the
 * parser GreptimeDB uses) where that is visible to a client: `'...'` strings with `''` escapes,
 * `"..."`/backquoted identifiers, `--` and block comments, and error texts with
 * `at Line: l, Column: c` locations.
 */
import { SqlError } from './errors.ts';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Word text as typed; string/quoted contents unescaped; operator symbol. */
  text: string;
  /** Upper-cased text for words (keyword matching), else text. */
  upper: string;
  /** The quote char of a quoted identifier. */
  quote?: '"' | '`';
  line: number;
  column: number;
  /** Index of its first character in the SQL text (statements keep expressions as written). */
  offset: number;
}

const OPERATORS = [
  '<=',
  '>=',
  '<>',
  '!=',
  '=',
  '<',
  '>',
  '(',
  ')',
  ',',
  '.',
  '*',
  ';',
  '-',
  '+',
  '/',
  '%',
];

function isWordStart(ch: string): boolean {
  return /[A-Za-z_]/.test(ch) || ch.charCodeAt(0) > 127;
}

function isWordPart(ch: string): boolean {
  return /[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) > 127;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let column = 1;
  const advance = (n: number) => {
    for (let k = 0; k < n; k += 1) {
      if (sql.charAt(i) === '\n') {
        line += 1;
        column = 1;
      } else {
        column += 1;
      }
      i += 1;
    }
  };
  const push = (
    kind: TokenKind,
    text: string,
    at: { line: number; column: number; offset: number },
    quote?: '"' | '`',
  ) => {
    const token: Token = {
      kind,
      text,
      upper: kind === 'word' ? text.toUpperCase() : text,
      line: at.line,
      column: at.column,
      offset: at.offset,
    };
    if (quote !== undefined) token.quote = quote;
    tokens.push(token);
  };
  while (i < sql.length) {
    const ch = sql.charAt(i);
    const at = { line, column, offset: i };
    if (/\s/.test(ch)) {
      advance(1);
      continue;
    }
    if (sql.startsWith('--', i)) {
      while (i < sql.length && sql.charAt(i) !== '\n') advance(1);
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw SqlError.tokenizer('Unexpected EOF while in a multi-line comment', at);
      advance(end + 2 - i);
      continue;
    }
    if (ch === "'") {
      let text = '';
      advance(1);
      for (;;) {
        if (i >= sql.length) throw SqlError.tokenizer('Unterminated string literal', at);
        const c = sql.charAt(i);
        if (c === "'") {
          if (sql.charAt(i + 1) === "'") {
            text += "'";
            advance(2);
            continue;
          }
          advance(1);
          break;
        }
        if (c === '\\' && i + 1 < sql.length) {
          // MySQL-style backslash escapes, which GreptimeDB's dialect accepts.
          const next = sql.charAt(i + 1);
          text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          advance(2);
          continue;
        }
        text += c;
        advance(1);
      }
      push('string', text, at);
      continue;
    }
    if (ch === '"' || ch === '`') {
      const end = sql.indexOf(ch, i + 1);
      if (end < 0) throw SqlError.tokenizer(`Expected close delimiter '${ch}' before EOF.`, at);
      push('quoted', sql.slice(i + 1, end), at, ch);
      advance(end + 1 - i);
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql.charAt(i + 1)))) {
      const match = /^[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(sql.slice(i));
      const text = match?.[0] ?? ch;
      push('number', text, at);
      advance(text.length);
      continue;
    }
    if (isWordStart(ch)) {
      let end = i + 1;
      while (end < sql.length && isWordPart(sql.charAt(end))) end += 1;
      push('word', sql.slice(i, end), at);
      advance(end - i);
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (op === undefined) throw SqlError.tokenizer(`Unexpected character '${ch}'`, at);
    push('op', op, at);
    advance(op.length);
  }
  push('eof', '', { line, column, offset: i });
  return tokens;
}

/** How sqlparser prints a token in "found: ..." messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'EOF';
    case 'string':
      return `'${token.text.replaceAll("'", "''")}'`;
    case 'quoted':
      return `${token.quote ?? '"'}${token.text}${token.quote ?? '"'}`;
    default:
      return token.text;
  }
}
