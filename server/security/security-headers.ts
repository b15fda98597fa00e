/**
 * Response headers of the console server. The Content-Security-Policy allows only our own
 * origin; the `<style>` elements Mantine injects at run time carry a per-request nonce (read
 * by the app from `<meta property="csp-nonce">`, which Vite's `html.cspNonce` emits).
 * `npm run dev` sends the same policy (server/dev/dev-server.ts serves index.html through
 * `serveIndexHtml`): Vite's hot reload gives the styles it injects the same nonce.
 */
import { randomBytes } from 'node:crypto';

/** The placeholder vite.config.ts gives `html.cspNonce`; replaced per request in index.html. */
export const CSP_NONCE_PLACEHOLDER = '__CSP_NONCE__';

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    // The favicon is `data:,` (index.html).
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sent on every answer of the production server. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** HSTS only makes sense when the browser reached us over HTTPS. */
export const HSTS_HEADER = { 'strict-transport-security': 'max-age=31536000' } as const;
