/**
 * The curl command equivalent to a console action against MetaSrv's admin API, so the
 * dashboard teaches the API and every action can be audited or repeated by hand. Parameters
 * are percent-encoded (a space is `%20`: MetaSrv would read a literal `+` as a space too, but
 * `%20` cannot be misread by a shell, a proxy or a person) and the URL is single-quoted for a
 * POSIX shell. Commands never carry credentials: the legacy admin API has none, the
 * console's own session is not MetaSrv's business, and the frontend's basic-auth credentials
 * stay on the server, so a SQL-path command reads them from `$GREPTIME_AUTH` (`user:password`).
 */
import { SQL_DB } from '../../contract/sql/statements.ts';

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

export interface FrontendSqlCall {
  /** `http(s)://host:port` of the frontend; null when the console does not know it. */
  origin: string | null;
  /** The statement exactly as the console server sends it (contract/sql/statements.ts). */
  sql: string;
  /** Whether the server sends credentials to this frontend. */
  withAuth: boolean;
}

/** Placeholder shown when the frontend's address is unknown. */
export const UNKNOWN_FRONTEND = 'http://<frontend>:4000';

/** The same request the server sends to GreptimeDB's HTTP SQL API, minus its credentials. */
export function sqlCurlCommand({ origin, sql, withAuth }: FrontendSqlCall): string {
  const url = `${origin ?? UNKNOWN_FRONTEND}/v1/sql?db=${encodeURIComponent(SQL_DB)}`;
  const auth = withAuth ? ' -u "$GREPTIME_AUTH"' : '';
  // --data-urlencode percent-encodes what follows `sql=`, as the server's form body does.
  return `curl -X POST${auth} ${shellQuote(url)} --data-urlencode ${shellQuote(`sql=${sql}`)}`;
}
