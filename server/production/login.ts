/**
 * Token auth's login and logout: `POST /api/login {token}` sets the HttpOnly, SameSite=Strict
 * session cookie; `POST /api/logout` ends the session and clears the cookie. Failed attempts
 * count towards the address's sign-in limit (security/login-rate-limit.ts). The token itself
 * is never logged or echoed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoginRequestSchema } from '../../contract/api-contract.ts';
import type { Session } from '../../contract/api-contract.ts';
import { readJsonBody } from '../proxy/request-body.ts';
import { answerJson, answerProxyError } from '../proxy/responses.ts';
import type { Authenticator } from '../security/auth.ts';
import { retryAfterSeconds } from '../security/login-rate-limit.ts';
import type { LoginRateLimiter } from '../security/login-rate-limit.ts';
import { clearedSessionCookie, readSessionId, sessionCookie } from '../security/session-cookie.ts';

export interface LoginDeps {
  auth: Authenticator;
  isReadOnly: boolean;
  isSecure: boolean;
  /** One line per attempt, without the token. */
  log: (req: IncomingMessage, event: { user: string | null; ok: boolean }) => void;
  /** Failed attempts per client address. */
  limiter: LoginRateLimiter;
  /** The client address (X-Forwarded-For only from a trusted proxy). */
  from: (req: IncomingMessage) => string;
}

/** 429 with Retry-After while this address has too many recent failures; true if refused. */
export function refuseRateLimited(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Pick<LoginDeps, 'limiter' | 'from'>,
): boolean {
  const waitMs = deps.limiter.retryAfterMs(deps.from(req));
  if (waitMs === null) return false;
  answerRateLimited(res, waitMs);
  return true;
}

function answerRateLimited(res: ServerResponse, waitMs: number): void {
  const seconds = retryAfterSeconds(waitMs);
  answerProxyError(
    res,
    {
      code: 'too-many-requests',
      message: `Too many failed sign-ins from this address. Try again in ${seconds} s.`,
    },
    { headers: { 'retry-after': seconds } },
  );
}

export async function handleLogin(req: IncomingMessage, res: ServerResponse, deps: LoginDeps) {
  if (deps.auth.mode !== 'token') {
    answerProxyError(res, { code: 'not-found', message: 'Login is only used with AUTH=token.' });
    return;
  }
  if (refuseRateLimited(req, res, deps)) return;
  const read = await readJsonBody(req);
  const parsed = read.kind === 'json' ? LoginRequestSchema.safeParse(read.value) : null;
  if (parsed?.success !== true) {
    answerProxyError(
      res,
      { code: 'bad-request', message: 'Send {"token": "..."} as JSON.' },
      read.kind === 'too-large' ? { headers: { connection: 'close' } } : {},
    );
    return;
  }
  // Checked again now the body is read: parallel guesses all passed the check above.
  const attempt = deps.limiter.beginAttempt(deps.from(req));
  if (!attempt.ok) {
    answerRateLimited(res, attempt.retryAfterMs);
    return;
  }
  const user = deps.auth.logIn(parsed.data.token);
  deps.log(req, { user, ok: user !== null });
  if (user === null) {
    answerProxyError(res, { code: 'unauthorized', message: 'This token is not valid.' });
    return;
  }
  attempt.succeeded();
  const id = deps.auth.sessions.create(user);
  const session: Session = { auth: 'token', user, readOnly: deps.isReadOnly };
  answerJson(res, 200, session, { 'set-cookie': sessionCookie(id, { secure: deps.isSecure }) });
}

export function handleLogout(req: IncomingMessage, res: ServerResponse, deps: LoginDeps) {
  const id = readSessionId(req.headers.cookie);
  if (id !== null) deps.auth.sessions.end(id);
  const session: Session = { auth: deps.auth.mode, user: null, readOnly: deps.isReadOnly };
  answerJson(res, 200, session, { 'set-cookie': clearedSessionCookie({ secure: deps.isSecure }) });
}
