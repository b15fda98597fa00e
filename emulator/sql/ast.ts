/**
 * The statements the emulated frontend parses. Small on purpose: SELECT over system tables with
 * joins, filters, ordering and limits, the ADMIN functions, and the repartitioning forms of ALTER
 * TABLE. Literals keep their source text because GreptimeDB names ADMIN result columns after the
 * statement as re-printed.
 */

export type Literal =
  | { kind: 'string'; value: string }
  /** `text` exactly as typed (sqlparser keeps numbers as strings). */
  | { kind: 'number'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export type BinaryOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

export type Expr =
  | { kind: 'literal'; literal: Literal }
  | { kind: 'column'; qualifier: string | null; name: string }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'negate'; expr: Expr }
  | { kind: 'isNull'; expr: Expr; negated: boolean }
  | { kind: 'inList'; expr: Expr; list: Expr[]; negated: boolean }
  | { kind: 'like'; expr: Expr; pattern: Expr; negated: boolean }
  | { kind: 'cast'; expr: Expr; type: 'String' | 'Int64' | 'UInt64' | 'Int32' }
  | { kind: 'call'; name: string; args: Expr[] };

export type SelectItem =
  | { kind: 'wildcard'; qualifier: string | null }
  | { kind: 'expr'; expr: Expr; alias: string | null };

export interface TableRef {
  /** `schema.table`, `catalog.schema.table` or `table` (schema from the `db` parameter). */
  parts: string[];
  alias: string | null;
}

export interface Join {
  kind: 'inner' | 'left';
  table: TableRef;
  on: Expr;
}

export interface OrderItem {
  expr: Expr;
  descending: boolean;
  nullsFirst: boolean | null;
}

export interface SelectStatement {
  kind: 'select';
  items: SelectItem[];
  from: TableRef | null;
  joins: Join[];
  where: Expr | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number | null;
}

export interface AdminStatement {
  kind: 'admin';
  /** Function name as typed (the result column shows it so). */
  name: string;
  args: Expr[];
  /** The statement as GreptimeDB re-prints it: `ADMIN name(arg, arg)`. */
  display: string;
}

/** `ALTER TABLE … SPLIT / MERGE / REPARTITION / PARTITION ON COLUMNS` (API.md §7.1). */
export interface RepartitionAlter {
  kind: 'repartition';
  form: 'split' | 'merge' | 'repartition' | 'partitionOnColumns';
  /** `table`, `schema.table` or `catalog.schema.table`, unquoted names lower-cased. */
  table: string[];
  /** Source expressions as written (empty for PARTITION ON COLUMNS). */
  sources: string[];
  /** INTO list, or PARTITION ON COLUMNS' expressions; empty for MERGE. */
  targets: string[];
  /** `ON COLUMNS (…)` (SPLIT, REPARTITION) or PARTITION ON COLUMNS' columns; null when absent. */
  columns: string[] | null;
  /** WITH options, keys lower-cased, values as option strings (`parse_with_options`). */
  options: [key: string, value: string][];
}

export type Statement = SelectStatement | AdminStatement | RepartitionAlter;
