/**
 * Issue 17's hot-regions figures, on a console server of their own: the hot-regions page needs
 * region_statistics' load columns, so the cluster is a standalone emulator speaking v1.2 (as the
 * e2e `sql` project's is), the server given its admin addresses (METASRV_ADDRS and
 * METASRV_LEADER_MAP) and its frontend as FRONTEND_URL. The
 * server samples every 3 s (HOT_REGIONS_INTERVAL_MS, the floor; the e2e value too) so that the
 * two samples a rate needs are in within seconds.
 *
 * - Paint: `/c/default/hot-regions` opened from a deep link in a fresh page; each part timed
 *   from its own response's `responseEnd` (Resource Timing) to the 2nd requestAnimationFrame
 *   after it is painted: the hot list's rows in the DOM after `hot-regions`, the heatmap's
 *   canvas drawn (drawHeatmap sets its `width`) after `hot-regions/heatmap`. The page asks for
 *   the heatmap only once the list is in, so "whole page" (list response → both painted) holds
 *   that second round trip.
 * - Sampler CPU: measured in the bench's own process, not the server's: the server keeps no
 *   per-sample figure, and its process CPU also holds its HTTP, its MetaSrv polling and the
 *   pages it serves. The bench reads region_statistics answers from the frontend, one per 30 s
 *   of emulated time (the emulator's clock advanced between reads, so counters move as they
 *   would and each sample opens a new heatmap column), then times what the server's poller
 *   does with each (hot-regions-poller.ts `sampleOnce`): bytes to text, lossless JSON,
 *   SqlKeyedRowsSchema, `HotRegionsEngine.sample` (sampler, rates, heatmap bucket and ring),
 *   `saveHeatmapRing`. That block is synchronous, so `process.cpuUsage()` around it counts it
 *   alone (GC threads included). The first sample (no rates yet, a cold JIT) is not counted.
 * - Ring size: the file that block wrote after the last sample, and the bench server's own
 *   ring in its DATA_DIR, beside `maxRingFileBytes` (720 columns × 1,536 rows).
 */
import type { Browser } from '@playwright/test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { DEFAULT_CLUSTER_ID } from '../contract/api-contract.ts';
import { parseGreptimeVersion } from '../contract/greptime-version.ts';
import { SQL_ROW_LIMIT } from '../contract/sql-contract.ts';
import { SqlKeyedRowsSchema } from '../contract/sql/sql-records.ts';
import { SQL_DB, regionStatisticsStatement } from '../contract/sql/statements.ts';
import { EMULATED_RELEASE } from '../e2e/api-mode.ts';
import type { ClusterControl } from '../e2e/cluster-control.ts';
import { parseLosslessJson } from '../contract/lossless-json.ts';
import {
  DEFAULT_RING_SHAPE,
  HeatmapRing,
  maxRingFileBytes,
} from '../server/hot-regions/heatmap-ring.ts';
import { heatmapRingFile, saveHeatmapRing } from '../server/hot-regions/heatmap-ring-file.ts';
import { HotRegionsEngine, heatmapMetric } from '../server/hot-regions/hot-regions-engine.ts';
import { resetCluster } from './cluster.ts';
import { startStandaloneEmulator } from './standalone-emulator.ts';
import { judged, scaleNote, scaledRegions, settings } from './config.ts';
import { VIEWPORT } from './pages.ts';
import { median, ms, quantile, regionCount, report, spread } from './report.ts';
import { startServer } from './server.ts';

/** The e2e server's interval: rates within 6 s of a reset. */
const HOT_REGIONS_INTERVAL_MS = 3_000;
const HOT_REGIONS = 100_000;
const HOT_DATANODES = 200;
const HOT_TABLES = 1_000;
/** Samples timed in-process, after one untimed (p95 of 20 is their highest). */
const TIMED_SAMPLES = 20;
/** The server's column width: one sample per heatmap column, as at the default interval. */
const EMULATED_SAMPLE_GAP_MS = 30_000;
/** Above any replica count the emulator can hold: every row of region_statistics. */
const UNCAPPED_LIMIT = 10_000_000;
const READY_TIMEOUT_MS = 180_000;

const HOT_REGIONS_PATH = `/c/${DEFAULT_CLUSTER_ID}/hot-regions`;
const LIST_API = `/api/clusters/${DEFAULT_CLUSTER_ID}/hot-regions`;
const HEATMAP_API = `${LIST_API}/heatmap`;

/**
 * Installed before the app: when the hot list's rows and the heatmap's drawn canvas appear,
 * each plus two frames, and the two responses' `responseEnd`.
 */
