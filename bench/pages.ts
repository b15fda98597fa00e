/**
 * The console's pages the bench opens, by their canonical paths (src/app/router.tsx): the
 * older `/?table=` and `/?view=` links redirect, and a redirect has no place in a timing.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_CLUSTER_ID } from '../contract/api-contract.ts';

export const VIEWPORT = { width: 1400, height: 900 } as const;

const CLUSTER_PAGES = `/c/${DEFAULT_CLUSTER_ID}`;
export const OVERVIEW_PATH = `${CLUSTER_PAGES}/`;
export const CLUSTER_VIEW_PATH = `${CLUSTER_PAGES}/cluster`;
/** A page that reads no heartbeat summary: the cluster view's figures click from it. */
export const HISTORY_PATH = `${CLUSTER_PAGES}/history`;
export const tablePath = (tableId: string) => `${CLUSTER_PAGES}/tables/${tableId}`;

/** The table the per-table figures create (POST /control/tables) and open. */
export const BENCH_TABLE_ID = '5000';

/** The cluster view's all-regions grid. */
export const CLUSTER_GRID = '[role=grid][aria-label="Regions of all tables by datanode"]';
/** A table page's grid. */
export const tableGrid = (tableId: string) =>
  `table[aria-label="Regions of table ${tableId} by datanode"]`;

/** What a browser does when its tab goes to the background. */
export async function hide(page: Page): Promise<void> {
  // A string, not a function: tsx's transform would wrap the getters in a `__name` helper
  // that does not exist in the page.
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
}
