/**
 * `npm run bench` (issue 5): builds the console to CONSOLE_OUT_DIR (default dist-bench), serves
 * it with `vite preview` and its embedded emulator, and drives Debian Chromium through
 * Playwright. Prints medians over BENCH_RUNS (default 5) runs. Never part of the test suite.
 *
 *   paint       cluster-summary responseEnd (Resource Timing) → 2nd requestAnimationFrame after
 *               the grid's rows are in the DOM, for 1k / 10k / 100k regions
 *   scroll      frame times while the 100k grid scrolls (p50 / p95 of rAF deltas)
 *   bundle      JS + CSS gzip of the first page (index.html's own assets) and of every asset
 *   requests/s  to MetaSrv, counted in the emulator's request log: idle tab (default refresh),
 *               hidden tab, tab following a migration (the server's own follow reads included)
 *   proxy       p50 of sequential route reads through the proxy vs straight at the emulator,
 *               interleaved in the same run
 *
 * Env: BENCH_PORT (4880), CONSOLE_OUT_DIR (dist-bench), DATA_DIR (/tmp/bench-data),
 * CHROMIUM_PATH (/usr/bin/chromium), BENCH_RUNS (5), BENCH_SKIP_BUILD=1 reuses the build.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4880);
const OUT_DIR = process.env.CONSOLE_OUT_DIR ?? 'dist-bench';
const DATA_DIR = process.env.DATA_DIR ?? '/tmp/bench-data';
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const BASE = `http://127.0.0.1:${String(PORT)}`;
const GRID = '[role=grid][aria-label="Regions of all tables by datanode"]';

interface Row {
  figure: string;
  value: string;
  target: string;
  met: string;
}
const rows: Row[] = [];
function report(figure: string, value: string, target = '—', met: boolean | null = null) {
  rows.push({ figure, value, target, met: met === null ? '—' : met ? 'yes' : 'NO' });
  console.log(`  ${figure}: ${value}`);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
const median = (values: number[]) => quantile(values, 0.5);
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

// ---------------------------------------------------------------------------------- server

function build(): void {
  if (process.env.BENCH_SKIP_BUILD === '1') return;
  console.log(`building to ${OUT_DIR} ...`);
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build'], {
    cwd: ROOT,
    env: { ...process.env, CONSOLE_OUT_DIR: OUT_DIR },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('vite build failed');
}

async function startPreview(): Promise<ChildProcess> {
  mkdirSync(DATA_DIR, { recursive: true });
  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/vite'),
    ['preview', '--port', String(PORT), '--strictPort'],
    {
      cwd: ROOT,
      env: { ...process.env, CONSOLE_OUT_DIR: OUT_DIR, DATA_DIR },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let i = 0; i < 150; i += 1) {
    try {
      if ((await fetch(`${BASE}/api/dev/emulator`)).ok) return child;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  child.kill();
  throw new Error('vite preview did not start');
}

interface Emulator {
  control: string;
  metasrvAddrs: string[];
}

async function emulator(): Promise<Emulator> {
  const info = (await (await fetch(`${BASE}/api/dev/emulator`)).json()) as {
    controlAddr: string;
    metasrvAddrs: string[];
  };
  return { control: `http://${info.controlAddr}/control`, metasrvAddrs: info.metasrvAddrs };
}

async function control(emu: Emulator, method: 'GET' | 'POST', route: string, body?: unknown) {
  const answer = await fetch(`${emu.control}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!answer.ok) throw new Error(`control ${route}: ${String(answer.status)}`);
  return (await answer.json()) as Record<string, unknown>;
}

async function reset(emu: Emulator, sizing: Record<string, unknown>) {
  await control(emu, 'POST', '/reset', {
    seed: 1,
    api: 'v0.6',
    replaySpeed: 1,
    clockSpeed: 1,
    ...sizing,
  });
}

async function requestCount(emu: Emulator): Promise<number> {
  const log = (await control(emu, 'GET', '/requests')) as { entries: unknown[] };
  return log.entries.length;
}

// ---------------------------------------------------------------------------------- browser

/** Installed before the app: records when the grid's rows appear, plus two frames. */
const PAINT_PROBE = `(() => {
  const grid = ${JSON.stringify(GRID)};
  const observer = new MutationObserver(() => {
    if (document.querySelector(grid + ' [role=row][data-region-id]') === null) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__gridPaintedAt = performance.now();
    }));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function paintOnce(browser: Browser): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(PAINT_PROBE);
  await page.addInitScript(PROBE_READER);
  await page.goto(`${BASE}/?view=cluster`);
  await page.waitForFunction(() => 'gridPaintedAt' in window.__benchProbe(), undefined, {
    timeout: 60_000,
  });
  const result = await page.evaluate(() => window.__benchProbe());
  await page.close();
  if (result.responseEnd === null) throw new Error('no cluster-summary resource entry');
  return (result.gridPaintedAt ?? Number.NaN) - result.responseEnd;
}

declare global {
  interface Window {
    __gridPaintedAt?: number;
    __benchProbe: () => { gridPaintedAt?: number; responseEnd: number | null };
  }
}

const PROBE_READER = `window.__benchProbe = () => {
  const entry = performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/cluster-summary')).at(-1);
  return {
    ...(window.__gridPaintedAt === undefined ? {} : { gridPaintedAt: window.__gridPaintedAt }),
    responseEnd: entry === undefined ? null : entry.responseEnd,
  };
};`;

async function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(async (grid) => {
    const scroller = document.querySelector<HTMLElement>(grid);
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
  }, GRID);
}

async function hide(page: Page): Promise<void> {
  // A string, not a function: tsx's transform would wrap the getters in a `__name` helper
  // that does not exist in the page.
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
}

// ---------------------------------------------------------------------------------- figures

async function benchPaint(browser: Browser, emu: Emulator) {
  const sizes = [
    { regions: 1_000, datanodes: 20, tables: 10 },
    { regions: 10_000, datanodes: 50, tables: 100 },
    { regions: 100_000, datanodes: 200, tables: 1000 },
  ];
  let scroll: { p50: number[]; p95: number[] } = { p50: [], p95: [] };
  for (const size of sizes) {
    await reset(emu, size);
    await paintOnce(browser); // warm-up: server caches, Chromium's code cache
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) times.push(await paintOnce(browser));
    const label = `${(size.regions / 1000).toString()}k`;
    const value = median(times);
    if (size.regions === 10_000) {
      report(`grid painted after data, ${label} regions`, ms(value), '≤ 100 ms', value <= 100);
    } else if (size.regions === 100_000) {
      report(`grid painted after data, ${label} regions`, ms(value), '≤ 1 s', value <= 1000);
    } else {
      report(`grid painted after data, ${label} regions`, ms(value));
    }
    if (size.regions === 100_000) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${BASE}/?view=cluster`);
      await page.locator(`${GRID} [role=row][data-region-id]`).first().waitFor({ timeout: 60_000 });
      scroll = { p50: [], p95: [] };
      for (let i = 0; i < RUNS; i += 1) {
        const deltas = await scrollFrames(page);
        scroll.p50.push(quantile(deltas, 0.5));
        scroll.p95.push(quantile(deltas, 0.95));
      }
      await page.close();
    }
  }
  report(
    'scroll frame time, 100k grid, p50',
    ms(median(scroll.p50)),
    '≤ 16.7 ms (60 fps)',
    median(scroll.p50) <= 16.7,
  );
  report('scroll frame time, 100k grid, p95', ms(median(scroll.p95)));
}

