/**
 * Who is asking. Three modes:
 * - `none`: nobody is identified (only allowed on loopback, or with read-only mode);
 * - `basic`: HTTP basic auth on every request, the browser prompts;
 * - `token`: named tokens, exchanged once at the login page for an HttpOnly, SameSite=Strict
 *   session cookie. The token's name is the user in the audit log.
 * Secrets are compared in constant time (secrets.ts) and never logged or echoed.
 */
import type { IncomingMessage } from 'node:http';
import type { AuthMode } from '../../contract/api-contract.ts';
import { findBySecret, secretsEqual } from './secrets.ts';
import { readSessionId } from './session-cookie.ts';
import { SessionStore } from './session-store.ts';

export interface Credential {
  /** User name (basic) or token name (token). */
  name: string;
  secret: string;
}

export interface AuthConfig {
  mode: AuthMode;
  credentials: readonly Credential[];
}

export type Identity = { ok: true; user: string | null } | { ok: false };

export const BASIC_REALM = 'Greptime Region Console';

function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  if (header === undefined) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const encoded = match?.[1];
  if (encoded === undefined) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class Authenticator {
  readonly sessions: SessionStore;

  constructor(
    readonly config: AuthConfig,
    now: () => number = Date.now,
  ) {
    this.sessions = new SessionStore(now);
  }

  get mode(): AuthMode {
    return this.config.mode;
  }

  identify(req: IncomingMessage): Identity {
    switch (this.config.mode) {
      case 'none':
        return { ok: true, user: null };
      case 'basic': {
        const given = basicCredentials(req.headers.authorization);
        if (given === null) return { ok: false };
        // Every entry is compared so timing does not reveal which user names exist.
        let user: string | null = null;
        for (const credential of this.config.credentials) {
          const isMatch =
            secretsEqual(given.user, credential.name) &&
            secretsEqual(given.password, credential.secret);
          if (isMatch && user === null) user = credential.name;
        }
        return user === null ? { ok: false } : { ok: true, user };
      }
      case 'token': {
        const id = readSessionId(req.headers.cookie);
        const user = id === null ? null : this.sessions.userOf(id);
        return user === null ? { ok: false } : { ok: true, user };
      }
    }
  }

  /** Token mode: the token's name, or null. */
  logIn(token: string): string | null {
    if (this.config.mode !== 'token') return null;
    return findBySecret(this.config.credentials, token);
  }
}
