/**
 * "cluster view, click → painted": from History (a page that reads no heartbeat summary, so
 * the click is what asks the server for it), the header's "Cluster" link is pressed; the
 * figure runs from that press to the all-regions grid's rows painted. A new browser context
 * each time: nothing cached in the page, and the lazy cluster-view chunk is fetched too.
 */
import type { Browser, Page } from '@playwright/test';
import type { ClusterControl } from '../e2e/cluster-control.ts';
import { HEARTBEAT_PATH } from '../server/cluster-poller/cluster-poller.ts';
import { settings } from './config.ts';
import { timeInputToPaint, type InputToPaint } from './input-to-paint.ts';
import { CLUSTER_GRID, HISTORY_PATH, VIEWPORT } from './pages.ts';

/** The cluster view of 100k regions on a loaded machine. */
const PAGE_TIMEOUT_MS = 180_000;

export interface ClusterViewClick extends InputToPaint {
  /** Still on the cluster view, so the server keeps polling the heartbeat: close when done. */
  page: Page;
}

/**
 * `mustBeCold`: the server must not have read the heartbeat before the click (checked in the
 * emulator's request log, which the caller cleared when the server started).
 */
export async function clickToClusterView(
  browser: Browser,
  control: ClusterControl,
  mustBeCold: boolean,
): Promise<ClusterViewClick> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto(`${settings.base}${HISTORY_PATH}`);
    const link = page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'Cluster', exact: true });
    await link.waitFor();
    await page.waitForLoadState('networkidle');
    if (mustBeCold && (await control.requests(HEARTBEAT_PATH)).length > 0) {
      throw new Error('the heartbeat was read before the first click: the figure is not cold');
    }
    const timing = await timeInputToPaint(
      page,
      'pointerdown',
      `${CLUSTER_GRID} [data-region-id]`,
      () => link.click(),
      '/cluster-summary',
    );
    return { ...timing, page };
  } catch (error) {
    await page.close();
    throw error;
  }
}
