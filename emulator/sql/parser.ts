/**
 * A recursive-descent parser for the frontend's SQL subset (see ast.ts). Statements are split on
 * `;` at the token level, so `;` inside a string literal is just text. Everything outside the
 * subset is refused with GreptimeDB's error format and a message that names the construct.
 *
 * Grammar:
 *   statements := statement (';' statement)* ';'*
 *   statement  := select | admin | alter
 *   select     := SELECT item (',' item)* [FROM table join*] [WHERE expr]
 *                 [ORDER BY order (',' order)*] [LIMIT n] [OFFSET n]
 *   join       := [INNER] JOIN table ON expr | LEFT [OUTER] JOIN table ON expr
 *   admin      := ADMIN name '(' [expr (',' expr)*] ')'
 *   alter      := ALTER TABLE name ( SPLIT PARTITION list [ON COLUMNS cols] INTO list
 *                 | MERGE PARTITION list | REPARTITION list [ON COLUMNS cols] INTO list
 *                 | PARTITION ON COLUMNS cols list ) [WITH '(' key '=' value (',' …)* ')']
 *   list       := '(' expr (',' expr)* [','] ')'          (API.md §7.1)
 *   expr       := or;  or := and (OR and)*;  and := not (AND not)*;  not := NOT not | predicate
 *   predicate  := primary [cmp primary | IS [NOT] NULL | [NOT] IN (...) | [NOT] LIKE primary]
 */
import type {
  AdminStatement,
  Expr,
  Join,
  Literal,
  OrderItem,
  RepartitionAlter,
  SelectItem,
  SelectStatement,
  Statement,
  TableRef,
} from './ast.ts';
import { repartitionErrors } from '../../contract/repartition/preconditions.ts';
import { SqlError, StatusCode } from './errors.ts';
import { describeToken, tokenize } from './tokenizer.ts';
import type { Token } from './tokenizer.ts';

/** Statement keywords GreptimeDB knows; the emulator names them when refusing. */
const OTHER_STATEMENTS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'DROP',
  'CREATE',
  'ALTER',
  'SHOW',
  'DESC',
  'DESCRIBE',
  'EXPLAIN',
  'TRUNCATE',
  'USE',
  'SET',
  'COPY',
  'TQL',
  'GRANT',
  'REVOKE',
  'KILL',
  'REPLACE',
  'WITH',
  'ANALYZE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'DECLARE',
  'FETCH',
  'CLOSE',
  'VALUES',
  'COMMENT',
]);

/** Words that end an expression or a select item instead of being an implicit alias. */
const RESERVED = new Set([
  'FROM',
  'WHERE',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'ON',
  'ORDER',
  'GROUP',
  'LIMIT',
  'OFFSET',
  'HAVING',
  'UNION',
  'AS',
  'AND',
  'OR',
  'NOT',
  'IS',
  'IN',
  'LIKE',
  'ASC',
  'DESC',
  'NULLS',
  'BY',
  'USING',
  'NATURAL',
  'OUTER',
  'EXCEPT',
  'INTERSECT',
  'WINDOW',
  'SELECT',
]);

const CAST_TYPES: Record<string, 'String' | 'Int64' | 'UInt64' | 'Int32'> = {
  STRING: 'String',
  VARCHAR: 'String',
  TEXT: 'String',
  CHAR: 'String',
  BIGINT: 'Int64',
  INT64: 'Int64',
  UINT64: 'UInt64',
  INT: 'Int32',
  INTEGER: 'Int32',
  INT32: 'Int32',
};

/** The DDL options GreptimeDB's repartition reads (`VALID_DDL_OPTION_KEYS`). */
const DDL_OPTION_KEYS = new Set(['wait', 'timeout']);

/** A ParserError GreptimeDB raises itself: no `Expected:` colon, no location. */
function greptimeSyntax(message: string): SqlError {
  return new SqlError(StatusCode.InvalidSyntax, `Invalid SQL syntax: sql parser error: ${message}`);
}

/** `SQL statement is not supported, keyword: <token>` (ParserContext::unsupported). */
function unsupportedKeyword(token: Token): SqlError {
  return new SqlError(
    StatusCode.Unsupported,
    `SQL statement is not supported, keyword: ${describeToken(token)}`,
  );
}

