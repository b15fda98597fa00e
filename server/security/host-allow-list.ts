/**
 * DNS rebinding defence. A page on evil.example can make its own name resolve to 127.0.0.1 and
 * then talk to a console bound there "same-origin"; its requests still carry
 * `Host: evil.example`. Only the hosts the console is served under are accepted.
 */

/** `Host` values (`host[:port]`, lower case) allowed for these public origins. */
export function hostsOfOrigins(origins: readonly string[]): Set<string> {
  return new Set(origins.map((origin) => new URL(origin).host.toLowerCase()));
}

export function isHostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>) {
  if (hostHeader === undefined) return false;
  return allowed.has(hostHeader.trim().toLowerCase());
}
