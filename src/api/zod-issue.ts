/**
 * Turns a ZodError into one specific sentence for ApiError: which field, what was wrong.
 * Unions (route string vs object, physical vs logical) report "Invalid input" at the top;
 * the branch that got furthest into the data is the one the body was meant to be, so its
 * issue is the useful one.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

export interface IssueSummary {
  field: string;
  problem: string;
}

interface Resolved {
  path: PropertyKey[];
  message: string;
}

function resolve(issue: Issue): Resolved {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: { resolved: Resolved; count: number } | null = null;
    for (const branch of issue.errors) {
      const first = branch[0];
      if (first === undefined) continue;
      const resolved = resolve(first);
      const better =
        best === null ||
        resolved.path.length > best.resolved.path.length ||
        (resolved.path.length === best.resolved.path.length && branch.length < best.count);
      if (better) best = { resolved, count: branch.length };
    }
    if (best !== null) {
      return { path: [...issue.path, ...best.resolved.path], message: best.resolved.message };
    }
  }
  return { path: [...issue.path], message: issue.message };
}

export function summarizeZodError(error: z.ZodError): IssueSummary {
  const first = error.issues[0];
  if (first === undefined) return { field: '(body)', problem: 'invalid' };
  const { path, message } = resolve(first);
  const field = path.length > 0 ? path.map((p) => String(p)).join('.') : '(body)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return { field, problem: `${message}${more}` };
}
