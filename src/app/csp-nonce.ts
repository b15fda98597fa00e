/**
 * The per-request CSP nonce the production server put into index.html (Vite's
 * `<meta property="csp-nonce">`). Mantine adds it to the `<style>` elements it injects, which
 * the Content-Security-Policy would otherwise block. The `nonce` property is read, not the
 * attribute: browsers blank the attribute once a CSP header applies, to keep it from leaking.
 */
export function readCspNonce(): string {
  const meta = document.querySelector('meta[property="csp-nonce"]');
  return meta instanceof HTMLElement ? meta.nonce : '';
}

/**
 * Mantine's Modal locks page scroll with react-remove-scroll, whose `<style>` element takes its
 * nonce from the `get-nonce` package, not from MantineProvider. That package falls back to the
 * global `__webpack_nonce__`, so the page's nonce goes there; without it every dialog that opens
 * logs "Applying inline style violates … style-src" and the scroll lock's styles are dropped.
 */
export function shareCspNonceWithScrollLock(): void {
  const nonce = readCspNonce();
  if (nonce !== '') Object.assign(globalThis, { __webpack_nonce__: nonce });
}
