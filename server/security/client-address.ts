/**
 * Where a request came from, for the audit log. `X-Forwarded-For` is anyone's to write, so it
 * is believed only when the connection itself comes from a configured reverse proxy, and then
 * only the hops that proxies appended: the rightmost address that is not a trusted proxy.
 */
import type { IncomingMessage } from 'node:http';

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) -> `127.0.0.1`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const header = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
  if (header === undefined) return peer;
  const hops = header.split(',').map(normalizeAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i];
    if (hop !== undefined && !trustedProxies.has(hop)) return hop;
  }
  return peer;
}
