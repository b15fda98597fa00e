/**
 * One exchange with a GreptimeDB frontend's HTTP SQL API (API.md §3.4): `POST /v1/sql` with
 * the statement in a form body and `db=greptime-public` (admin functions must run in catalog
 * `greptime`). Credentials go only into the Authorization header of this request; they are
 * never part of a result, a message or a log line.
 *
 * Like upstream.ts for MetaSrv, the result says how far the exchange got: a migration
 * statement is never re-sent once it may have reached the frontend.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { SQL_DB } from '../../contract/sql/statements.ts';

export interface FrontendTarget {
  /** `http://host:port` or `https://host:port`, nothing else. */
  url: string;
  /** `user:password` for GreptimeDB's basic auth; null when auth is off. */
  credentials: { user: string; password: string } | null;
  /** PEM CA bundle for an https frontend with a private CA. */
  ca?: Buffer | null;
}

export type FrontendResult =
  | { kind: 'response'; addr: string; status: number; headers: IncomingHttpHeaders; body: Buffer }
  /** No connection was made: nothing was sent. */
  | { kind: 'connect-failed'; addr: string; message: string }
  /** Sent; no complete answer in time. */
  | { kind: 'timeout'; addr: string; message: string }
  /** Sent; the connection broke before the answer was complete. */
  | { kind: 'reset-after-send'; addr: string; message: string };

export type SendSql = (
  target: FrontendTarget,
  statement: string,
  options: { timeoutMs: number },
) => Promise<FrontendResult>;

/** The admin functions' catalog (`ensure_greptime!`) and a schema that always exists. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** OpenSSL's verification codes (node's `error.code`) that mean "not a certificate we trust". */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** A refused frontend certificate, said so that an operator knows what to set. */
function tlsProblem(error: Error): string | null {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return `its TLS certificate is not trusted (${code}: ${error.message}); set CA_BUNDLE to the CA that signed it`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'CERT_HAS_EXPIRED') {
    return `its TLS certificate was refused (${code}: ${error.message})`;
  }
  return null;
}

export function frontendAddr(url: string): string {
  return new URL(url).host;
}

export function basicAuthHeader(credentials: { user: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
}

export const sendSql: SendSql = (target, statement, { timeoutMs }) => {
  const url = new URL(`/v1/sql?db=${encodeURIComponent(SQL_DB)}`, target.url);
  const addr = url.host;
  const body = Buffer.from(new URLSearchParams({ sql: statement }).toString(), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(body.length),
    accept: 'application/json',
  };
  if (target.credentials !== null) headers.authorization = basicAuthHeader(target.credentials);
  const transport = url.protocol === 'https:' ? https : http;

  return new Promise((resolve) => {
    let isConnected = false;
    let isSettled = false;
    const settle = (result: FrontendResult) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers,
        // A fresh connection each time: a pooled socket closed while idle would turn "never
        // arrived" into "outcome unknown" for a migration.
        agent: false,
        ...(target.ca === undefined || target.ca === null ? {} : { ca: target.ca }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            request.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          settle({
            kind: 'response',
            addr,
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          });
        });
        response.on('error', (error) => {
          settle({ kind: 'reset-after-send', addr, message: error.message });
        });
      },
    );
    const timer = setTimeout(() => {
      settle(
        isConnected
          ? { kind: 'timeout', addr, message: `no answer within ${timeoutMs} ms` }
          : { kind: 'connect-failed', addr, message: `no connection within ${timeoutMs} ms` },
      );
      request.destroy();
    }, timeoutMs);
    request.on('socket', (socket) => {
      // Over TLS nothing is written before the handshake succeeds: a refused certificate means
      // the statement never left this process.
      socket.once(transport === https ? 'secureConnect' : 'connect', () => {
        isConnected = true;
      });
    });
    request.on('error', (error) => {
      const message = tlsProblem(error) ?? error.message;
      settle(
        isConnected
          ? { kind: 'reset-after-send', addr, message }
          : { kind: 'connect-failed', addr, message },
      );
    });
    request.end(body);
  });
};