class Parser {
  private pos = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    const token = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    if (token === undefined) throw new RangeError('no tokens');
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos += 1;
    return token;
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.upper === word;
  }

  private isOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === op;
  }

  private eatWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.pos += 1;
    return true;
  }

  private eatOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos += 1;
    return true;
  }

  private fail(expected: string): never {
    const token = this.peek();
    throw SqlError.syntax(expected, describeToken(token), token);
  }

  private expectWord(word: string): void {
    if (!this.eatWord(word)) this.fail(word);
  }

  private expectOp(op: string): void {
    if (!this.eatOp(op)) this.fail(op);
  }

  private identifier(what = 'identifier'): string {
    const token = this.peek();
    if (token.kind === 'quoted' || (token.kind === 'word' && !RESERVED.has(token.upper))) {
      this.pos += 1;
      // Unquoted identifiers are case-insensitive: GreptimeDB lower-cases them.
      return token.kind === 'word' ? token.text.toLowerCase() : token.text;
    }
    return this.fail(what);
  }

  parseAll(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.eatOp(';'));
      if (this.peek().kind === 'eof') break;
      statements.push(this.statement());
      // create_with_dialect: a statement followed by anything but `;` (parser.rs@v1.1.4).
      if (this.peek().kind !== 'eof' && !this.isOp(';')) throw unsupportedKeyword(this.peek());
    }
    return statements;
  }

  private statement(): Statement {
    const token = this.peek();
    if (token.kind === 'word' && token.upper === 'SELECT') return this.select();
    if (token.kind === 'word' && token.upper === 'ADMIN') return this.admin();
    if (token.kind === 'word' && token.upper === 'ALTER') return this.alter();
    if (token.kind === 'word' && OTHER_STATEMENTS.has(token.upper)) {
      throw SqlError.unsupported(
        `${token.upper} statements (the emulator answers SELECT on information_schema and greptime_private.events, ADMIN functions, and ALTER TABLE … SPLIT/MERGE PARTITION)`,
      );
    }
    if (token.kind === 'op' && token.text === '(') {
      throw SqlError.unsupported('parenthesized queries');
    }
    throw new SqlError(
      StatusCode.Unsupported,
      `SQL statement is not supported, keyword: ${describeToken(token)}`,
    );
  }

  private select(): SelectStatement {
    this.expectWord('SELECT');
    if (this.isWord('DISTINCT')) throw SqlError.unsupported('SELECT DISTINCT');
    const items: SelectItem[] = [this.selectItem()];
    while (this.eatOp(',')) items.push(this.selectItem());
    let from: TableRef | null = null;
    const joins: Join[] = [];
    if (this.eatWord('FROM')) {
      from = this.tableRef();
      for (;;) {
        if (this.isOp(',')) throw SqlError.unsupported('comma joins (use JOIN ... ON)');
        const join = this.join();
        if (join === null) break;
        joins.push(join);
      }
    }
    const where = this.eatWord('WHERE') ? this.expr() : null;
    if (this.isWord('GROUP')) throw SqlError.unsupported('GROUP BY');
    if (this.isWord('HAVING')) throw SqlError.unsupported('HAVING');
    if (this.isWord('UNION') || this.isWord('EXCEPT') || this.isWord('INTERSECT')) {
      throw SqlError.unsupported(`${this.peek().upper} of queries`);
    }
    const orderBy: OrderItem[] = [];
    if (this.eatWord('ORDER')) {
      this.expectWord('BY');
      do orderBy.push(this.orderItem());
      while (this.eatOp(','));
    }
    let limit: number | null = null;
    let offset: number | null = null;
    if (this.eatWord('LIMIT')) limit = this.count('literal int');
    if (this.eatWord('OFFSET')) offset = this.count('literal int');
    return { kind: 'select', items, from, joins, where, orderBy, limit, offset };
  }

  private count(what: string): number {
    const token = this.peek();
    if (token.kind !== 'number' || !/^[0-9]+$/.test(token.text)) return this.fail(what);
    this.pos += 1;
    return Number(token.text);
  }

  private selectItem(): SelectItem {
    if (this.eatOp('*')) return { kind: 'wildcard', qualifier: null };
    const token = this.peek();
    const dot = this.peek(1);
    const star = this.peek(2);
    if (
      (token.kind === 'word' || token.kind === 'quoted') &&
      dot.kind === 'op' &&
      dot.text === '.' &&
      star.kind === 'op' &&
      star.text === '*'
    ) {
      const qualifier = this.identifier();
      this.pos += 2;
      return { kind: 'wildcard', qualifier };
    }
    const expr = this.expr();
    return { kind: 'expr', expr, alias: this.alias() };
  }

  private alias(): string | null {
    if (this.eatWord('AS')) return this.identifier('alias');
    const token = this.peek();
    if (token.kind === 'quoted' || (token.kind === 'word' && !RESERVED.has(token.upper))) {
      return this.identifier();
    }
    return null;
  }

  private tableRef(): TableRef {
    if (this.isOp('(')) throw SqlError.unsupported('subqueries in FROM');
    const parts = [this.identifier('identifier')];
    while (this.eatOp('.')) parts.push(this.identifier('identifier'));
    if (parts.length > 3) this.fail('table name');
    if (this.isOp('(')) throw SqlError.unsupported('table functions');
    return { parts, alias: this.alias() };
  }

  private join(): Join | null {
    let kind: Join['kind'];
    if (this.eatWord('JOIN')) kind = 'inner';
    else if (this.isWord('INNER') && this.isWord('JOIN', 1)) {
      this.pos += 2;
      kind = 'inner';
    } else if (this.isWord('LEFT')) {
      this.pos += 1;
      this.eatWord('OUTER');
      this.expectWord('JOIN');
      kind = 'left';
    } else if (
      this.isWord('RIGHT') ||
      this.isWord('FULL') ||
      this.isWord('CROSS') ||
      this.isWord('NATURAL')
    ) {
      throw SqlError.unsupported(`${this.peek().upper} JOIN (use JOIN or LEFT JOIN ... ON)`);
    } else return null;
    const table = this.tableRef();
    if (this.isWord('USING')) throw SqlError.unsupported('JOIN ... USING (use ON a = b)');
    this.expectWord('ON');
    return { kind, table, on: this.expr() };
  }

  private orderItem(): OrderItem {
    const expr = this.expr();
    let descending = false;
    if (this.eatWord('DESC')) descending = true;
    else this.eatWord('ASC');
    let nullsFirst: boolean | null = null;
    if (this.eatWord('NULLS')) {
      if (this.eatWord('FIRST')) nullsFirst = true;
      else if (this.eatWord('LAST')) nullsFirst = false;
      else this.fail('FIRST or LAST');
    }
    return { expr, descending, nullsFirst };
  }

  private admin(): AdminStatement {
    this.expectWord('ADMIN');
    const token = this.peek();
    if (token.kind !== 'word' && token.kind !== 'quoted') this.fail('identifier');
    this.pos += 1;
    const name =
      token.kind === 'quoted'
        ? `${token.quote ?? '"'}${token.text}${token.quote ?? '"'}`
        : token.text;
    if (!this.isOp('(')) this.fail('(');
    const args = this.callArgs();
    const display = `ADMIN ${name}(${args.map(exprToSql).join(', ')})`;
    return { kind: 'admin', name, args, display };
  }

  private callArgs(): Expr[] {
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.eatOp(')')) {
      do args.push(this.expr());
      while (this.eatOp(','));
      this.expectOp(')');
    }
    return args;
  }

  // ---- ALTER TABLE (alter_parser.rs@v1.2.0-beta.2, identical in v1.1.4) ----------------------

  /** `self.expected(…)` of GreptimeDB's ParserContext: `Expected <what>, found: <token>`. */
  private greptimeExpected(what: string): never {
    throw greptimeSyntax(`Expected ${what}, found: ${describeToken(this.peek())}`);
  }

  private alter(): RepartitionAlter {
    this.expectWord('ALTER');
    const kind = this.peek();
    if (kind.kind !== 'word') throw unsupportedKeyword(kind);
    if (kind.upper === 'DATABASE') throw SqlError.unsupported('ALTER DATABASE statements');
    if (kind.upper !== 'TABLE') this.greptimeExpected('DATABASE or TABLE after ALTER');
    this.pos += 1;
    const table = [this.identifier()];
    while (this.eatOp('.')) table.push(this.identifier());
    const operation = this.peek();
    if (operation.kind !== 'word') throw unsupportedKeyword(operation);
    let statement: Omit<RepartitionAlter, 'options'>;
    switch (operation.upper) {
      case 'SPLIT':
        statement = this.splitPartition(table);
        break;
      case 'MERGE':
        statement = this.mergePartition(table);
        break;
      case 'REPARTITION':
        statement = this.repartition(table);
        break;
      case 'PARTITION':
        statement = this.partitionOnColumns(table);
        break;
      case 'MODIFY':
      case 'UNSET':
      case 'ADD':
      case 'DROP':
      case 'RENAME':
      case 'SET':
        throw SqlError.unsupported(
          `ALTER TABLE … ${operation.upper} (the emulator answers SPLIT PARTITION and MERGE PARTITION)`,
        );
      default:
        return this.greptimeExpected(
          'ADD or DROP or MODIFY or RENAME or SET or UNSET or REPARTITION or SPLIT or MERGE or PARTITION after ALTER TABLE',
        );
    }
    return { ...statement, options: this.withOptions() };
  }

  /** `parse_repartition_expr_list`: each expression kept as written between the commas. */
  private repartitionList(): string[] {
    this.expectOp('(');
    if (this.isOp(')')) this.greptimeExpected('expression inside REPARTITION clause');
    const exprs: string[] = [];
    for (;;) {
      const start = this.peek().offset;
      this.expr();
      exprs.push(this.sql.slice(start, this.peek().offset).trim());
      if (this.eatOp(',')) {
        if (this.eatOp(')')) break;
      } else if (this.eatOp(')')) {
        break;
      } else {
        this.greptimeExpected('comma or right parenthesis after repartition expression');
      }
    }
    return exprs;
  }

  /** `ON COLUMNS (a, b)` (`parse_parenthesized_column_list`, mandatory, not empty). */
  private onColumns(): string[] | null {
    if (!(this.isWord('ON') && this.isWord('COLUMNS', 1))) return null;
    this.pos += 2;
    this.expectOp('(');
    const columns = [this.identifier()];
    while (this.eatOp(',')) columns.push(this.identifier());
    this.expectOp(')');
    return columns;
  }

  private splitPartition(table: string[]): Omit<RepartitionAlter, 'options'> {
    this.pos += 1;
    this.expectWord('PARTITION');
    const sources = this.repartitionList();
    if (sources.length !== 1)
      this.greptimeExpected('single partition expression inside SPLIT PARTITION clause');
    const columns = this.onColumns();
    this.expectWord('INTO');
    const targets = this.repartitionList();
    if (this.isOp(',') || this.isWord('ON')) this.greptimeExpected('end of SPLIT PARTITION clause');
    return { kind: 'repartition', form: 'split', table, sources, targets, columns };
  }

  private mergePartition(table: string[]): Omit<RepartitionAlter, 'options'> {
    this.pos += 1;
    this.expectWord('PARTITION');
    const sources = this.repartitionList();
    if (this.isOp(',')) this.greptimeExpected('end of MERGE PARTITION clause');
    return { kind: 'repartition', form: 'merge', table, sources, targets: [], columns: null };
  }

  private repartition(table: string[]): Omit<RepartitionAlter, 'options'> {
    this.pos += 1;
    const sources = this.repartitionList();
    const columns = this.onColumns();
    this.expectWord('INTO');
    const targets = this.repartitionList();
    if (this.isOp(',')) this.greptimeExpected('end of REPARTITION clause');
    return { kind: 'repartition', form: 'repartition', table, sources, targets, columns };
  }

  /**
   * `PARTITION ON COLUMNS (cols) (exprs)`, which reuses CREATE TABLE's partition parser
   * (`parse_partition_on_columns`); its other syntax errors are not in API.md, so any other shape
   * is refused by name.
   */
  private partitionOnColumns(table: string[]): Omit<RepartitionAlter, 'options'> {
    this.pos += 1;
    const columns = this.onColumns();
    const refuse = () => SqlError.unsupported('this form of ALTER TABLE … PARTITION ON COLUMNS');
    if (columns === null || !this.eatOp('(')) throw refuse();
    const targets: string[] = [];
    while (!this.isOp(')')) {
      const start = this.peek().offset;
      this.expr();
      targets.push(this.sql.slice(start, this.peek().offset).trim());
      if (!this.eatOp(',')) break;
    }
    if (!this.eatOp(')')) throw refuse();
    if (targets.length === 0) {
      throw greptimeSyntax('PARTITION ON COLUMNS requires at least one partition expression');
    }
    return {
      kind: 'repartition',
      form: 'partitionOnColumns',
      table,
      sources: [],
      targets,
      columns,
    };
  }

  /**
   * `parse_with_options`: `WITH (key = value, …)`, keys lower-cased, each value a literal or an
   * identifier; then every key must be a known option (utils.rs@v1.2.0-beta.2). Only the DDL
   * keys `wait` and `timeout` are known here (see README: table-option keys are not modelled).
   */
  private withOptions(): [string, string][] {
    if (!this.eatWord('WITH')) return [];
    this.expectOp('(');
    const keys: string[] = [];
    const options: [string, string][] = [];
    do {
      const key = this.peek();
      if (key.kind !== 'word' && key.kind !== 'quoted') this.fail('identifier');
      this.pos += 1;
      this.expectOp('=');
      const value = this.optionValue();
      keys.push(key.text.toLowerCase());
      // `OptionMap::get` has no string for NULL: the option's default applies.
      if (value !== null) options.push([key.text.toLowerCase(), value]);
    } while (this.eatOp(','));
    this.expectOp(')');
    const unknown = keys.find((key) => !DDL_OPTION_KEYS.has(key));
    if (unknown !== undefined) {
      throw new SqlError(StatusCode.InvalidArguments, repartitionErrors.unknownOption(unknown));
    }
    return options;
  }

  /** `OptionValue::as_string`: strings, numbers, booleans and identifiers as written. */
  private optionValue(): string | null {
    const token = this.peek();
    const value = this.expr();
    if (value.kind === 'literal') {
      const l = value.literal;
      if (l.kind === 'null') return null;
      if (l.kind === 'string') return l.value;
      if (l.kind === 'number') return l.text;
      return l.value ? 'true' : 'false';
    }
    if (value.kind === 'column' && value.qualifier === null) return token.text;
    throw new SqlError(
      StatusCode.InvalidArguments,
      `Invalid expr as option value, error: ${exprToSql(value)} not accepted`,
    );
  }

  expr(): Expr {
    let left = this.andExpr();
    while (this.eatWord('OR')) left = { kind: 'binary', op: 'OR', left, right: this.andExpr() };
    return left;
  }

  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.eatWord('AND')) left = { kind: 'binary', op: 'AND', left, right: this.notExpr() };
    return left;
  }

  private notExpr(): Expr {
    if (this.eatWord('NOT')) return { kind: 'not', expr: this.notExpr() };
    return this.predicate();
  }

  private predicate(): Expr {
    const left = this.operand();
    const token = this.peek();
    if (token.kind === 'op' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(token.text)) {
      this.pos += 1;
      const op = token.text === '<>' ? '!=' : token.text;
      if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
        return { kind: 'binary', op, left, right: this.operand() };
      }
    }
    if (this.eatWord('IS')) {
      const negated = this.eatWord('NOT');
      if (this.isWord('TRUE') || this.isWord('FALSE') || this.isWord('DISTINCT')) {
        throw SqlError.unsupported(`IS ${negated ? 'NOT ' : ''}${this.peek().upper}`);
      }
      this.expectWord('NULL');
      return { kind: 'isNull', expr: left, negated };
    }
    const negated = this.isWord('NOT') && (this.isWord('IN', 1) || this.isWord('LIKE', 1));
    if (negated) this.pos += 1;
    if (this.eatWord('IN')) {
      if (this.isWord('SELECT', 1)) throw SqlError.unsupported('IN (subquery)');
      return { kind: 'inList', expr: left, list: this.callArgs(), negated };
    }
    if (this.eatWord('LIKE')) return { kind: 'like', expr: left, pattern: this.operand(), negated };
    if (this.isWord('ILIKE') || this.isWord('BETWEEN') || this.isWord('SIMILAR')) {
      throw SqlError.unsupported(this.peek().upper);
    }
    return left;
  }

  private operand(): Expr {
    const expr = this.primary();
    const token = this.peek();
    if (token.kind === 'op' && ['+', '-', '*', '/', '%'].includes(token.text)) {
      throw SqlError.unsupported(`arithmetic (${token.text}) in expressions`);
    }
    if (token.kind === 'op' && token.text === '|') throw SqlError.unsupported('string operators');
    return expr;
  }

  private primary(): Expr {
    const token = this.peek();
    if (token.kind === 'number') {
      this.pos += 1;
      return literal({ kind: 'number', text: token.text });
    }
    if (token.kind === 'string') {
      this.pos += 1;
      return literal({ kind: 'string', value: token.text });
    }
    if (token.kind === 'op' && token.text === '-') {
      this.pos += 1;
      return { kind: 'negate', expr: this.primary() };
    }
    if (token.kind === 'op' && token.text === '(') {
      this.pos += 1;
      if (this.isWord('SELECT')) throw SqlError.unsupported('subqueries');
      const inner = this.expr();
      this.expectOp(')');
      return inner;
    }
    if (token.kind === 'word') {
      switch (token.upper) {
        case 'NULL':
          this.pos += 1;
          return literal({ kind: 'null' });
        case 'TRUE':
        case 'FALSE':
          this.pos += 1;
          return literal({ kind: 'boolean', value: token.upper === 'TRUE' });
        case 'CAST':
          if (this.peek(1).kind === 'op' && this.peek(1).text === '(') return this.cast();
          break;
        case 'CASE':
        case 'EXISTS':
        case 'INTERVAL':
          throw SqlError.unsupported(`${token.upper} expressions`);
        default:
          break;
      }
    }
    if (token.kind === 'word' || token.kind === 'quoted') {
      if (token.kind === 'word' && RESERVED.has(token.upper)) return this.fail('an expression');
      const first = this.identifier();
      if (this.isOp('(')) {
        return {
          kind: 'call',
          name: token.kind === 'word' ? token.text : first,
          args: this.callArgs(),
        };
      }
      if (this.eatOp('.')) {
        const second = this.identifier();
        if (this.isOp('.'))
          throw SqlError.unsupported('column references with more than one qualifier');
        return { kind: 'column', qualifier: first, name: second };
      }
      return { kind: 'column', qualifier: null, name: first };
    }
    return this.fail('an expression');
  }

  private cast(): Expr {
    this.pos += 1;
    this.expectOp('(');
    const expr = this.expr();
    this.expectWord('AS');
    const typeToken = this.next();
    const type = CAST_TYPES[typeToken.upper];
    if (type === undefined) {
      throw SqlError.unsupported(`CAST to ${describeToken(typeToken)} (STRING, BIGINT, INT only)`);
    }
    if (type === 'Int64' && this.isWord('UNSIGNED')) {
      this.pos += 1;
      this.expectOp(')');
      return { kind: 'cast', expr, type: 'UInt64' };
    }
    this.expectOp(')');
    return { kind: 'cast', expr, type };
  }
}

