/**
 * Reading a frontend's answer on the server, where the server itself needs a value (the
 * cluster's version). Everything the browser shows is relayed unchanged instead and read by
 * the browser's own gate. Only strings are read here, so plain JSON.parse cannot round an id.
 */
import { z } from 'zod';

const RecordsSchema = z.object({
  output: z
    .array(
      z.object({
        records: z.object({
          schema: z.object({ column_schemas: z.array(z.object({ name: z.string() })) }),
          rows: z.array(z.array(z.unknown())),
        }),
      }),
    )
    .min(1),
});

/** GreptimeDB's error body (API.md §3.4). */
export const FrontendErrorSchema = z.object({ code: z.number().int(), error: z.string() });
export type FrontendError = z.infer<typeof FrontendErrorSchema>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first output's rows as objects keyed by column name; null when the body is not that. */
export function readFirstRecords(text: string): Record<string, unknown>[] | null {
  const parsed = RecordsSchema.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const [first] = parsed.data.output;
  if (first === undefined) return null;
  const names = first.records.schema.column_schemas.map((column) => column.name);
  return first.records.rows.map((row) =>
    Object.fromEntries(names.map((name, index) => [name, row[index]])),
  );
}

export function readFrontendError(text: string): FrontendError | null {
  const parsed = FrontendErrorSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

/** Auth codes 7000-7004 (API.md §3.4): the credentials are missing or wrong. */
export function isAuthFailure(status: number, error: FrontendError | null): boolean {
  return status === 401 || (error !== null && error.code >= 7000 && error.code <= 7004);
}

/** A sentence for the connection summary; the frontend's own text stays beside it. */
export function explainFrontendError(status: number, error: FrontendError | null): string {
  if (isAuthFailure(status, error)) {
    return (
      'The frontend refused the console’s credentials: they are missing or wrong. Set ' +
      'FRONTEND_USER and FRONTEND_PASSWORD on the console server to a GreptimeDB user.' +
      (error === null ? '' : ` (GreptimeDB said: ${error.error})`)
    );
  }
  if (error === null)
    return `The frontend answered HTTP ${status} with a body that is not GreptimeDB’s JSON error.`;
  return `The frontend answered HTTP ${status}, code ${error.code}: ${error.error}`;
}
