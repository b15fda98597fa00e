/**
 * Failed sign-ins per client address (basic-auth credentials or a login token): after
 * LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW_MS the address is refused, right or
 * wrong credentials alike, until its oldest failure leaves the window. Refusing the right
 * credentials too is the point: otherwise a blocked guesser would still learn which guess was
 * right. Successes are never counted (an attempt counts while it is evaluated). The table is bounded, so a flood of addresses cannot
 * grow memory without limit.
 */

export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_FAILURE_WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

export class LoginRateLimiter {
  /** Address -> times of its failures within the window, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limit = LOGIN_FAILURE_LIMIT,
    private readonly windowMs = LOGIN_FAILURE_WINDOW_MS,
  ) {}

  /** Milliseconds until `address` may try again; null when it may try now. */
  retryAfterMs(address: string): number | null {
    const recent = this.recent(address);
    const oldest = recent[0];
    if (recent.length < this.limit || oldest === undefined) return null;
    return oldest + this.windowMs - this.now();
  }

  /**
   * Counts a sign-in attempt before it is evaluated, or refuses it (the milliseconds to wait)
   * when the address is at its limit. Counting first is what bounds parallel guesses: an
   * attempt still being evaluated already holds its place. A success gives the place back.
   */
  beginAttempt(
    address: string,
  ): { ok: true; succeeded: () => void } | { ok: false; retryAfterMs: number } {
    const retryAfterMs = this.retryAfterMs(address);
    if (retryAfterMs !== null) return { ok: false, retryAfterMs };
    const at = this.recordFailure(address);
    return {
      ok: true,
      succeeded: () => {
        const recent = this.failures.get(address);
        const index = recent?.indexOf(at) ?? -1;
        if (index >= 0) recent?.splice(index, 1);
      },
    };
  }

  /** Returns the time the failure was counted at. */
  recordFailure(address: string): number {
    const recent = this.recent(address);
    const at = this.now();
    recent.push(at);
    // Re-inserted so that Map order is least recently failed first, the first to drop.
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > MAX_ADDRESSES) {
      const first = this.failures.keys().next();
      if (first.done !== true) this.failures.delete(first.value);
    }
    return at;
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.failures.delete(address);
    else this.failures.set(address, recent);
    return recent;
  }
}

/** `Retry-After` in whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}
