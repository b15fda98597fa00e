/**
 * The two kinds of answer the handler gives: MetaSrv's own answer relayed byte for byte,
 * or the proxy's own JSON (errors, the MetaSrv status summary), marked `x-console-origin`
 * so the browser's API layer never mistakes one for the other.
 */
import type { ServerResponse } from 'node:http';
import { RELAY_HEADERS } from '../../contract/api-contract.ts';
import type { ProxyErrorBody, ProxyErrorCode } from '../../contract/api-contract.ts';
import type { UpstreamResult } from './upstream.ts';
import { FRONTEND_RELAY_HEADER } from '../../contract/sql-contract.ts';

export type ProxyError = ProxyErrorBody['error'];
export type MetasrvAnswer = Extract<UpstreamResult, { kind: 'response' }>;

/** HTTP status the proxy uses for each of its own error codes. */
export const PROXY_ERROR_STATUS: Readonly<Record<ProxyErrorCode, number>> = {
  'bad-request': 400,
  'not-found': 404,
  'method-not-allowed': 405,
  'payload-too-large': 413,
  'metasrv-unreachable': 502,
  'metasrv-timeout': 504,
  'leader-not-configured': 502,
  'no-leader': 503,
  // Overridden per case: 504 after a timeout, 502 after a reset.
  'submission-outcome-unknown': 502,
  unauthorized: 401,
  forbidden: 403,
  'read-only': 403,
  'uri-too-long': 414,
  'metasrv-invalid-answer': 502,
  conflict: 409,
  'frontend-not-configured': 503,
  'frontend-unreachable': 502,
  'frontend-timeout': 504,
  'too-many-requests': 429,
  'data-dir-not-writable': 503,
};

/**
 * On every `/api` answer. Cluster state changes under the user's eyes, so no cache may keep
 * one. A relayed body is whatever MetaSrv or a frontend sent, `text/html` included: unsniffed
 * and sandboxed with no sources, it stays inert even when opened directly on our origin.
 */
export const API_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
};

export function answerJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    ...API_ANSWER_HEADERS,
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    [RELAY_HEADERS.origin]: 'proxy',
  });
  res.end(body);
}

export function answerProxyError(
  res: ServerResponse,
  error: ProxyError,
  options: { status?: number | undefined; headers?: Record<string, string> | undefined } = {},
): void {
  const body: ProxyErrorBody = { error };
  answerJson(res, options.status ?? PROXY_ERROR_STATUS[error.code], body, options.headers);
}

/** MetaSrv's status and body unchanged; the browser's API layer is the one gate for them. */
export function relayMetasrvAnswer(res: ServerResponse, answer: MetasrvAnswer): void {
  const headers: Record<string, string> = {
    ...API_ANSWER_HEADERS,
    'content-length': String(answer.body.length),
    [RELAY_HEADERS.metasrvAddr]: answer.addr,
  };
  // MetaSrv's clock, which lease ages are measured against (API.md §1.7).
  const date = answer.headers.date;
  if (date !== undefined) headers[RELAY_HEADERS.metasrvDate] = date;
  // Legacy MetaSrv rarely sets a type (API.md §1.1); pass on what it said, invent nothing.
  const contentType = answer.headers['content-type'];
  if (contentType !== undefined) headers['content-type'] = contentType;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * A GreptimeDB frontend's answer (server/sql-path) unchanged, marked with the frontend that
 * gave it so the browser reads a non-200 as the frontend's JSON error, not MetaSrv's text.
 */
export function relayFrontendAnswer(
  res: ServerResponse,
  answer: { addr: string; status: number; headers: { 'content-type'?: string }; body: Buffer },
): void {
  const headers: Record<string, string> = {
    ...API_ANSWER_HEADERS,
    'content-length': String(answer.body.length),
    [FRONTEND_RELAY_HEADER]: answer.addr,
  };
  const contentType = answer.headers['content-type'];
  if (contentType !== undefined) headers['content-type'] = contentType;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
