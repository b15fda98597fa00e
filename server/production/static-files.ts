/**
 * Serves the built dashboard (dist/client). Files are looked up only inside the build
 * directory; a path that names no file and has no extension is a client-side route and gets
 * index.html (SPA fallback). index.html is served with a fresh CSP nonce each time: Vite's
 * `html.cspNonce` placeholder is replaced, and the same nonce goes into the CSP header
 * (`npm run dev` serves Vite's transformed index.html the same way, server/dev).
 */
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  BASE_SECURITY_HEADERS,
  CSP_NONCE_PLACEHOLDER,
  contentSecurityPolicy,
  newNonce,
} from '../security/security-headers.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite puts content-hashed files under assets/: they never change, so they may be cached. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

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

/** A client-side route (no file extension) gets index.html; a missing file is a 404. */
export function isClientRoute(pathname: string): boolean {
  return path.extname(pathname) === '';
}

export function createStaticHandler(distDir: string): StaticHandler {
  const root = path.resolve(distDir);
  const indexTemplate = readFileSync(path.join(root, 'index.html'), 'utf8');
  const serveIndex = (req: IncomingMessage, res: ServerResponse) => {
    serveIndexHtml(req, res, indexTemplate);
  };

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answerText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://console.invalid');
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      answerText(res, 400, 'Bad path');
      return;
    }
    if (decoded.includes('\0')) {
      answerText(res, 400, 'Bad path');
      return;
    }
    const file = path.resolve(root, `.${decoded}`);
    // Never a file outside the build, whatever `..` or encoded separators the path holds.
    if (file !== root && !file.startsWith(`${root}${path.sep}`)) {
      answerText(res, 404, 'Not found');
      return;
    }
    if (file === path.join(root, 'index.html') || decoded === '/') {
      serveIndex(req, res);
      return;
    }
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() === true) {
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      const body = readFileSync(file);
      const isHashed = decoded.startsWith('/assets/');
      res.writeHead(200, {
        ...BASE_SECURITY_HEADERS,
        'content-type': type,
        'content-length': String(body.length),
        'cache-control': isHashed ? IMMUTABLE : 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    // A missing asset is a 404 (a stale tab asking for an old bundle must not get HTML).
    if (!isClientRoute(decoded)) {
      answerText(res, 404, 'Not found');
      return;
    }
    serveIndex(req, res);
  };
}
