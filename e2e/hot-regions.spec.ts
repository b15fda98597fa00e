/**
 * Hot regions (issue 17): on the v1.2 emulator a region made hot through the control API is
 * found on the hot-regions page and moved in three interactions (the page link, "Move…", the
 * dialog's Migrate), the list ranks by each rate, and the page passes the axe scan in both
 * themes; on legacy MetaSrv the page says plainly that the version reports no region load.
 * The sql project's server samples region_statistics every 3 s (playwright.config.ts), so the
 * two samples a rate needs are in within seconds of a reset.
 *
 * The heatmap surviving a restart runs on a console server of its own (the build, as
 * plan-restart.spec.ts starts it), killed and started again on the same DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { HeatmapAnswerSchema, type HeatmapAnswer } from '../contract/hot-regions';
import { seriousAxeViolations } from './axe';
import { focusRingOf } from './focus-ring';
import { BUILT_CLIENT_DIR, BUILT_SERVER_MAIN, tempDataDir } from './built-server';
import { E2E_FRONTEND_AUTH, expect, test } from './fixtures';

const TABLE_ID = 1024;
/** Far above the natural hot regions (1% of regions carry half the query CPU). */
const HOT_MULTIPLE = 1_000;
/** Rates need two samples 3 s apart after a reset, and the page asks just after each. */
const RATES_TIMEOUT_MS = 15_000;

function hotList(page: Page) {
  return page.getByRole('table', { name: 'Hot regions' });
}

test.describe('hot regions on the SQL path', { tag: '@v1' }, () => {
  test('a hot region is found and moved in three interactions', async ({ page, cluster }) => {
    const table = await cluster.table(TABLE_ID);
    const hot = table.regions.find((r) => r.leaderPeerId !== null);
    if (hot === undefined) throw new Error(`table ${String(TABLE_ID)} has no led region`);
    await cluster.setRegionLoad(hot.regionId, HOT_MULTIPLE);
    await page.goto('/c/default/');
    await expect(page.getByRole('heading', { name: 'Cluster default' })).toBeVisible();

    // 1. The page, from the navigation.
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'Hot regions' })
      .click();
    const top = hotList(page).getByTestId('hot-region-row').first();
    await expect(top).toHaveAttribute('data-region-id', hot.regionId, {
      timeout: RATES_TIMEOUT_MS,
    });
    await expect(top).toContainText(/\d ms\/s/);

    // 2. "Move…" on its row: the dialog opens on it with the suggested datanode chosen.
    const move = top.getByRole('button', {
      name: /^Move this hot region .*, suggested to datanode \d+$/,
    });
    const target = /datanode (\d+)$/.exec((await move.getAttribute('aria-label')) ?? '')?.[1];
    expect(target).toBeDefined();
    expect(target).not.toBe(String(hot.leaderPeerId));
    await move.click();
    const dialog = page.getByRole('dialog', { name: 'Migrate region' });
    await expect(dialog).toContainText(hot.regionId);
    await expect(
      dialog.getByRole('radio', { name: new RegExp(`Datanode ${target ?? ''}\\b`) }),
    ).toBeChecked();
    // The dialog says why, in the list's terms: not its own region-count pick.
    await expect(dialog.getByTestId('suggested-target')).toHaveText(
      new RegExp(
        `^Suggested: datanode ${target ?? ''}: lowest query CPU \\([\\d.,]+ ms/s\\) among alive datanodes(, tied with .+)?\\.$`,
      ),
    );
    await expect(dialog.getByRole('radio', { name: 'Query CPU' })).toBeChecked();

    // 3. Migrate.
    await dialog
      .getByRole('button', { name: `Migrate region ${hot.regionId} to datanode ${target ?? ''}` })
      .click();
    await expect(dialog.getByTestId('tracked-migration')).toHaveAttribute('data-outcome', 'done', {
      timeout: 20_000,
    });
    const after = await cluster.table(TABLE_ID);
    expect(String(after.regions.find((r) => r.regionId === hot.regionId)?.leaderPeerId)).toBe(
      target,
    );
  });

  test('the list ranks by each rate, and the datanodes’ load is shown', async ({ page }) => {
    await page.goto('/c/default/hot-regions');
    const list = hotList(page);
    await expect(list.getByTestId('hot-region-row').first()).toBeVisible({
      timeout: RATES_TIMEOUT_MS,
    });
    await expect(list.getByRole('columnheader', { name: /Query CPU/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    for (const [heading, title] of [
      ['Scanned', 'Hottest regions by scanned bytes'],
      ['Written', 'Hottest regions by written bytes'],
      ['Query CPU', 'Hottest regions by query CPU'],
    ] as const) {
      await list.getByRole('button', { name: new RegExp(`^${heading}`) }).click();
      await expect(page.getByRole('heading', { name: title })).toBeVisible();
      await expect(list.getByRole('columnheader', { name: new RegExp(heading) })).toHaveAttribute(
        'aria-sort',
        'descending',
      );
    }
    await expect(
      page.getByRole('table', { name: 'Load per datanode' }).getByTestId('datanode-load-row'),
    ).toHaveCount(4);
    await expect(page.getByRole('img', { name: /Heatmap of query cpu per region/ })).toBeVisible();
  });

  test('the page passes the axe scan; screenshots in both themes and sizes', async ({ page }) => {
    // Four loads and scans of a chunked page, each well within 15 s.
    test.setTimeout(120_000);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(size);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto('/c/default/hot-regions');
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        await expect(hotList(page).getByTestId('hot-region-row').first()).toBeVisible({
          timeout: RATES_TIMEOUT_MS,
        });
        await expect(page.getByRole('img', { name: /Heatmap/ })).toBeVisible();
        await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
        expect(await seriousAxeViolations(page)).toEqual([]);
        const name = `hot-regions-${String(size.width)}-${scheme}.png`;
        await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
        if (size.width === 1280) {
          await page.screenshot({ path: `docs/screenshots/hot-regions-${scheme}.png` });
        }
      }
    }
  });
});

