/**
 * Turns browser input (query string, JSON body) into values checked by the contract's zod
 * schemas, with one readable line per problem for the `bad-request` answer.
 */
import type { z } from 'zod';

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: string[] };

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, unionHint: string | undefined): string[] {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${[where, key].filter(Boolean).join('.')}: unknown parameter`);
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the alternative the input came closest to; when several are equally close the
    // input named none of them, so list what is accepted instead.
    const fewest = Math.min(...issue.errors.map((alternative) => alternative.length));
    const closest = issue.errors.filter((alternative) => alternative.length === fewest);
    const only = closest.length === 1 ? closest[0] : undefined;
    if (only !== undefined) return only.flatMap((inner) => describeIssue(inner, unionHint));
    const hint = unionHint ?? issue.message;
    return [where === '' ? hint : `${where}: ${hint}`];
  }
  return [`${where || 'input'}: ${issue.message}`];
}

/** Missing keys read "required" rather than zod's "expected string, received undefined". */
const errorMessages: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined;

/** `unionHint` explains a union schema when the input matches none of its forms. */
export function validate<T>(
  schema: z.ZodType<T>,
  input: unknown,
  unionHint?: string,
): Validated<T> {
  const result = schema.safeParse(input, { error: errorMessages });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.flatMap((issue) => describeIssue(issue, unionHint)),
  };
}

/**
 * Query parameters as a plain object for a strict schema. A repeated key is refused: MetaSrv
 * would silently keep the last value (API.md §1.1), and the browser never needs to repeat one.
 */
export function queryObject(params: URLSearchParams): Validated<Record<string, string>> {
  // A Map, then fromEntries: assigning a key such as `__proto__` to an object would not
  // create a parameter but change the object's prototype.
  const values = new Map<string, string>();
  const repeated = new Set<string>();
  for (const [key, value] of params) {
    if (values.has(key)) repeated.add(key);
    values.set(key, value);
  }
  if (repeated.size > 0) {
    return { ok: false, issues: [...repeated].map((key) => `${key}: given more than once`) };
  }
  return { ok: true, value: Object.fromEntries(values) };
}
