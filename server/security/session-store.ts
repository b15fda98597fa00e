/**
 * Login sessions of token auth, in memory: a restart signs everybody out, which is acceptable
 * for an operator console and keeps secrets off the disk. Ids are 256 random bits; the store
 * is bounded so a flood of logins cannot grow memory without limit.
 */
import { randomBytes } from 'node:crypto';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

interface StoredSession {
  user: string;
  expiresAtMs: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(user: string): string {
    if (this.sessions.size >= MAX_SESSIONS) this.dropExpiredOrOldest();
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { user, expiresAtMs: this.now() + SESSION_TTL_MS });
    return id;
  }

  userOf(id: string): string | null {
    const session = this.sessions.get(id);
    if (session === undefined) return null;
    if (session.expiresAtMs <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return session.user;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private dropExpiredOrOldest(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) {
      if (session.expiresAtMs <= now) this.sessions.delete(id);
    }
    // Maps iterate in insertion order: the first key is the oldest session.
    const oldest = this.sessions.keys().next();
    if (this.sessions.size >= MAX_SESSIONS && oldest.done !== true) {
      this.sessions.delete(oldest.value);
    }
  }
}