test(
  'the heatmap’s cells are reached by keyboard, with a ring in both themes; screenshots with a cell focused',
  { tag: '@v1' },
  async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/c/default/hot-regions');
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expect(page.getByRole('img', { name: /Heatmap of query cpu per region/ })).toBeVisible({
        timeout: RATES_TIMEOUT_MS,
      });
      const hottest = page.getByRole('table', { name: 'Hottest cells of the heatmap' });
      await expect(hottest.getByTestId('hottest-cell').first()).toBeVisible({
        timeout: RATES_TIMEOUT_MS,
      });
      // One tab stop, just before the hottest cells' table: it starts on the hottest cell.
      await hottest.getByRole('button').first().focus();
      await page.keyboard.press('Shift+Tab');
      const grid = page.getByRole('grid', { name: /^Cells of the heatmap of query cpu/ });
      const cell = grid.getByRole('gridcell');
      await expect(cell).toBeFocused();
      await expect(cell).toHaveAccessibleName(/, \d.*: [\d.,]+ ms\/s$/);
      const tooltip = page.getByTestId('heatmap-tooltip');
      await expect(tooltip).toContainText('Query CPU: ');
      await expect(tooltip).toContainText('Enter opens the table');
      const ring = await focusRingOf(cell);
      expect(ring.style).toBe('solid');
      expect(ring.widthPx).toBeGreaterThanOrEqual(2);
      expect(ring.contrast).toBeGreaterThanOrEqual(3);
      await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
      // The whole chart in the picture, with its legend; focus stays on the cell.
      await page
        .getByRole('img', { name: /Heatmap of query cpu per region/ })
        .evaluate((canvas) => {
          canvas.scrollIntoView({ block: 'center' });
        });
      await expect(cell).toBeFocused();
      await page.screenshot({
        path: test.info().outputPath(`hot-regions-heatmap-focused-1280-${scheme}.png`),
      });

      // The keys move it: to the first row and column, then a row down.
      await page.keyboard.press('Control+Home');
      await expect(grid.getByRole('row')).toHaveAttribute('aria-rowindex', '1');
      await expect(cell).toHaveAttribute('aria-colindex', '1');
      await page.keyboard.press('ArrowDown');
      await expect(grid.getByRole('row')).toHaveAttribute('aria-rowindex', '2');
      await expect(cell).toBeFocused();
      // Enter opens what a click opens: the row's table, at its first region.
      const name = (await cell.getAttribute('aria-label')) ?? '';
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/c\/default\/tables\/\d+\?region=\d+$/);
      const tableId = /\((\d+)\),|^table (\d+),/.exec(name);
      expect(page.url()).toContain(`/tables/${tableId?.[1] ?? tableId?.[2] ?? ''}?`);
    }
  },
);

