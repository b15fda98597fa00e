/**
 * Paint and scroll figures. Paint: the grid's response `responseEnd` (Resource Timing) → the
 * 2nd requestAnimationFrame after the grid's rows are in the DOM. Scroll: rAF deltas while a
 * grid scrolls.
 */
import type { Browser, Page } from '@playwright/test';
import type { ClusterControl } from '../e2e/cluster-control.ts';
import { resetCluster } from './cluster.ts';
import { settings } from './config.ts';
import {
  BENCH_TABLE_ID,
  CLUSTER_GRID,
  CLUSTER_VIEW_PATH,
  OVERVIEW_PATH,
  VIEWPORT,
  tableGrid,
  tablePath,
} from './pages.ts';
import { primeWaitForFunction } from './input-to-paint.ts';
import { median, ms, quantile, report } from './report.ts';

const TABLE_GRID = tableGrid(BENCH_TABLE_ID);

/** A grid to time: where it lives, its scrolling element, and the response it is drawn from. */
interface GridTarget {
  path: string;
  grid: string;
  scroller: string;
  resource: string;
  /**
   * Opened as an operator does: the console is loaded, the table id is typed and Enter
   * pressed. Without it the page is loaded at `path` (a deep link), so the figure also holds
   * whatever the app's first render does while the data arrives.
   */
  typedTableId?: string;
}
const TABLE_TARGET: GridTarget = {
  path: tablePath(BENCH_TABLE_ID),
  grid: TABLE_GRID,
  scroller: `div:has(> ${TABLE_GRID})`,
  resource: `/route?table_id=${BENCH_TABLE_ID}`,
};
const TYPED_TABLE_TARGET: GridTarget = { ...TABLE_TARGET, typedTableId: BENCH_TABLE_ID };
const CLUSTER_TARGET: GridTarget = {
  path: CLUSTER_VIEW_PATH,
  grid: CLUSTER_GRID,
  scroller: CLUSTER_GRID,
  resource: '/cluster-summary',
};

/** Installed before the app: records when the grid's rows appear, plus two frames. */
function paintProbe(target: GridTarget): string {
  return `(() => {
  const rows = ${JSON.stringify(`${target.grid} [data-region-id]`)};
  const observer = new MutationObserver(() => {
    if (document.querySelector(rows) === null) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__gridPaintedAt = performance.now();
    }));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;
}

function probeReader(target: GridTarget): string {
  return `window.__benchProbe = () => {
  const entry = performance.getEntriesByType('resource')
    .filter((e) => e.name.includes(${JSON.stringify(target.resource)})).at(-1);
  return {
    ...(window.__gridPaintedAt === undefined ? {} : { gridPaintedAt: window.__gridPaintedAt }),
    responseEnd: entry === undefined ? null : entry.responseEnd,
  };
};`;
}

declare global {
  interface Window {
    __gridPaintedAt?: number;
    __benchProbe: () => { gridPaintedAt?: number; responseEnd: number | null };
  }
}

async function paintOnce(browser: Browser, target: GridTarget): Promise<number> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript(probeReader(target));
  if (target.typedTableId === undefined) {
    await page.addInitScript(paintProbe(target));
    await page.goto(`${settings.base}${target.path}`);
  } else {
    await page.goto(`${settings.base}${OVERVIEW_PATH}`);
    const tableId = page.getByLabel('Table ID');
    await tableId.waitFor();
    await page.waitForLoadState('networkidle');
    await tableId.fill(target.typedTableId);
    await page.evaluate(paintProbe(target));
    await primeWaitForFunction(page);
    await tableId.press('Enter');
  }
  await page.waitForFunction(() => 'gridPaintedAt' in window.__benchProbe(), undefined, {
    timeout: 60_000,
  });
  const result = await page.evaluate(() => window.__benchProbe());
  await page.close();
  if (result.responseEnd === null) throw new Error(`no ${target.resource} resource entry`);
  return (result.gridPaintedAt ?? Number.NaN) - result.responseEnd;
}

async function medianPaint(browser: Browser, target: GridTarget): Promise<number> {
  await paintOnce(browser, target); // warm-up: server caches, Chromium's code cache
  const times: number[] = [];
  for (let i = 0; i < settings.runs; i += 1) times.push(await paintOnce(browser, target));
  return median(times);
}

async function scrollFrames(page: Page, scrollerSelector: string): Promise<number[]> {
  return page.evaluate(async (selector) => {
    const scroller = document.querySelector<HTMLElement>(selector);
    if (scroller === null) throw new Error('no grid');
    const deltas: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 150; i += 1) {
      scroller.scrollTop += 240;
      await new Promise<void>((resolve) =>
        requestAnimationFrame(() => {
          resolve();
        }),
      );
      const now = performance.now();
      deltas.push(now - last);
      last = now;
    }
    return deltas;
  }, scrollerSelector);
}

/** p50 and p95 frame times (medians over the runs) while a grid scrolls. */
async function scrollFigures(browser: Browser, target: GridTarget) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(`${settings.base}${target.path}`);
  await page.locator(`${target.grid} [data-region-id]`).first().waitFor({ timeout: 60_000 });
  const p50: number[] = [];
  const p95: number[] = [];
  for (let i = 0; i < settings.runs; i += 1) {
    const deltas = await scrollFrames(page, target.scroller);
    p50.push(quantile(deltas, 0.5));
    p95.push(quantile(deltas, 0.95));
  }
  await page.close();
  return { p50: median(p50), p95: median(p95) };
}

export async function benchPaint(browser: Browser, control: ClusterControl) {
  const sizes = [
    { regions: 1_000, datanodes: 20 },
    { regions: 10_000, datanodes: 50 },
    { regions: 100_000, datanodes: 200 },
  ];
  let tableScroll = { p50: Number.NaN, p95: Number.NaN };
  for (const size of sizes) {
    // The seeded tables plus one table of N regions, round-robin over the datanodes.
    await resetCluster(control, { tables: null, regions: null, datanodes: size.datanodes });
    await control.createTable({ tableId: Number(BENCH_TABLE_ID), regions: size.regions });
    const value = await medianPaint(browser, TYPED_TABLE_TARGET);
    const label = `table grid painted after route, ${(size.regions / 1000).toString()}k regions (${String(size.datanodes)} dn)`;
    // Issue 18: 80 ms (was 100 ms), to keep a margin for the noise.
    if (size.regions === 10_000) report(label, ms(value), '≤ 80 ms', value <= 80);
    else report(label, ms(value));
    if (size.regions === 10_000) {
      const cold = await medianPaint(browser, TABLE_TARGET);
      report('  the same, opened cold from a deep link (app boot included)', ms(cold));
    }
    if (size.regions === 100_000) tableScroll = await scrollFigures(browser, TABLE_TARGET);
  }

  await resetCluster(control, { regions: 100_000, datanodes: 200, tables: 1000 });
  const cluster = await medianPaint(browser, CLUSTER_TARGET);
  report('cluster view painted after data, 100k regions', ms(cluster), '≤ 1 s', cluster <= 1000);
  const clusterScroll = await scrollFigures(browser, CLUSTER_TARGET);

  for (const [name, scroll] of [
    ['100k table grid', tableScroll],
    ['100k cluster grid', clusterScroll],
  ] as const) {
    // At 60 Hz a frame is 16.7 ms, so a smooth scroll reads 17 ms rounded; issue 18 asks for
    // a p95 of at most 20 ms.
    report(`scroll frame time, ${name}, p50`, ms(scroll.p50));
    report(`scroll frame time, ${name}, p95`, ms(scroll.p95), '≤ 20 ms', scroll.p95 <= 20);
  }
}
