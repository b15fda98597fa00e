/**
 * Reads a small JSON request body. The only body the contract has is a region-migration
 * request of four short strings, so anything large is refused before it is buffered.
 */
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 16 * 1024;

export type BodyResult =
  { kind: 'json'; value: unknown } | { kind: 'too-large' } | { kind: 'invalid'; issue: string };

/**
 * Requiring `application/json` is also what keeps other sites out: a cross-site HTML form
 * can only send form or text types, and a cross-site fetch with this type needs a CORS
 * preflight that this server never grants.
 */
function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * The body, or null once it passes the limit. Reading then stops without destroying the
 * request (which would cut the connection before the 413 answer is written); the caller
 * answers with `connection: close`.
 */
function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
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
    req.once('error', reject);
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
  const text = body.toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    return { kind: 'json', value };
  } catch {
    return { kind: 'invalid', issue: 'body: is not valid JSON' };
  }
}
