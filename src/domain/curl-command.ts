/**
 * The curl command equivalent to a console action against MetaSrv's admin API, so the
 * dashboard teaches the API and every action can be audited or repeated by hand. Parameters
 * are percent-encoded (a space is `%20`: MetaSrv would read a literal `+` as a space too, but
 * `%20` cannot be misread by a shell, a proxy or a person) and the URL is single-quoted for a
 * POSIX shell. Commands never carry credentials: the legacy admin API has none, and the
 * console's own session is not MetaSrv's business.
 */

/** POSIX single-quoting: everything literal; a `'` becomes `'\''`. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export interface MetasrvCall {
  /** host:port of the MetaSrv node (the leader for leader-only calls). */
  addr: string;
  path: string;
  params?: readonly (readonly [string, string])[];
  /** Legacy MetaSrv ignores the method; POST marks a change for the reader. */
  method?: 'GET' | 'POST';
}

export function metasrvUrl({ addr, path, params = [] }: MetasrvCall): string {
  const query = params
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return `http://${addr}${path}${query === '' ? '' : `?${query}`}`;
}

export function curlCommand(call: MetasrvCall): string {
  const method = call.method === 'POST' ? '-X POST ' : '';
  // The URL always holds `?` or `&` when it has parameters, so it is always quoted then.
  return `curl ${method}${shellQuote(metasrvUrl(call))}`;
}

/** Placeholder shown when the leader is unknown; never a guess at an address. */
export const UNKNOWN_LEADER = '<metasrv-leader>:3002';
