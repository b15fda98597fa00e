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
import type { DecodedPartitionBound, PartitionBound } from '../../domain/cluster-types';
import { parseLosslessJson, stringifyLosslessJson } from '../../../contract/lossless-json';

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

/**
 * An externally tagged enum: `{"<tag>": value}` with exactly one key, whose schema the tag
 * picks (or a bare unit variant such as `"MaxValue"`). One lookup per value rather than a
 * union trying every variant: a 10k-region route has 10k bounds, and each failed union
 * branch costs an issue object.
 */
function externallyTagged<T>(
  variants: Record<string, z.ZodType<T>>,
  units: Record<string, T> = {},
): z.ZodType<T> {
  const byTag = new Map(Object.entries(variants));
  const byUnit = new Map(Object.entries(units));
  return z.unknown().transform((input, ctx) => {
    const unit = typeof input === 'string' ? byUnit.get(input) : undefined;
    if (unit !== undefined) return unit;
    const entries =
      typeof input === 'object' && input !== null && !Array.isArray(input)
        ? Object.entries(input)
        : [];
    const [entry] = entries;
    const schema = entries.length === 1 && entry !== undefined ? byTag.get(entry[0]) : undefined;
    if (entry === undefined || schema === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected one of ${[...byUnit.keys(), ...byTag.keys()].join(', ')}`,
      });
      return z.NEVER;
    }
    const result = schema.safeParse(entry[1]);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: [entry[0], ...issue.path] });
    }
    return z.NEVER;
  });
}

const integerTags = ['Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64'];
const floatTags = ['Float32', 'Float64'];

/** GreptimeDB `datatypes::Value`, externally tagged. Unknown variants fail, so the bound stays raw. */
const RawDatatypeValueSchema = externallyTagged<string>(
  {
    String: z.string().transform(sqlString),
    Boolean: z.boolean().transform((b) => (b ? 'TRUE' : 'FALSE')),
    ...Object.fromEntries(integerTags.map((tag) => [tag, RawIntegerSchema])),
    ...Object.fromEntries(floatTags.map((tag) => [tag, z.number().transform(String)])),
  },
  { Null: 'NULL' },
);

/** `{"Column":c}` | `{"Value":v}` | `{"Expr":{lhs,op,rhs}}`; recursive through Expr. */
const RawOperandSchema: z.ZodType<Rendered> = z.lazy(() =>
  externallyTagged<Rendered>({
    Column: z.string().transform((column) => ({ text: sqlIdentifier(column), precedence: ATOM })),
    Value: RawDatatypeValueSchema.transform((text) => ({ text, precedence: ATOM })),
    Expr: RawPartitionExprSchema,
  }),
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

export const RawPartitionBoundSchema = externallyTagged<string>(
  {
    Value: RawDatatypeValueSchema,
    Expr: RawPartitionExprSchema.transform((expr) => expr.text),
  },
  { MaxValue: 'MAXVALUE' },
);

/** A `value_list` entry as the route keeps it: a string is decoded later, anything else is raw. */
export function wireBound(entry: unknown): PartitionBound {
  return typeof entry === 'string' ? entry : { kind: 'raw', raw: stringifyLosslessJson(entry) };
}

/** A whole `value_list`: MetaSrv's own array when (as always) every entry is a string. */
export function wireBounds(entries: unknown[]): readonly PartitionBound[] {
  return entries.every((entry) => typeof entry === 'string') ? entries : entries.map(wireBound);
}

const DECODED_CACHE_LIMIT = 50_000;
const decoded = new Map<string, DecodedPartitionBound>();

/**
 * One bound's text as people read it, or kept raw when this code does not understand it.
 * Never fails. Cached: the grid asks again for every row it re-renders while scrolling.
 */
export function decodePartitionBound(text: string): DecodedPartitionBound {
  const cached = decoded.get(text);
  if (cached !== undefined) return cached;
  const bound = decodeUncached(text);
  if (decoded.size >= DECODED_CACHE_LIMIT) decoded.clear();
  decoded.set(text, bound);
  return bound;
}

function decodeUncached(text: string): DecodedPartitionBound {
  let json: unknown;
  try {
    json = parseLosslessJson(text);
  } catch {
    return { kind: 'raw', raw: text };
  }
  const rendered = RawPartitionBoundSchema.safeParse(json);
  return rendered.success ? { kind: 'parsed', text: rendered.data } : { kind: 'raw', raw: text };
}