function benchBundle() {
  const dir = path.join(ROOT, OUT_DIR);
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const gz = (file: string) => gzipSync(readFileSync(path.join(dir, file))).length;
  const firstPage = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  const first = firstPage.reduce((sum, file) => sum + gz(file), 0);
  const all = readdirSync(path.join(dir, 'assets'))
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .reduce((sum, f) => sum + gz(`assets/${f}`), 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB gzip`;
  report('first page JS+CSS', kb(first), '≤ 250 KB gzip', first / 1024 <= 250);
  report('all JS+CSS', kb(all));
}

async function benchRequests(browser: Browser, emu: Emulator) {
  await reset(emu, { tables: null, regions: null, datanodes: 4 });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${BASE}/?view=cluster`);
  await page.locator(`${GRID} [role=row][data-region-id]`).first().waitFor();
  await sleep(3_000); // let the first burst of reads settle
  const rate = async (windowMs: number) => {
    await control(emu, 'POST', '/requests/clear');
    await sleep(windowMs);
    return (await requestCount(emu)) / (windowMs / 1000);
  };
  // Two default-refresh periods (30 s) would be the fair window; 45 s keeps the bench short.
  const idle = await rate(45_000);
  report('MetaSrv requests/s, idle tab (default refresh)', idle.toFixed(3), '≤ 0.2', idle <= 0.2);

  // A migration the tab follows: slow replay keeps it in flight for the window.
  await control(emu, 'POST', '/replay', { workMs: 20_000 });
  const table = (await control(emu, 'GET', '/tables/1024')) as {
    regions: { regionId: string; leaderPeerId: number }[];
  };
  const region = table.regions[0];
  if (region === undefined) throw new Error('table 1024 has no regions');
  const to = (region.leaderPeerId + 1) % 4;
  const submitted = await fetch(`${BASE}/api/clusters/default/migrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      request: {
        region_id: region.regionId,
        from_peer_id: String(region.leaderPeerId),
        to_peer_id: String(to),
        replay_timeout: '1m',
      },
      idempotency_key: `bench-${String(Date.now())}`,
    }),
  });
  if (!submitted.ok) throw new Error(`migration not submitted: ${String(submitted.status)}`);
  await sleep(1_000);
  const following = await rate(15_000);
  report('MetaSrv requests/s, tab following a migration', following.toFixed(2));

  await reset(emu, { tables: null, regions: null, datanodes: 4 });
  await page.reload();
  await page.locator(`${GRID} [role=row][data-region-id]`).first().waitFor();
  await sleep(2_000);
  await hide(page);
  const hidden = await rate(35_000);
  report('MetaSrv requests/s, hidden tab', hidden.toFixed(3), '0', hidden === 0);
  await page.close();
}

async function benchProxy(emu: Emulator) {
  await reset(emu, { tables: null, regions: null, datanodes: 4 });
  const state = (await control(emu, 'GET', '/state')) as { leader: { addr: string } | null };
  const leader = state.leader?.addr;
  if (leader === undefined) throw new Error('no leader');
  const viaProxy = `${BASE}/api/clusters/default/route?table_id=1028`;
  const direct = `http://${leader}/admin/route?table_id=1028`;
  const time = async (url: string) => {
    const start = performance.now();
    const answer = await fetch(url);
    await answer.arrayBuffer();
    if (!answer.ok) throw new Error(`${url}: ${String(answer.status)}`);
    return performance.now() - start;
  };
  for (let i = 0; i < 50; i += 1) {
    await time(viaProxy);
    await time(direct);
  }
  const proxied: number[] = [];
  const straight: number[] = [];
  for (let i = 0; i < 400; i += 1) {
    proxied.push(await time(viaProxy));
    straight.push(await time(direct));
  }
  const overhead = median(proxied) - median(straight);
  report('route read p50, through the proxy', ms(median(proxied)));
  report('route read p50, straight at the emulator', ms(median(straight)));
  report('proxy overhead p50', ms(overhead), '≤ 1 ms', overhead <= 1);
}

// ---------------------------------------------------------------------------------- main

async function main() {
  const startedAt = Date.now();
  build();
  const server = await startPreview();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const emu = await emulator();
    console.log(`bench: ${String(RUNS)} runs per figure, medians; Chromium ${browser.version()}`);
    benchBundle();
    await benchProxy(emu);
    await benchPaint(browser, emu);
    await benchRequests(browser, emu);
    await reset(emu, { tables: null, regions: null, datanodes: 4, replayWorkMs: 1800 });
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
  const date = new Date().toISOString().slice(0, 10);
  console.log(
    `\nRegion Console bench, ${date}, ${String(RUNS)} runs, ` +
      `${String(Math.round((Date.now() - startedAt) / 1000))} s\n`,
  );
  const widths = (['figure', 'value', 'target', 'met'] as const).map((k) =>
    Math.max(k.length, ...rows.map((r) => r[k].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(['figure', 'value', 'target', 'met']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line([r.figure, r.value, r.target, r.met]));
}

await main();
