/**
 * `npm run bench` (issue 5): builds the console to CONSOLE_OUT_DIR (default dist-bench), serves
 * it as `npm start` does (the production server, with its embedded emulator and a temporary
 * data directory of its own), and drives Debian Chromium through Playwright. Prints medians
 * over BENCH_RUNS (default 5) runs. Never part of the test suite.
 *
 *   paint       route responseEnd (Resource Timing) → 2nd requestAnimationFrame after the
 *               per-table grid's rows are in the DOM, for one table of 1k / 10k / 100k regions
 *               over 20 / 50 / 200 datanodes (created through the control API), opened by
 *               typing its id into the loaded console (10k also cold, from a deep link); and the
 *               cluster view's grid from the cluster-summary response, at 100k regions
 *               (paint.ts)
 *   scroll      frame times while the 100k per-table grid and the 100k cluster grid scroll
 *               (p50 / p95 of rAF deltas; paint.ts)
 *   bundle      JS + CSS gzip of the first page (index.html's own assets) and of every asset
 *               (bundle.ts)
 *   requests/s  to MetaSrv, counted in the emulator's request log: idle tab (default refresh),
 *               hidden tab, tab following a migration (the server's own follow reads included;
 *               requests.ts); and issue 14's 1 tab vs 50 tabs on one table, idle and with a
 *               migration followed, with their ratio (viewers.ts)
 *   proxy       p50 of sequential route reads through the proxy vs straight at the emulator,
 *               interleaved in the same run (proxy.ts)
 *   load        200 plain HTTP clients, each with a push stream open, reading what a table
 *               page polls back to back for 20 s: errors, p50 / p99 latency, the server's RSS
 *               (load.ts)
 *   hot         issue 17, after the embedded-emulator groups, on a console server of its own
 *               pointed at a standalone emulator speaking v1.2 (region_statistics with load
 *               columns), 100k regions over 200 datanodes, sampled every 3 s through a frontend
 *               shim that answers the sampler's join (hot.ts, frontend-shim.ts): the hot-regions
 *               page painted after its data (hot list after the `hot-regions` response, heatmap
 *               canvas after the `heatmap` response, each responseEnd → 2nd rAF; and the whole
 *               page from the list's response), medians with min–max; the sampler's CPU per
 *               sample, measured in the bench's own process (process.cpuUsage around what the
 *               server's poller does with one region_statistics answer: parse,
 *               HotRegionsEngine.sample, save the ring), p50 / p95 over 20 samples, on every
 *               row and on the statement as the server sends it (LIMIT 10,000); the heatmap
 *               ring's file size after those samples and in the bench server's DATA_DIR,
 *               beside its bound (720 columns × 1,536 rows)
 *   end-to-end  issue 18, last, against a standalone emulator process (the console server on
 *               BENCH_PORT given it as METASRV_ADDRS; end-to-end.ts): the operator's input →
 *               2nd rAF after the rows are in the DOM, beside a floor measured in the same runs
 *               and browser (a page fetching a static copy of MetaSrv's body and JSON.parse-ing
 *               it), with the ratio. Table, Enter → painted at 10k / 100k regions, floor "raw
 *               route fetch + parse", and the JS heap (CDP, after a GC) with the 100k table
 *               open beside the route body's size (table-enter-to-paint.ts); cluster view,
 *               click → painted at 100k regions, cold and warm, floor "raw heartbeat fetch +
 *               parse", and the server's RSS steady after 3 heartbeat polls and peak, each run on
 *               a freshly started server (end-to-end.ts); drain preview, click → painted, largest
 *               datanode of the 100k-region, 200-datanode cluster (drain-preview-click-to-paint.ts)
 *
 * Env (config.ts): BENCH_PORT (4880), CONSOLE_OUT_DIR (dist-bench), CHROMIUM_PATH
 * (/usr/bin/chromium), BENCH_RUNS (5, at least 5), BENCH_SKIP_BUILD=1 reuses the build,
 * BENCH_ONLY=paint|requests|load|hot|end-to-end measures one group alone (paint: paint and
 * scroll; requests: the requests/s figures), REFRESH_INTERVAL_MS (30000) is the server's, and
 * is named in the label of the figures it changes when it is not the default. The end-to-end
 * and hot groups: BENCH_EMULATOR_PORT (BENCH_PORT + 1) puts the standalone emulator's 3 MetaSrv
 * nodes there and on the next two ports, its control API on the third after it (hot: its admin
 * HTTP on the next three, its frontend on the one after). The same groups:
 * BENCH_SCALE (1; 0 < x ≤ 1) multiplies their region counts for a quick check (BENCH_SCALE=0.1:
 * 1k / 10k regions), and a scaled run prints the targets without judging them. A quick check:
 *   BENCH_ONLY=end-to-end BENCH_SCALE=0.1 REFRESH_INTERVAL_MS=5000 npm run bench
 */
import { chromium, type Browser } from '@playwright/test';
import { benchBundle } from './bundle.ts';
import { connectCluster } from './cluster.ts';
import { settings, type BenchGroup } from './config.ts';
import { benchEndToEnd } from './end-to-end.ts';
import { benchHot } from './hot.ts';
import { benchLoad } from './load.ts';
import { benchPaint } from './paint.ts';
import { benchProxy } from './proxy.ts';
import { printReport } from './report.ts';
import { benchRequests } from './requests.ts';
import { build, startServer } from './server.ts';
import { benchViewers } from './viewers.ts';

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: settings.chromiumPath,
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** The groups measured on the embedded emulator, with the bench's server up throughout. */
async function benchOnEmbeddedEmulator(
  browser: Browser | null,
  runs: (group: BenchGroup) => boolean,
) {
  const server = await startServer();
  try {
    const cluster = await connectCluster();
    try {
      if (settings.only === null) {
        benchBundle();
        await benchProxy(cluster.control);
      }
      if (browser !== null && runs('paint')) await benchPaint(browser, cluster.control);
      if (browser !== null && runs('requests')) {
        await benchRequests(browser, cluster.control);
        await benchViewers(browser, cluster.control);
      }
      if (runs('load')) await benchLoad(cluster.control, server.pid);
    } finally {
      await cluster.dispose();
    }
  } finally {
    await server.stop();
  }
}

async function main() {
  const startedAt = Date.now();
  const runs = (group: BenchGroup) => settings.only === null || settings.only === group;
  build();
  const browser =
    runs('paint') || runs('requests') || runs('hot') || runs('end-to-end')
      ? await launchBrowser()
      : null;
  try {
    console.log(
      `bench: ${String(settings.runs)} runs per figure, medians` +
        (browser === null ? '' : `; Chromium ${browser.version()}`),
    );
    if (settings.only !== 'end-to-end' && settings.only !== 'hot') {
      await benchOnEmbeddedEmulator(browser, runs);
    }
    // On BENCH_PORT again, now free each time: a v1.2 embedded emulator, then a console server
    // pointed at a standalone emulator.
    if (browser !== null && runs('hot')) await benchHot(browser);
    if (browser !== null && runs('end-to-end')) await benchEndToEnd(browser);
  } finally {
    await browser?.close();
  }
  const date = new Date().toISOString().slice(0, 10);
  printReport(
    `Region Console bench, ${date}, ${String(settings.runs)} runs, ` +
      `${String(Math.round((Date.now() - startedAt) / 1000))} s`,
  );
}

await main();
