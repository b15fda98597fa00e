/**
 * Serves the built dashboard (dist/client) with sirv. sirv lists the build once at start and
 * answers only names in that listing, so no path reaches a file outside it; it sends ETags,
 * answers If-None-Match with 304, and picks the `.br`/`.gz` sibling that scripts/build.ts
 * wrote when Accept-Encoding allows (it never compresses on the fly).
 *
 * index.html never comes from sirv: it is rendered per request with a fresh CSP nonce in place
 * of Vite's `html.cspNonce` placeholder, the same nonce goes into the CSP header, and it is
 * `no-store` (a cached copy would carry a stale nonce). The build writes no compressed
 * sibling of it. `npm run dev` renders Vite's transformed index.html the same way (server/dev).
 *
 * A path with no extension that names no file is a client-side route and gets index.html (SPA
 * fallback); a missing file under /assets/ or with an extension is a 404, so a stale tab
 * asking for an old bundle never gets HTML in place of JavaScript.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sirv from 'sirv';
import {
  BASE_SECURITY_HEADERS,
  CSP_NONCE_PLACEHOLDER,
  contentSecurityPolicy,
  newNonce,
} from '../security/security-headers.ts';

/** Vite puts content-hashed files under assets/: a new build gives them new names. */
const HASHED_ASSETS = /^\/assets(\/|$)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Files copied from public/ (the favicon) keep their name across builds: an hour, then ask. */
const PUBLIC_FILE = 'public, max-age=3600';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function answerText(res: ServerResponse, status: number, text: string, headers = {}) {
  res.writeHead(status, {
    ...BASE_SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** index.html with a fresh nonce in place of the placeholder, and the CSP that allows it. */
export function serveIndexHtml(req: IncomingMessage, res: ServerResponse, template: string) {
  const nonce = newNonce();
  const body = Buffer.from(template.replaceAll(CSP_NONCE_PLACEHOLDER, nonce), 'utf8');
  res.writeHead(200, {
    ...BASE_SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-store',
    'content-security-policy': contentSecurityPolicy(nonce),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A path with no file extension, outside assets/, is a client-side route: it gets index.html. */
export function isClientRoute(pathname: string): boolean {
  return path.posix.extname(pathname) === '' && !HASHED_ASSETS.test(pathname);
}

/**
 * The path sirv looks up, decoded; null when it is not one (malformed escapes, a NUL, or an
 * absolute-form target, which only proxies are sent). It is taken from the raw target as
 * sirv takes it, not normalized by `URL`, so the checks below see what sirv will see.
 */
function decodedPathname(url: string): string | null {
  const raw = url.split(/[?#]/, 1)[0] ?? '';
  if (!raw.startsWith('/')) return null;
  try {
    const decoded = decodeURIComponent(raw);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

export function createStaticHandler(distDir: string): StaticHandler {
  const root = path.resolve(distDir);
  const indexTemplate = readFileSync(path.join(root, 'index.html'), 'utf8');
  const serveIndex = (req: IncomingMessage, res: ServerResponse) => {
    serveIndexHtml(req, res, indexTemplate);
  };
  const serveFile = sirv(root, {
    etag: true,
    brotli: true,
    gzip: true,
    // A request names its file exactly: `/history` is a client route, never history.html.
    extensions: [],
  });

  return (req, res) => {
    for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) res.setHeader(name, value);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answerText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    const pathname = decodedPathname(req.url ?? '/');
    if (pathname === null) {
      answerText(res, 400, 'Bad path');
      return;
    }
    // sirv would find nothing either; refused here so that `..` never reaches the SPA fallback.
    if (pathname.split('/').includes('..')) {
      answerText(res, 404, 'Not found');
      return;
    }
    // sirv trims a trailing slash, so `/index.html/` would name the file too.
    if (pathname === '/' || pathname.replace(/\/+$/, '') === '/index.html') {
      serveIndex(req, res);
      return;
    }
    // Set before sirv so that its 304 answers carry them as well (it adds none to a 304).
    res.setHeader('cache-control', HASHED_ASSETS.test(pathname) ? IMMUTABLE : PUBLIC_FILE);
    res.setHeader('vary', 'Accept-Encoding');
    // sirv pipes a read stream into the answer without listening for its errors: a file gone
    // since start (a rebuild in place) or no descriptor left (EMFILE) would otherwise throw out
    // of the process. The headers are written by then, so the connection is cut.
    res.once('pipe', (source: Readable) => {
      source.once('error', (error) => {
        process.stderr.write(`Region Console: could not read ${pathname}: ${error.message}\n`);
        res.destroy();
      });
    });
    serveFile(req, res, () => {
      // No such file: the answers below set their own cache-control.
      res.removeHeader('vary');
      if (isClientRoute(pathname)) serveIndex(req, res);
      else answerText(res, 404, 'Not found');
    });
  };
}
