/**
 * Reading a frontend's answer on the server, where the server itself needs a value (the
 * cluster's version). Everything the browser shows is relayed unchanged instead and read by
 * the browser's own gate. Only strings are read here, so plain JSON.parse cannot round an id.
 */
import {
  FrontendErrorBodySchema,
  SqlKeyedRowsSchema,
  type FrontendErrorBody,
} from '../../contract/sql/sql-records.ts';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first output's rows as objects keyed by column name; null when the body is not that. */
export function readFirstRecords(text: string): Record<string, unknown>[] | null {
  const parsed = SqlKeyedRowsSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

export function readFrontendError(text: string): FrontendErrorBody | null {
  const parsed = FrontendErrorBodySchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

/** Auth codes 7000-7004 (API.md §3.4): the credentials are missing or wrong. */
export function isAuthFailure(status: number, error: FrontendErrorBody | null): boolean {
  return status === 401 || (error !== null && error.code >= 7000 && error.code <= 7004);
}

/** A sentence for the connection summary; the frontend's own text stays beside it. */
export function explainFrontendError(status: number, error: FrontendErrorBody | null): string {
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
