/**
 * `partition.value_list` entries: each is a string holding the JSON of a GreptimeDB
 * `PartitionBound` (API.md §1.5). They are rendered as SQL-like text for people:
 *   "MaxValue"                                  -> MAXVALUE
 *   {"Value":{"String":"hz"}}       (v0.6 RANGE COLUMNS, an upper bound) -> 'hz'
 *   {"Expr":{"lhs":..,"op":"GtEq",..}}  (v0.7 PARTITION ON COLUMNS)      -> host >= 'h' AND ...
 * A bound this code does not understand is kept verbatim as `raw` and never dropped: a
 * partition rule that silently vanished would mislead whoever is moving regions.
 */
import { z } from 'zod';
import type { PartitionBound } from '../../domain/cluster-types';
import { parseLosslessJson, stringifyLosslessJson } from '../lossless-json';

/** Rendered SQL text plus its precedence, so nested expressions get parentheses only when needed. */
interface Rendered {
  text: string;
  precedence: number;
}

const ATOM = 4;
const COMPARISON = 3;
const RawPartitionOpSchema = z.enum(['Eq', 'NotEq', 'Lt', 'LtEq', 'Gt', 'GtEq', 'And', 'Or']);
type RawPartitionOp = z.infer<typeof RawPartitionOpSchema>;
const OPERATORS: Record<RawPartitionOp, { sql: string; precedence: number }> = {
  Eq: { sql: '=', precedence: COMPARISON },
  NotEq: { sql: '<>', precedence: COMPARISON },
  Lt: { sql: '<', precedence: COMPARISON },
  LtEq: { sql: '<=', precedence: COMPARISON },
  Gt: { sql: '>', precedence: COMPARISON },
  GtEq: { sql: '>=', precedence: COMPARISON },
  And: { sql: 'AND', precedence: 2 },
  Or: { sql: 'OR', precedence: 1 },
};

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function sqlIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

const RawIntegerSchema = z.union([z.number().int(), z.bigint()]).transform((n) => n.toString());

/** `{"<tag>": value}` with exactly that one key (a record keyed by a literal is exhaustive and closed). */
function tagged<T extends string>(tag: T, value: z.ZodType<string>) {
  return z.record(z.literal(tag), value).transform((v) => v[tag]);
}

/** GreptimeDB `datatypes::Value`, externally tagged. Unknown variants fail, so the bound stays raw. */
const RawDatatypeValueSchema = z.union([
  z.literal('Null').transform(() => 'NULL'),
  tagged('String', z.string().transform(sqlString)),
  tagged(
    'Boolean',
    z.boolean().transform((b) => (b ? 'TRUE' : 'FALSE')),
  ),
  ...(['Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64'] as const).map(
    (tag) => tagged(tag, RawIntegerSchema),
  ),
  ...(['Float32', 'Float64'] as const).map((tag) => tagged(tag, z.number().transform(String))),
]);

/** `{"Column":c}` | `{"Value":v}` | `{"Expr":{lhs,op,rhs}}`; recursive through Expr. */
const RawOperandSchema: z.ZodType<Rendered> = z.lazy(() =>
  z.union([
    z
      .strictObject({ Column: z.string() })
      .transform((o) => ({ text: sqlIdentifier(o.Column), precedence: ATOM })),
    z
      .strictObject({ Value: RawDatatypeValueSchema })
      .transform((o) => ({ text: o.Value, precedence: ATOM })),
    z.strictObject({ Expr: RawPartitionExprSchema }).transform((o) => o.Expr),
  ]),
);

const RawPartitionExprSchema: z.ZodType<Rendered> = z.lazy(() =>
  z
    .strictObject({ lhs: RawOperandSchema, op: RawPartitionOpSchema, rhs: RawOperandSchema })
    .transform((e) => {
      const { sql, precedence } = OPERATORS[e.op];
      // AND/OR are associative, so equal precedence needs no parentheses; comparisons are not.
      const side = (operand: Rendered) =>
        operand.precedence < precedence ||
        (operand.precedence === precedence && precedence === COMPARISON)
          ? `(${operand.text})`
          : operand.text;
      return { text: `${side(e.lhs)} ${sql} ${side(e.rhs)}`, precedence };
    }),
);

export const RawPartitionBoundSchema = z.union([
  z.literal('MaxValue').transform(() => 'MAXVALUE'),
  z.strictObject({ Value: RawDatatypeValueSchema }).transform((b) => b.Value),
  z.strictObject({ Expr: RawPartitionExprSchema }).transform((b) => b.Expr.text),
]);

/** One `value_list` entry, whatever it holds, as a PartitionBound. Never fails. */
export function toPartitionBound(entry: unknown): PartitionBound {
  if (typeof entry !== 'string') return { kind: 'raw', raw: stringifyLosslessJson(entry) };
  let json: unknown;
  try {
    json = parseLosslessJson(entry);
  } catch {
    return { kind: 'raw', raw: entry };
  }
  const rendered = RawPartitionBoundSchema.safeParse(json);
  return rendered.success ? { kind: 'parsed', text: rendered.data } : { kind: 'raw', raw: entry };
}

export const RawPartitionBoundEntrySchema = z.unknown().transform(toPartitionBound);
