/**
 * A page's JavaScript heap, read through the Chrome DevTools Protocol after a full garbage
 * collection: what the page keeps, not what it has yet to collect.
 */
import type { Page } from '@playwright/test';

/** Bytes of JS heap in use (`Runtime.getHeapUsage`'s usedSize) after `HeapProfiler.collectGarbage`. */
export async function jsHeapAfterGc(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    return (await session.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await session.detach();
  }
}
