/**
 * GreptimeDB's `/v1/sql` answer (API.md §3.4), the one schema the browser and the console
 * server read it with. Rows arrive as arrays in column order; they are keyed by column name
 * before a row schema sees them, so a column added by a newer version (or absent in an older
 * one) changes nothing here. Cells are whatever the caller's JSON parser gave: the lossless
 * parsers give bigint for u64 beyond 2^53, never a rounded number.
 */
import { z } from 'zod';

/** GreptimeDB's error body. */
export const FrontendErrorBodySchema = z.object({ code: z.number().int(), error: z.string() });
export type FrontendErrorBody = z.infer<typeof FrontendErrorBodySchema>;

/** One output's records: column names and types, and rows of cells in column order. */
export const SqlRecordsSchema = z.object({
  schema: z.object({
    column_schemas: z.array(z.object({ name: z.string(), data_type: z.string() })),
  }),
  // One check over all rows rather than a schema per row and cell: cells are `unknown` anyway
  // (row schemas check them), and per-cell schema calls cost ~0.1 s per 100k-row answer.
  rows: z.custom<unknown[][]>(
    (rows) => Array.isArray(rows) && rows.every((row) => Array.isArray(row)),
    'expected rows as arrays of cells',
  ),
});

/** One output per statement: rows, or an affected-rows count. */
const SqlOutputSchema = z.object({
  output: z
    .array(
      z.union([z.object({ records: SqlRecordsSchema }), z.object({ affectedrows: z.number() })]),
    )
    .min(1, 'the frontend returned no output'),
});

/**
 * The first output's rows as objects keyed by column name (a missing cell is null). Built here
 * from the checked names and rows, so they are string-keyed records by construction: checking
 * them again as records cost ~0.8 s per 100k-row sample of the hot-regions sampler.
 */
function keyedRows(
  answer: z.infer<typeof SqlOutputSchema>,
  ctx: z.RefinementCtx,
): Record<string, unknown>[] {
  const [first] = answer.output;
  if (first === undefined || !('records' in first)) {
    ctx.addIssue({ code: 'custom', message: 'expected rows, got an affected-rows count' });
    return z.NEVER;
  }
  const names = first.records.schema.column_schemas.map((column) => column.name);
  const { rows } = first.records;
  const keyedRows = new Array<Record<string, unknown>>(rows.length);
  for (let at = 0; at < rows.length; at += 1) {
    const row = rows[at] ?? [];
    const keyed: Record<string, unknown> = {};
    for (let index = 0; index < names.length; index += 1) {
      keyed[names[index] ?? ''] = row[index] ?? null;
    }
    keyedRows[at] = keyed;
  }
  return keyedRows;
}

/** Output rows, each parsed with `row` (a z.object over the columns read). */
export function sqlRowsSchema<T>(row: z.ZodType<T>) {
  return SqlOutputSchema.transform((answer, ctx): unknown[] => keyedRows(answer, ctx)).pipe(
    z.array(row),
  );
}

/** Output rows with every column kept, for code that reads a value or two by hand. */
export const SqlKeyedRowsSchema = SqlOutputSchema.transform(keyedRows);

/** The single value of a one-row, one-column answer (ADMIN functions), whatever its name. */
export function sqlSingleValueSchema<T>(value: z.ZodType<T>) {
  return SqlOutputSchema.transform((answer, ctx): unknown => {
    const [first] = answer.output;
    const cell = first !== undefined && 'records' in first ? first.records.rows[0]?.[0] : undefined;
    if (first === undefined || !('records' in first) || first.records.rows.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'expected exactly one row' });
      return z.NEVER;
    }
    return cell ?? null;
  }).pipe(value);
}

/** Integers as a lossless parser gives them -> decimal string (ids). */
export const SqlU64Schema = z
  .union([z.number().int().nonnegative(), z.bigint().nonnegative()])
  .transform(String);
/** Signed: cluster_info's peer id is -1 for frontends and MetaSrv. */
export const SqlI64Schema = z.union([z.number().int(), z.bigint()]).transform(String);
/** A size or count; rounding beyond 2^53 bytes would not matter for display. */
export const SqlCountSchema = z.union([z.number(), z.bigint()]).transform(Number);
export const SqlU32Schema = z.number().int().nonnegative().max(0xffff_ffff);

/** A column that older versions lack, or that holds null: null either way. */
export function optional<T>(schema: z.ZodType<T>) {
  return schema
    .nullable()
    .optional()
    .transform((value) => value ?? null);
}
