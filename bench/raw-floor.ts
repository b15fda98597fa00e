/**
 * The floor of an end-to-end figure: the time for a page to fetch a static copy of the MetaSrv
 * body the figure's view is made from and `JSON.parse` it, once (a v0.6 route's inner JSON
 * string stays a string), measured in the same browser and the same run as the figure. A
 * fresh page each time, on the copy's own origin, so nothing is cached and no CSP applies.
 */
import type { Browser } from '@playwright/test';
import { z } from 'zod';

/** Tens of MB on a loaded machine. */
const FLOOR_TIMEOUT_MS = 120_000;

/** Milliseconds to fetch `copyUrl` (from startStaticCopies) and parse it. */
export async function timeRawFetchAndParse(browser: Browser, copyUrl: string): Promise<number> {
  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(FLOOR_TIMEOUT_MS);
    await page.goto(new URL('/', copyUrl).href);
    // A string, as in input-to-paint.ts. The parsed body is kept, so the parse is not skipped.
    const elapsed = await page.evaluate(`(async () => {
  const startedAt = performance.now();
  const response = await fetch(${JSON.stringify(copyUrl)}, { cache: 'no-store' });
  if (!response.ok) throw new Error('static copy: HTTP ' + response.status);
  window.__rawBody = JSON.parse(await response.text());
  return performance.now() - startedAt;
})()`);
    return z.number().parse(elapsed);
  } finally {
    await page.close();
  }
}
