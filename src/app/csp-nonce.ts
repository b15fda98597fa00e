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