test(
  'legacy MetaSrv: the page says plainly that no region load is reported',
  { tag: '@legacy' },
  async ({ page }) => {
    await page.goto('/c/default/');
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'Hot regions' })
      .click();
    const notice = page.getByTestId('no-region-load');
    await expect(notice).toContainText('This version reports no region load');
    await expect(notice).toContainText('v0.6 and v0.7');
    await expect(page.getByRole('table')).toHaveCount(0);
    await expect(page.getByRole('img', { name: /Heatmap/ })).toHaveCount(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
  },
);

/** E2E_HOT_RESTART_PORT moves the restarted server's port, so runs can share a machine. */
const RESTART_PORT = Number(process.env.E2E_HOT_RESTART_PORT ?? 4456);
const RESTART_ORIGIN = `http://127.0.0.1:${String(RESTART_PORT)}`;

function startConsole(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BUILT_SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: String(RESTART_PORT),
      DIST_DIR: BUILT_CLIENT_DIR,
      DATA_DIR: dataDir,
      EMULATOR_API: 'v1.2',
      EMULATOR_FRONTEND_AUTH: E2E_FRONTEND_AUTH,
      HOT_REGIONS_INTERVAL_MS: '3000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Region Console listening on')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`the console server exited (${String(code)}):\n${output}`));
    });
  });
}

/** Kills without warning (nothing is flushed) and waits until the process is gone. */
async function crash(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Cells of one column that hold a known rate (float32 little-endian, NaN where none). */
function knownCells(answer: HeatmapAnswer, column: number): number {
  const bytes = Buffer.from(answer.cellsBase64, 'base64');
  const columns = answer.columnStartsMs.length;
  let known = 0;
  for (let row = 0; row < answer.rowStarts.length; row += 1) {
    if (Number.isFinite(bytes.readFloatLE((row * columns + column) * 4))) known += 1;
  }
  return known;
}

/** The start of the oldest column with known rates, or null. */
function knownColumn(answer: HeatmapAnswer): number | null {
  const index = answer.columnStartsMs.findIndex((_start, column) => knownCells(answer, column) > 0);
  return index === -1 ? null : (answer.columnStartsMs[index] ?? null);
}

test.describe('the heatmap after a restart', { tag: '@v1' }, () => {
  let server: ChildProcess | undefined;
  let dataDir = '';

  test.afterEach(async () => {
    if (server !== undefined) await crash(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('survives the console server being killed and started again', async ({ page, request }) => {
    // Rates need two samples (3 s apart here); the column they land in, even one still
    // filling, is saved after each sample, and a restarted server leaves it as saved.
    test.setTimeout(90_000);
    dataDir = tempDataDir('hot-restart');
    server = await startConsole(dataDir);
    const heatmap = async () => {
      const answer = await request.get(
        `${RESTART_ORIGIN}/api/clusters/default/hot-regions/heatmap`,
      );
      expect(answer.ok()).toBe(true);
      return HeatmapAnswerSchema.parse(await answer.json());
    };
    await expect
      .poll(async () => knownColumn(await heatmap()), { timeout: RATES_TIMEOUT_MS })
      .not.toBeNull();
    const column = knownColumn(await heatmap());
    await crash(server);

    server = await startConsole(dataDir);
    // Read at once: the new server has no rate of its own yet (that takes two samples), so a
    // known rate in that column can only have come from the ring in DATA_DIR.
    const after = await heatmap();
    const index = after.columnStartsMs.findIndex((start) => start === column);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(knownCells(after, index)).toBeGreaterThan(0);
    await page.goto(`${RESTART_ORIGIN}/c/default/hot-regions`);
    await expect(page.getByRole('img', { name: /Heatmap of query cpu per region/ })).toBeVisible({
      timeout: RATES_TIMEOUT_MS,
    });
    await expect(page.getByTestId('hottest-cell').first()).toBeVisible();
  });
});
