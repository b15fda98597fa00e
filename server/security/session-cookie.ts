/**
 * The session cookie of token auth, read and written with the `cookie` package (1.x: 2.x
 * declares Node ≥ 22). The value is only ever a session id the store created (256 random bits,
 * base64url): anything else in the header is ignored, never looked up.
 */
import { parse, serialize } from 'cookie';
import type { SerializeOptions } from 'cookie';
import { z } from 'zod';
import { SESSION_TTL_MS } from './session-store.ts';

export const SESSION_COOKIE = 'console_session';

/** What `SessionStore.create` returns: 32 random bytes as base64url, 43 characters. */
const SessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/**
 * The session id in a `Cookie` header, or null when there is none, it is malformed, or the
 * name appears more than once. Two values are ambiguous: a sibling subdomain can plant a
 * second `console_session` (cookie tossing) to sign the browser in as someone else, so
 * neither is trusted. `parse` keeps only the first of duplicate names, so each pair is parsed
 * on its own; the package splits pairs at `;` the same way. Node joins repeated `Cookie`
 * header lines with `; `, so duplicated lines are covered too.
 */
export function readSessionId(header: string | undefined): string | null {
  if (header === undefined) return null;
  const values = header
    .split(';')
    .map((pair) => parse(pair)[SESSION_COOKIE])
    .filter((value) => value !== undefined);
  if (values.length !== 1) return null;
  const parsed = SessionIdSchema.safeParse(values[0]);
  return parsed.success ? parsed.data : null;
}

function attributes(options: { secure: boolean }): SerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: options.secure };
}

export function sessionCookie(id: string, options: { secure: boolean }): string {
  return serialize(SESSION_COOKIE, id, {
    ...attributes(options),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** Max-Age=0 makes the browser drop the cookie at once. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return serialize(SESSION_COOKIE, '', { ...attributes(options), maxAge: 0 });
}
