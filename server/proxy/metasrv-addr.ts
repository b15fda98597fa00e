/**
 * MetaSrv addresses as GreptimeDB writes them: `host:port`, the node's gRPC/admin address
 * (`/admin/leader` answers in the same form). Kept as strings because they are compared
 * with what MetaSrv reports, never resolved or rewritten.
 */

/** A DNS name or IPv4 address, or an IPv6 address in brackets, then a port 1..65535. */
const HOST_PORT =
  /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?):(\d{1,5})$/;

export function isMetasrvAddr(text: string): boolean {
  const match = HOST_PORT.exec(text);
  const port = match?.[1];
  if (port === undefined) return false;
  const value = Number(port);
  return value >= 1 && value <= 65_535;
}

/** Splits `host:port`; only call on a value that passed `isMetasrvAddr`. */
export function splitMetasrvAddr(addr: string): { host: string; port: number } {
  const colon = addr.lastIndexOf(':');
  const host = addr.slice(0, colon);
  // node:http wants an IPv6 host without the brackets.
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  return { host: bare, port: Number(addr.slice(colon + 1)) };
}
