/**
 * The dashboard's files as the production server sends them: a small build written to a
 * temporary folder, precompressed by the build's own step (scripts/precompress.ts), served by
 * `createStaticHandler` on a real HTTP server and read with raw requests, so that every header
 * and every byte (compressed or not) is what a browser would get.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCompressedSiblings } from '../../scripts/precompress.ts';
import { BASE_SECURITY_HEADERS, CSP_NONCE_PLACEHOLDER } from '../security/security-headers.ts';
import { createStaticHandler } from './static-files.ts';

const INDEX_TEMPLATE = `<!doctype html><html><head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"><script type="module" src="/assets/app-1a2b.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script></head><body><div id="root"></div>${'<!-- padding so the build would compress it -->'.repeat(40)}</body></html>`;
/** Large enough to get .br and .gz siblings. */
const APP_JS = `export const regions = [${Array.from({ length: 400 }, (_, i) => `"region-${i}"`).join(',')}];\n`;
/** Under the build's threshold: sent as is. */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"></svg>';
const SECRET = 'the-file-next-to-the-build';

let workDir: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'console-static-'));
  // A file beside the build, which no path may reach.
  writeFileSync(path.join(workDir, 'package.json'), JSON.stringify({ name: SECRET }));
  const client = path.join(workDir, 'client');
  mkdirSync(path.join(client, 'assets'), { recursive: true });
  writeFileSync(path.join(client, 'index.html'), INDEX_TEMPLATE);
  writeFileSync(path.join(client, 'assets', 'app-1a2b.js'), APP_JS);
  writeFileSync(path.join(client, 'favicon.svg'), FAVICON);
  writeCompressedSiblings(client);
  server = http.createServer(createStaticHandler(client));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  port = (address satisfies AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(
  urlPath: string,
  options: { method?: string; headers?: Record<string, string>; port?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: options.port ?? port,
        path: urlPath,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function expectSecurityHeaders(answer: Answer) {
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) {
    expect(answer.headers[name], name).toBe(value);
  }
}

function nonceOf(answer: Answer): { header: string; body: string } {
  const csp = String(answer.headers['content-security-policy'] ?? '');
  return {
    header: /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1] ?? '',
    body:
      /<meta property="csp-nonce" nonce="([^"]+)">/.exec(answer.body.toString('utf8'))?.[1] ?? '',
  };
}

describe('hashed assets', () => {
  it('are immutable for a year, with an ETag that a revalidation answers with 304', async () => {
    const first = await request('/assets/app-1a2b.js');
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(first.headers['content-type']).toBe('text/javascript');
    expect(first.body.toString('utf8')).toBe(APP_JS);
    expectSecurityHeaders(first);
    const etag = first.headers.etag ?? '';
    expect(etag).not.toBe('');

    const revalidated = await request('/assets/app-1a2b.js', {
      headers: { 'if-none-match': etag },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    expect(revalidated.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(revalidated);

    const stale = await request('/assets/app-1a2b.js', {
      headers: { 'if-none-match': 'W/"an-older-build"' },
    });
    expect(stale.status).toBe(200);
    expect(stale.body.toString('utf8')).toBe(APP_JS);
  });

  it('come as brotli or gzip, as Accept-Encoding allows, from the siblings the build wrote', async () => {
    const brotli = await request('/assets/app-1a2b.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toBe('text/javascript');
    expect(brotli.headers.vary).toBe('Accept-Encoding');
    expect(Number(brotli.headers['content-length'])).toBeLessThan(APP_JS.length / 2);
    expect(brotliDecompressSync(brotli.body).toString('utf8')).toBe(APP_JS);

    const gzip = await request('/assets/app-1a2b.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gzip.body).toString('utf8')).toBe(APP_JS);

    // Each encoding has its own ETag: a revalidation cannot get another encoding's 304.
    expect(gzip.headers.etag).not.toBe(brotli.headers.etag);

    const identity = await request('/assets/app-1a2b.js', {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.toString('utf8')).toBe(APP_JS);
  });

  it('a missing asset is a 404, never the page, even without an extension', async () => {
    for (const missing of ['/assets/app-0000.js', '/assets/app-0000', '/assets', '/logo.png']) {
      const answer = await request(missing, { headers: { 'accept-encoding': 'br' } });
      expect(answer.status, missing).toBe(404);
      expect(answer.headers['content-type'], missing).toBe('text/plain; charset=utf-8');
      expect(answer.headers['cache-control'], missing).toBe('no-store');
      expectSecurityHeaders(answer);
    }
  });
});

describe('other files of the build', () => {
  it('the favicon is cached for an hour, not forever, and a small file is sent as is', async () => {
    const answer = await request('/favicon.svg', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('public, max-age=3600');
    expect(answer.headers['content-type']).toBe('image/svg+xml');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString('utf8')).toBe(FAVICON);
  });
});

describe('index.html', () => {
  it('is rendered per request with a fresh nonce equal to the CSP header, and never stored', async () => {
    const seen = new Set<string>();
    for (const page of ['/', '/index.html', '/index.html/', '/c/default/tables/1024?region=1']) {
      const answer = await request(page, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(answer.status, page).toBe(200);
      expect(answer.headers['content-type'], page).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control'], page).toBe('no-store');
      // The build writes no compressed copy of the template, and the server renders it plain.
      expect(answer.headers['content-encoding'], page).toBeUndefined();
      expect(answer.headers.etag, page).toBeUndefined();
      const nonce = nonceOf(answer);
      expect(nonce.header, page).not.toBe('');
      expect(nonce.body, page).toBe(nonce.header);
      expect(answer.body.toString('utf8'), page).not.toContain(CSP_NONCE_PLACEHOLDER);
      expectSecurityHeaders(answer);
      seen.add(nonce.header);
    }
    expect(seen.size).toBe(4);
  });

  it('answers HEAD with the headers and no body, for the page and for files', async () => {
    const page = await request('/c/default/history', { method: 'HEAD' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(Number(page.headers['content-length'])).toBeGreaterThan(0);
    expect(page.body.length).toBe(0);

    const asset = await request('/assets/app-1a2b.js', { method: 'HEAD' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
    expect(asset.body.length).toBe(0);
  });
});

describe('a build changed under the running server', () => {
  it('a file removed since start cuts that answer, and the server goes on serving', async () => {
    const gone = path.join(workDir, 'client', 'assets', 'gone-9z8y.js');
    writeFileSync(gone, 'export {};');
    const handler = createStaticHandler(path.join(workDir, 'client'));
    rmSync(gone);
    const other = http.createServer(handler);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    try {
      await expect(request('/assets/gone-9z8y.js', { port: address.port })).rejects.toThrow(
        /socket hang up|ECONNRESET/,
      );
      const after = await request('/assets/app-1a2b.js', { port: address.port });
      expect(after.status).toBe(200);
      expect(after.body.toString('utf8')).toBe(APP_JS);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('hostile requests', () => {
  it('no path reaches a file outside the build, however it is spelled', async () => {
    for (const attempt of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/..',
      '/assets/../../package.json',
    ]) {
      const answer = await request(attempt);
      expect(answer.status, attempt).toBe(404);
      expect(answer.body.toString('utf8'), attempt).not.toContain(SECRET);
      expectSecurityHeaders(answer);
    }
  });

  it('a malformed path is a 400, another method a 405', async () => {
    for (const bad of ['/%E0%A4%A', '/assets/app%00.js', 'http://elsewhere.example/']) {
      const answer = await request(bad);
      expect(answer.status, bad).toBe(400);
      expectSecurityHeaders(answer);
    }
    const post = await request('/assets/app-1a2b.js', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});
