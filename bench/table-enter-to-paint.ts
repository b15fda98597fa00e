/**
 * "table, Enter → painted" (issue 18) at 10k and 100k regions, each beside its floor "raw route
 * fetch + parse", measured in the same runs, in the same browser; and the browser's JS heap
 * with the 100k table open, beside the raw route body's size. The operator's path: the console
 * is loaded (its overview read, network idle), the table id typed, Enter pressed; the figure
 * runs from that keydown to the table grid's rows painted. Each run is a new browser context,
 * so nothing is cached in the page.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from '@playwright/test';
import { routePath } from '../server/cluster-poller/cluster-poller.ts';
import { jsHeapAfterGc } from './browser-heap.ts';
import { resetCluster } from './cluster.ts';
import { judged, scaleNote, scaledRegions, settings } from './config.ts';
import { timeInputToPaint } from './input-to-paint.ts';
import { BENCH_TABLE_ID, OVERVIEW_PATH, VIEWPORT, tableGrid } from './pages.ts';
import { timeRawFetchAndParse } from './raw-floor.ts';
import { answerTimes, median, megabytes, ms, ratio, regionCount, report } from './report.ts';
import { startServer } from './server.ts';
import type { StandaloneEmulator } from './standalone-emulator.ts';
import { readFromLeader, type StaticCopies } from './static-copy.ts';

/** The sizes, over the datanodes the paint figures use at those sizes. */
const SIZES = [
  { regions: 10_000, datanodes: 50, targetMs: 150, target: '≤ 150 ms' },
  { regions: 100_000, datanodes: 200, targetMs: 1_000, target: '≤ 1 s' },
] as const;
const MAX_FLOOR_RATIO = 2;
/** Browser heap with the 100k table open, at most this many times the raw route body. */
const MAX_HEAP_RATIO = 3;
/** Loading the console on a loaded machine, with a 100k-region heartbeat summary in it. */
const PAGE_TIMEOUT_MS = 180_000;
/** After the grid's first paint the rest of the table page renders (datanodes panel). */
const HEAP_SETTLE_MS = 1_000;
const TABLE_ROWS = `${tableGrid(BENCH_TABLE_ID)} [data-region-id]`;
const ROUTE_RESOURCE = `/route?table_id=${BENCH_TABLE_ID}`;

async function enterToPaint(browser: Browser, readsHeap: boolean) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto(`${settings.base}${OVERVIEW_PATH}`);
    const tableId = page.getByLabel('Table ID');
    await tableId.waitFor();
    await page.waitForLoadState('networkidle');
    await tableId.fill(BENCH_TABLE_ID);
    const timing = await timeInputToPaint(
      page,
      'enter',
      TABLE_ROWS,
      () => tableId.press('Enter'),
      ROUTE_RESOURCE,
    );
    if (!readsHeap) return { ...timing, heapBytes: Number.NaN };
    await sleep(HEAP_SETTLE_MS);
    return { ...timing, heapBytes: await jsHeapAfterGc(page) };
  } finally {
    await page.close();
  }
}

export async function benchTableEnterToPaint(
  browser: Browser,
  emulator: StandaloneEmulator,
  copies: StaticCopies,
): Promise<void> {
  for (const size of SIZES) {
    const regions = scaledRegions(size.regions);
    const isLargest = size === SIZES[SIZES.length - 1];
    // The seeded tables plus one table of N regions, round-robin over the datanodes.
    await resetCluster(emulator.control, {
      tables: null,
      regions: null,
      datanodes: size.datanodes,
    });
    await emulator.control.createTable({ tableId: Number(BENCH_TABLE_ID), regions });
    const body = await readFromLeader(emulator.control, routePath(BENCH_TABLE_ID));
    const copyUrl = copies.put(`route-${String(regions)}`, body);

    const server = await startServer({ metasrvAddrs: emulator.metasrvAddrs });
    const figures: number[] = [];
    const requests: number[] = [];
    const answers: number[] = [];
    const floors: number[] = [];
    const heaps: number[] = [];
    try {
      // Warm-up: Chromium's code cache, the server's first reads.
      await enterToPaint(browser, false);
      await timeRawFetchAndParse(browser, copyUrl);
      for (let i = 0; i < settings.runs; i += 1) {
        const run = await enterToPaint(browser, isLargest);
        figures.push(run.elapsedMs);
        requests.push(run.requestedMs);
        answers.push(run.answeredMs);
        heaps.push(run.heapBytes);
        floors.push(await timeRawFetchAndParse(browser, copyUrl));
      }
    } finally {
      await server.stop();
    }

    const figure = median(figures);
    const floor = median(floors);
    const sizeLabel = `${regionCount(regions)} regions (${String(size.datanodes)} dn)${scaleNote()}`;
    report(
      `table, Enter → painted, ${sizeLabel}`,
      `${ms(figure)} (${answerTimes('route', median(requests), median(answers))}), ` +
        `${ratio(figure / floor)} its floor`,
      `${size.target}, ≤ ${String(MAX_FLOOR_RATIO)}× floor`,
      judged(figure <= size.targetMs && figure <= MAX_FLOOR_RATIO * floor),
    );
    report(
      `  floor: raw route fetch + parse (${megabytes(body.length, 1)} as MetaSrv sends it)`,
      ms(floor),
    );
    if (isLargest) {
      const heap = median(heaps);
      report(
        `browser JS heap after a GC, ${regionCount(regions)}-region table open${scaleNote()}`,
        `${megabytes(heap, 1)}, ${ratio(heap / body.length)} the raw route body (${megabytes(body.length, 1)})`,
        `≤ ${String(MAX_HEAP_RATIO)}× the raw body`,
        judged(heap <= MAX_HEAP_RATIO * body.length),
      );
    }
  }
}