const PAINT_PROBE = `(() => {
  const marks = {};
  const mark = (name, selector) => {
    if (marks[name] !== undefined || document.querySelector(selector) === null) return;
    marks[name] = null;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      marks[name] = performance.now();
    }));
  };
  const observer = new MutationObserver(() => {
    mark('listPaintedAt', '[data-testid="hot-region-row"]');
    mark('heatmapPaintedAt', 'canvas[role="img"][width]');
    if (marks.listPaintedAt !== undefined && marks.heatmapPaintedAt !== undefined) {
      observer.disconnect();
    }
  });
  observer.observe(document, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['width'],
  });
  const responseEnd = (pathname) => {
    const entry = performance.getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname === pathname).at(0);
    return entry === undefined ? null : entry.responseEnd;
  };
  window.__hotProbe = () => ({
    listPaintedAt: marks.listPaintedAt ?? null,
    heatmapPaintedAt: marks.heatmapPaintedAt ?? null,
    listResponseEnd: responseEnd(${JSON.stringify(LIST_API)}),
    heatmapResponseEnd: responseEnd(${JSON.stringify(HEATMAP_API)}),
  });
})();`;

const ProbeSchema = z.object({
  listPaintedAt: z.number().nullable(),
  heatmapPaintedAt: z.number().nullable(),
  listResponseEnd: z.number().nullable(),
  heatmapResponseEnd: z.number().nullable(),
});

declare global {
  interface Window {
    __hotProbe: () => z.infer<typeof ProbeSchema>;
  }
}

interface PagePaint {
  list: number;
  heatmap: number;
  whole: number;
}

async function paintOnce(browser: Browser): Promise<PagePaint> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.addInitScript(PAINT_PROBE);
    await page.goto(`${settings.base}${HOT_REGIONS_PATH}`);
    // Arrow functions: the page's CSP refuses a string to evaluate.
    await page.waitForFunction(
      () => {
        const marks = window.__hotProbe();
        return marks.listPaintedAt !== null && marks.heatmapPaintedAt !== null;
      },
      undefined,
      { timeout: 60_000 },
    );
    const probe = ProbeSchema.parse(await page.evaluate(() => window.__hotProbe()));
    const { listPaintedAt, heatmapPaintedAt, listResponseEnd, heatmapResponseEnd } = probe;
    if (
      listPaintedAt === null ||
      heatmapPaintedAt === null ||
      listResponseEnd === null ||
      heatmapResponseEnd === null
    ) {
      throw new Error(`the hot-regions page gave no complete timing: ${JSON.stringify(probe)}`);
    }
    return {
      list: listPaintedAt - listResponseEnd,
      heatmap: heatmapPaintedAt - heatmapResponseEnd,
      whole: Math.max(listPaintedAt, heatmapPaintedAt) - listResponseEnd,
    };
  } finally {
    await page.close();
  }
}

const ListAnswerSchema = z.object({
  hasRates: z.boolean(),
  sampledAtMs: z.number().nullable(),
  regions: z.array(z.unknown()),
});
const HeatmapAnswerSchema = z.object({
  columnStartsMs: z.array(z.number()),
  rowStarts: z.array(z.unknown()),
});

async function readJson<T>(pathname: string, schema: z.ZodType<T>): Promise<T> {
  // A fresh connection: a pooled one can be closed by the server's 5 s keep-alive timeout in
  // the instant it is reused (ECONNRESET), as after a long reset.
  const answer = await fetch(`${settings.base}${pathname}`, { headers: { connection: 'close' } });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${pathname} -> ${String(answer.status)}: ${text}`);
  return schema.parse(JSON.parse(text));
}

/** Until the server has rates from two samples of the resized cluster, and a heatmap column. */
async function waitForRates(resizedAtMs: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const list = await readJson(LIST_API, ListAnswerSchema);
    const heatmap = await readJson(HEATMAP_API, HeatmapAnswerSchema);
    const isFresh =
      list.sampledAtMs !== null && list.sampledAtMs >= resizedAtMs + 2 * HOT_REGIONS_INTERVAL_MS;
    if (
      isFresh &&
      list.hasRates &&
      list.regions.length > 0 &&
      heatmap.columnStartsMs.length > 0 &&
      heatmap.rowStarts.length > 0
    ) {
      return;
    }
    if (Date.now() > deadline) throw new Error('the server had no hot-region rates in time');
    await sleep(500);
  }
}

/** One region_statistics answer from the frontend, as the server's poller receives it. */
async function readRegionStatistics(frontendUrl: string, statement: string): Promise<Buffer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await fetch(`${frontendUrl}/v1/sql?db=${encodeURIComponent(SQL_DB)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
        body: new URLSearchParams({ sql: statement }).toString(),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      if (!answer.ok) {
        throw new Error(`/v1/sql -> ${String(answer.status)}: ${body.toString('utf8')}`);
      }
      return body;
    } catch (error) {
      // A reset connection on a loaded machine is no figure: asked again, a few times.
      if (attempt >= 3) throw error;
      const cause =
        error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      console.error(`  region_statistics read failed, asked again: ${String(error)}${cause}`);
    }
  }
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

