/**
 * Reads a small JSON request body (a region migration, a plan run). Bodies are refused past a
 * size limit before they are buffered and past a nesting depth before they are parsed (see
 * security/json-nesting.ts), and query strings are checked here too.
 */
import type { IncomingMessage } from 'node:http';
import type { ProxyError } from './responses.ts';
import { queryObject } from './validation.ts';
import { MAX_JSON_DEPTH, textNestsDeeperThan } from '../security/json-nesting.ts';

export const MAX_BODY_BYTES = 16 * 1024;

export type BodyResult =
  | { kind: 'json'; value: unknown }
  | { kind: 'too-large' }
  | { kind: 'invalid'; issue: string }
  /** The client went away before the whole body arrived; nobody is left to answer. */
  | { kind: 'aborted' };

/**
 * Requiring `application/json` is also what keeps other sites out: a cross-site HTML form
 * can only send form or text types, and a cross-site fetch with this type needs a CORS
 * preflight that this server never grants.
 */
function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * The body, null once it passes the limit, or 'aborted'. Reading stops at the limit without
 * destroying the request (which would cut the connection before the 413 answer is written);
 * the caller answers with `connection: close`. A client that hangs up mid-upload is routine,
 * not a fault of this server: it is one log line, never an exception with a stack.
 */
function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer | null | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.once('error', (error) => {
      process.stderr.write(
        `Region Console: ${req.method ?? '?'} ${req.url ?? '?'} ended before its body arrived (${error.message}).\n`,
      );
      resolve('aborted');
    });
  });
}

/** `maxBytes`: larger only for bodies that are lists by nature (a plan run's moves). */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number = MAX_BODY_BYTES,
): Promise<BodyResult> {
  if (!isJsonContentType(req.headers['content-type'])) {
    return { kind: 'invalid', issue: 'body: must be sent with content-type application/json' };
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) return { kind: 'too-large' };

  const body = await collect(req, maxBytes);
  if (body === null) return { kind: 'too-large' };
  if (body === 'aborted') return { kind: 'aborted' };
  const text = body.toString('utf8');
  if (textNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return { kind: 'invalid', issue: `body: nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    const value: unknown = JSON.parse(text);
    return { kind: 'json', value };
  } catch {
    return { kind: 'invalid', issue: 'body: is not valid JSON' };
  }
}

/** The proxy's refusal of a request before any plan exists (no MetaSrv or frontend is asked). */
export interface InputRefusal {
  kind: 'proxy-error';
  error: ProxyError;
  headers?: Record<string, string>;
}

export function badRequest(
  issues: string[],
  message = 'Invalid request parameters.',
): InputRefusal {
  return { kind: 'proxy-error', error: { code: 'bad-request', message, issues } };
}

/**
 * A JSON body, or the answer that refuses it: 413 (and the connection closed, the rest of the
 * body being unread) past the limit, 400 when it is not JSON.
 */
export async function readJsonInput(
  req: IncomingMessage,
  refusal: { maxBytes?: number; tooLarge?: string; invalid?: string } = {},
): Promise<{ ok: true; value: unknown } | InputRefusal> {
  const read = await readJsonBody(req, refusal.maxBytes);
  if (read.kind === 'too-large') {
    return {
      kind: 'proxy-error',
      error: {
        code: 'payload-too-large',
        message: refusal.tooLarge ?? 'The request body is too large.',
      },
      headers: { connection: 'close' },
    };
  }
  if (read.kind === 'invalid') return badRequest([read.issue], refusal.invalid);
  // Still answered (into a closed connection) so the endpoint audits the refusal as usual.
  if (read.kind === 'aborted') return badRequest(['body: the client ended the request early']);
  return { ok: true, value: read.value };
}

/**
 * An endpoint's query parameters and, for POST, its JSON body, as both request handlers (MetaSrv
 * and SQL path) read them: repeated parameters, a body over the limit and invalid JSON are
 * refused here. The body is also remembered in `bodies` for the audit log.
 */
export async function readRequestInput(
  req: IncomingMessage,
  url: URL,
  method: 'GET' | 'POST',
  bodies: WeakMap<IncomingMessage, unknown>,
): Promise<{ ok: true; query: Record<string, string>; body: unknown } | InputRefusal> {
  const query = queryObject(url.searchParams);
  if (!query.ok) return badRequest(query.issues);
  if (method !== 'POST') return { ok: true, query: query.value, body: undefined };
  const read = await readJsonInput(req);
  if (!('ok' in read)) return read;
  bodies.set(req, read.value);
  return { ok: true, query: query.value, body: read.value };
}