function literal(value: Literal): Expr {
  return { kind: 'literal', literal: value };
}

/** An expression printed back as SQL, the way sqlparser's Display writes it. */
export function exprToSql(expr: Expr): string {
  switch (expr.kind) {
    case 'literal': {
      const l = expr.literal;
      if (l.kind === 'string') return `'${l.value.replaceAll("'", "''")}'`;
      if (l.kind === 'number') return l.text;
      if (l.kind === 'boolean') return l.value ? 'true' : 'false';
      return 'NULL';
    }
    case 'column':
      return expr.qualifier === null ? expr.name : `${expr.qualifier}.${expr.name}`;
    case 'binary':
      return `${exprToSql(expr.left)} ${expr.op === '!=' ? '<>' : expr.op} ${exprToSql(expr.right)}`;
    case 'not':
      return `NOT ${exprToSql(expr.expr)}`;
    case 'negate':
      return `-${exprToSql(expr.expr)}`;
    case 'isNull':
      return `${exprToSql(expr.expr)} IS ${expr.negated ? 'NOT ' : ''}NULL`;
    case 'inList':
      return `${exprToSql(expr.expr)} ${expr.negated ? 'NOT ' : ''}IN (${expr.list.map(exprToSql).join(', ')})`;
    case 'like':
      return `${exprToSql(expr.expr)} ${expr.negated ? 'NOT ' : ''}LIKE ${exprToSql(expr.pattern)}`;
    case 'cast':
      return `CAST(${exprToSql(expr.expr)} AS ${expr.type})`;
    case 'call':
      return `${expr.name}(${expr.args.map(exprToSql).join(', ')})`;
  }
}

/** Parses every `;`-separated statement; a syntax error anywhere fails the whole request. */
export function parseSql(sql: string): Statement[] {
  return new Parser(sql, tokenize(sql)).parseAll();
}