interface SamplerFigures {
  rows: number;
  /** Per timed sample: the whole block, and its three parts. */
  totalCpuMs: number[];
  parseCpuMs: number[];
  sampleCpuMs: number[];
  saveCpuMs: number[];
  ringBytes: number;
  ringColumns: number;
  ringRowsMax: number;
}

/** The server's work on `TIMED_SAMPLES` + 1 successive answers to `statement` (see the header). */
async function samplerCost(
  control: ClusterControl,
  frontendUrl: string,
  statement: string,
): Promise<SamplerFigures> {
  const version = parseGreptimeVersion(EMULATED_RELEASE['v1.2']);
  if (version === null) throw new Error('the v1.2 release does not parse');
  const shape = { ...DEFAULT_RING_SHAPE, metric: heatmapMetric(version) };
  const ring = new HeatmapRing(shape);
  // The server's own interval would be clamped the same way; 30 s matches the emulated gap.
  const engine = new HotRegionsEngine(version, ring, EMULATED_SAMPLE_GAP_MS);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-bench-hot-'));
  const ringFile = heatmapRingFile(dataDir, DEFAULT_CLUSTER_ID, shape);
  const figures: SamplerFigures = {
    rows: 0,
    totalCpuMs: [],
    parseCpuMs: [],
    sampleCpuMs: [],
    saveCpuMs: [],
    ringBytes: 0,
    ringColumns: 0,
    ringRowsMax: 0,
  };
  try {
    // Column-aligned, as Date.now() would be at some point: each sample its own column.
    let atMs = Math.ceil(Date.now() / EMULATED_SAMPLE_GAP_MS) * EMULATED_SAMPLE_GAP_MS;
    for (let i = 0; i <= TIMED_SAMPLES; i += 1) {
      if (i > 0) {
        await control.setClock({ advanceMs: EMULATED_SAMPLE_GAP_MS });
        atMs += EMULATED_SAMPLE_GAP_MS;
      }
      const body = await readRegionStatistics(frontendUrl, statement);
      const start = cpuMs(process.cpuUsage());
      const rows = SqlKeyedRowsSchema.parse(parseLosslessJson(body.toString('utf8')));
      const parsed = cpuMs(process.cpuUsage());
      const result = engine.sample(atMs, rows);
      const sampled = cpuMs(process.cpuUsage());
      saveHeatmapRing(ringFile, ring);
      const saved = cpuMs(process.cpuUsage());
      if (result === null) throw new Error('a sample was refused as late');
      figures.rows = rows.length;
      if (i === 0) continue;
      figures.totalCpuMs.push(saved - start);
      figures.parseCpuMs.push(parsed - start);
      figures.sampleCpuMs.push(sampled - parsed);
      figures.saveCpuMs.push(saved - sampled);
    }
    const columns = ring.columnsFrom(Number.NEGATIVE_INFINITY);
    figures.ringBytes = statSync(ringFile).size;
    figures.ringColumns = columns.length;
    figures.ringRowsMax = Math.max(...columns.map((column) => column.rowStarts.length));
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const bytes = (value: number) => `${value.toLocaleString('en-US')} bytes`;

function reportSampler(label: string, figures: SamplerFigures, isJudged: boolean): void {
  const total = { p50: median(figures.totalCpuMs), p95: quantile(figures.totalCpuMs, 0.95) };
  report(
    `${label}, ${figures.rows.toLocaleString('en-US')} rows, p50 / p95 of ${String(TIMED_SAMPLES)}`,
    `${ms(total.p50)} / ${ms(total.p95)} (${spread(figures.totalCpuMs, ms)})`,
    isJudged ? '≤ 1,000 ms' : '—',
    isJudged ? judged(total.p95 <= 1_000) : null,
  );
  report(
    '  of which parse / engine.sample / save ring, p50',
    [figures.parseCpuMs, figures.sampleCpuMs, figures.saveCpuMs]
      .map((values) => ms(median(values)))
      .join(' / '),
  );
}

export async function benchHot(browser: Browser): Promise<void> {
  const regions = scaledRegions(HOT_REGIONS);
  const datanodes = Math.max(4, Math.round(HOT_DATANODES * settings.scale));
  const size = `${regionCount(regions)} regions (${String(datanodes)} dn)${scaleNote()}`;
  const emulator = await startStandaloneEmulator({ api: 'v1.2' });
  try {
    const { control } = emulator;
    await resetCluster(control, {
      api: 'v1.2',
      regions,
      datanodes,
      tables: Math.min(HOT_TABLES, regions),
    });
    const v1 = (await control.state()).v1;
    const frontendAddr = v1?.frontendAddr;
    if (v1 === undefined || frontendAddr == null) {
      throw new Error('the v1.2 emulator has no SQL frontend');
    }
    const frontendUrl = `http://${frontendAddr}`;
    const startedAtMs = Date.now();
    const server = await startServer({
      metasrvAddrs: Object.values(v1.leaderAddrMap),
      env: {
        METASRV_LEADER_MAP: Object.entries(v1.leaderAddrMap)
          .map(([reported, admin]) => `${reported}=${admin}`)
          .join(','),
        FRONTEND_URL: frontendUrl,
        HOT_REGIONS_INTERVAL_MS: String(HOT_REGIONS_INTERVAL_MS),
      },
    });
    try {
      await measureHot(browser, control, frontendUrl, server.dataDir, startedAtMs, size);
    } finally {
      await server.stop();
    }
  } finally {
    await emulator.stop();
  }
}

async function measureHot(
  browser: Browser,
  control: ClusterControl,
  frontendUrl: string,
  dataDir: string,
  startedAtMs: number,
  size: string,
): Promise<void> {
  await waitForRates(startedAtMs);

  await paintOnce(browser); // warm-up: server caches, Chromium's code cache
  const paints: PagePaint[] = [];
  for (let i = 0; i < settings.runs; i += 1) paints.push(await paintOnce(browser));
  for (const [label, part] of [
    ['hot-regions page, hot list painted after its data', 'list'],
    ['hot-regions page, heatmap painted after its data', 'heatmap'],
    ['  whole page, list response → list and heatmap painted', 'whole'],
  ] as const) {
    const values = paints.map((paint) => paint[part]);
    report(`${label}, ${size}`, `${ms(median(values))} (${spread(values, ms)})`);
  }

  const ringBound = maxRingFileBytes(DEFAULT_RING_SHAPE);
  const boundLabel = `≤ ${bytes(ringBound)} (${String(DEFAULT_RING_SHAPE.capacity)} × ${DEFAULT_RING_SHAPE.maxRows.toLocaleString('en-US')})`;
  // The server's own ring, before the sampler figures move the emulator's clock.
  const serverRingBytes = statSync(
    heatmapRingFile(dataDir, DEFAULT_CLUSTER_ID, {
      ...DEFAULT_RING_SHAPE,
      metric: 'queryCpuMsPerSec',
    }),
  ).size;
  const serverColumns = (await readJson(HEATMAP_API, HeatmapAnswerSchema)).columnStartsMs.length;
  const serverRuntimeS = Math.round((Date.now() - startedAtMs) / 1000);

  // The server reads every row in pages of SQL_ROW_LIMIT (hot-regions-poller.ts); one
  // statement without the cap costs the same parse and engine work in one piece.
  const uncapped = regionStatisticsStatement(undefined).replace(
    `LIMIT ${String(SQL_ROW_LIMIT)}`,
    `LIMIT ${String(UNCAPPED_LIMIT)}`,
  );
  const whole = await samplerCost(control, frontendUrl, uncapped);
  reportSampler(`hot-region sample, server CPU, every row of ${size}`, whole, true);
  const asSent = await samplerCost(control, frontendUrl, regionStatisticsStatement(undefined));
  reportSampler(
    `  one page of it, as the server sends each (LIMIT ${SQL_ROW_LIMIT.toLocaleString('en-US')})`,
    asSent,
    false,
  );

  report(
    `heatmap ring on disk after ${String(TIMED_SAMPLES + 1)} samples of every row ` +
      `(${String(whole.ringColumns)} columns, ≤ ${String(whole.ringRowsMax)} rows each)`,
    bytes(whole.ringBytes),
    boundLabel,
    whole.ringBytes <= ringBound,
  );
  report(
    `  the bench server's ring in DATA_DIR, ${String(serverRuntimeS)} s after it started ` +
      `(a sample every ${String(HOT_REGIONS_INTERVAL_MS / 1000)} s, ` +
      `${String(serverColumns)} column${serverColumns === 1 ? '' : 's'})`,
    bytes(serverRingBytes),
    boundLabel,
    serverRingBytes <= ringBound,
  );
}
