/**
 * Issue 19, the distribution views speak: on the cluster page, each datanode's bar is labelled
 * with its peer id and its value (the same figure as the chart's table), the axis has ticks and
 * the mean a legend; at 200 datanodes the labels that are drawn do not overlap and every bar
 * still has its tooltip. The tables × datanodes heatmap names every column and each table
 * (by name: from the SQL path's table list, from legacy MetaSrv's `/admin/table` by id), has a
 * colour scale, and a cell opens the table with that datanode's region highlighted, clicked or
 * reached by keyboard (one tab stop, arrow keys, a ring of 3:1 against the page, Enter). The
 * migrations tray never covers the page: with it open, the last planned move scrolls fully
 * into view above it. Both
 * generations; axe (light and dark, with both tables shown and a bar focused, after a heatmap
 * cell's ring is checked in that scheme) and the README's screenshots run on the SQL path
 * (`@v1`).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seriousAxeViolations } from './axe';
import { focusRingOf } from './focus-ring';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Boxes of the matched elements that are laid out, in document order. */
async function boxesOf(locator: Locator): Promise<{ text: string; box: Box }[]> {
  const found: { text: string; box: Box }[] = [];
  for (const element of await locator.all()) {
    const box = await element.boundingBox();
    if (box !== null && box.width > 0)
      found.push({ text: (await element.textContent()) ?? '', box });
  }
  return found;
}

function expectNoOverlap(boxes: readonly { text: string; box: Box }[]) {
  for (let i = 1; i < boxes.length; i += 1) {
    const [before, after] = [boxes[i - 1], boxes[i]];
    if (before === undefined || after === undefined) continue;
    expect(overlaps(before.box, after.box), `labels ${before.text} and ${after.text}`).toBe(false);
  }
}

async function openClusterView(page: Page) {
  await page.goto('/c/default/cluster');
  // Matched on its label with CSS, which is cheap to poll while the cluster view (a lazy chunk
  // reading the whole heartbeat summary) loads on a busy machine.
  const plot = page.locator('svg[role="group"][aria-label^="Regions per datanode: "]');
  await expect(plot).toBeVisible({ timeout: 15_000 });
  const heatmap = page.getByRole('region', { name: 'Heatmap of regions per table and datanode' });
  return { plot, heatmap };
}

test('each datanode’s bar is labelled with its peer id and its region count, as the table says', async ({
  page,
  cluster,
}) => {
  const { datanodes } = await cluster.state();
  expect(datanodes).toHaveLength(4);
  const { plot } = await openClusterView(page);
  await plot.getByRole('img').first().scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Show the figures as a table' }).click();
  const table = page.getByRole('table', { name: 'Regions per datanode' });
  for (const { id } of datanodes) {
    const peerId = String(id);
    const bar = plot.getByRole('img', { name: new RegExp(`^datanode ${peerId} \\(`) });
    const label = plot.locator(`[data-datanode-label="${peerId}"]`);
    const value = plot.locator(`[data-value-label="${peerId}"]`);
    await expect(label).toHaveText(peerId);
    // The table's count for this datanode is the number over its bar.
    const count =
      (await table.locator(`tr[data-datanode="${peerId}"] [data-column="count"]`).textContent()) ??
      '';
    expect(count).toMatch(/^\d+$/);
    await expect(value).toHaveText(count);
    await expect(bar).toHaveAccessibleName(new RegExp(`: ${count} regions, [\\d.]+ × mean; `));
    // The value sits over its bar, the label under it.
    const [barBox, valueBox, labelBox] = await Promise.all([
      bar.locator('rect').last().boundingBox(),
      value.boundingBox(),
      label.boundingBox(),
    ]);
    if (barBox === null || valueBox === null || labelBox === null) throw new Error('not laid out');
    const centre = valueBox.x + valueBox.width / 2;
    expect(centre).toBeGreaterThan(barBox.x);
    expect(centre).toBeLessThan(barBox.x + barBox.width);
    expect(valueBox.y + valueBox.height).toBeLessThanOrEqual(barBox.y + 1);
    expect(labelBox.y).toBeGreaterThanOrEqual(barBox.y + barBox.height);
  }
  // An axis with ticks, from 0; the mean line has a legend.
  await expect(plot.getByTestId('plot-tick').first()).toHaveText('0');
  expect(await plot.getByTestId('plot-tick').count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByText(/^mean: \d+ regions per datanode$/)).toBeVisible();
  // Hovering a bar shows its tooltip.
  await plot.getByRole('img', { name: /^datanode 2 \(/ }).hover();
  await expect(page.getByTestId('plot-tooltip')).toContainText(/datanode 2.* regions/);
});

test('the heatmap names every column and table, has a colour scale, and a cell opens the table at that datanode, by click and by keyboard', async ({
  page,
}) => {
  const { heatmap } = await openClusterView(page);
  // Rows are named by table, in both generations: from the table list on the SQL path, asked by
  // id on legacy MetaSrv. (The names come after the heatmap: the grid is laid out again for
  // them, so everything below waits for them first.)
  const firstTableName = heatmap.getByRole('button', {
    name: 'Open table greptime.public.monitor (1024)',
  });
  await expect(firstTableName).toBeVisible();
  await heatmap.scrollIntoViewIfNeeded();
  const columns = heatmap.locator('[data-datanode-column]');
  await expect(columns).toHaveText(['0', '1', '2', '3']);
  expectNoOverlap(await boxesOf(columns));
  const legend = page.getByTestId('heatmap-legend');
  await expect(legend).toBeVisible();
  await expect(legend).toHaveAccessibleName(
    /^Colour scale: a blank cell is 0; .* the full colour \d+ regions/,
  );
  // Table 1026 is crowded on datanode 0: its cell there opens it with a region of datanode 0.
  await heatmap.locator('[data-table-id="1026"][data-datanode="0"]').click();
  await expect(page).toHaveURL(/\/c\/default\/tables\/1026\?region=\d+$/);
  const highlighted = page.locator('tr[aria-current="true"]');
  await expect(highlighted.locator('td[data-datanode="0"]')).toHaveText(/Leader/, {
    timeout: 15_000,
  });

  // The same by keyboard: the grid is the tab stop before "Show the heatmap as a table", on
  // the first table's first datanode; arrow keys reach 1026's cell, which shows a ring, and
  // Enter opens what the click opened.
  await page.goBack();
  await expect(firstTableName).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Show the heatmap as a table' }).focus();
  await page.keyboard.press('Shift+Tab');
  const grid = heatmap.getByRole('grid', { name: 'Regions of each table on each datanode' });
  const focused = grid.locator(':focus');
  await expect(focused).toHaveAccessibleName(
    /^greptime\.public\.monitor on datanode 0: (\d+ regions|no regions)$/,
  );
  for (let i = 0; i < 10; i += 1) {
    if ((await focused.getAttribute('data-table-id')) === '1026') break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(focused).toHaveAttribute('data-table-id', '1026');
  await expect(focused).toHaveAccessibleName(/ on datanode 0: \d+ regions$/);
  const ring = await focusRingOf(focused);
  expect(ring.style).toBe('solid');
  expect(ring.widthPx).toBeGreaterThanOrEqual(2);
  expect(ring.contrast).toBeGreaterThanOrEqual(3);
  // Right, then back: the keys move through the row.
  await page.keyboard.press('ArrowRight');
  await expect(focused).toHaveAccessibleName(/ on datanode 1: /);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/c\/default\/tables\/1026\?region=\d+$/);
  await expect(page.locator('tr[aria-current="true"]').locator('td[data-datanode="0"]')).toHaveText(
    /Leader/,
    { timeout: 15_000 },
  );
});

test.describe('at 200 datanodes', () => {
  test.slow();

  test('the drawn labels do not overlap and every bar keeps its tooltip', async ({
    page,
    cluster,
    generation,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // The seeded tables and one of 1,000 regions round-robin: every datanode leads some.
    await cluster.reset({ datanodes: 200, tables: null, regions: null });
    await cluster.createTable({ tableId: 5000, regions: 1_000 });
    const { plot, heatmap } = await openClusterView(page);
    await expect(
      page.getByText(/^[\d,]+ leader regions in \d+ tables on 200 datanodes/),
    ).toBeVisible();
    await plot.getByRole('img').first().scrollIntoViewIfNeeded();
    await expect(plot.getByRole('img')).toHaveCount(200);
    const labels = await boxesOf(plot.locator('[data-datanode-label]'));
    expect(labels.length).toBeGreaterThanOrEqual(10);
    expect(labels.length).toBeLessThan(200);
    expectNoOverlap(labels);
    // A bar without a label still names itself on hover.
    const unlabelled = plot.getByRole('img', { name: /^datanode 137 \(/ });
    await expect(plot.locator('[data-datanode-label="137"]')).toHaveCount(0);
    await unlabelled.hover();
    await expect(page.getByTestId('plot-tooltip')).toContainText('datanode 137');

    // The heatmap labels each column it draws, upright, none over another.
    await heatmap.scrollIntoViewIfNeeded();
    const columns = await boxesOf(heatmap.locator('[data-datanode-column]'));
    expect(columns.length).toBeGreaterThanOrEqual(20);
    for (const { text } of columns) expect(text).toMatch(/^\d+$/);
    expectNoOverlap(columns);
    await expect(page.getByTestId('heatmap-legend')).toBeVisible();
    if (generation === 'legacy') {
      await plot.evaluate((element) => {
        element.closest('figure')?.scrollIntoView({ block: 'start' });
      });
      await page.screenshot({ path: 'docs/screenshots/cluster-distribution-200-datanodes.png' });
    }
  });
});

test('with the migrations tray open, the last planned move scrolls fully into view above it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // One migration through the dialog, so the tray shows.
  await page.goto('/c/default/tables/1024');
  const grid = page.getByRole('table', { name: /Regions of table 1024\b/ });
  await expect(grid).toBeVisible({ timeout: 15_000 });
  await grid.getByRole('row').nth(1).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate region' });
  await dialog.getByRole('button', { name: /^Migrate region .* to datanode/ }).click();
  await expect(dialog.getByTestId('tracked-migration')).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Escape');
  const tray = page.getByRole('complementary', { name: 'Migrations' });
  await tray.getByRole('button', { name: /^Show all \(\d+\)$/ }).click();
  await expect(tray.getByTestId('tray-item').first()).toBeVisible();

  await page.getByRole('link', { name: 'Cluster' }).click();
  await page.getByText('Drain a datanode').click();
  await page.getByRole('combobox', { name: 'Datanode to drain' }).click();
  await page.getByRole('option', { name: /^datanode 0 / }).click();
  await page.getByRole('button', { name: 'Preview plan' }).click();
  const moves = page.getByRole('table', { name: 'Planned moves' });
  await page.getByTestId('planned-moves-scroller').evaluate((el) => {
    el.scrollTo({ top: el.scrollHeight });
  });
  // The rows are virtualized: name the last one by its index, so the locator survives the
  // re-render the scroll causes.
  const rowCount = await moves.getAttribute('aria-rowcount');
  const last = moves.locator(`tbody tr[aria-rowindex="${String(rowCount)}"]`);
  await last.scrollIntoViewIfNeeded();
  const [rowBox, trayBox] = await Promise.all([last.boundingBox(), tray.boundingBox()]);
  if (rowBox === null || trayBox === null) throw new Error('row or tray not laid out');
  expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(trayBox.y);
  // What is drawn at the row's bottom edge is the row, not the tray.
  const isRowOnTop = await last.evaluate((row) => {
    const box = row.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.bottom - 2);
    return hit !== null && row.contains(hit);
  });
  expect(isRowOnTop).toBe(true);
});

for (const scheme of ['light', 'dark'] as const) {
  test(
    `the distribution views with their tables shown have no serious axe violations, ${scheme} mode`,
    { tag: '@v1' },
    async ({ page }) => {
      test.slow();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1280, height: 720 });
      const { plot } = await openClusterView(page);
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await page.getByRole('button', { name: 'Show the figures as a table' }).click();
      await page.getByRole('button', { name: 'Show the heatmap as a table' }).click();
      await expect(
        page.getByRole('table', { name: 'Regions per table and datanode' }),
      ).toBeVisible();
      // The grid is laid out again once the table names arrive: focus after that.
      await expect(
        page.getByRole('button', { name: 'Open table greptime.public.monitor (1024)' }),
      ).toBeVisible();
      // A heatmap cell from the keyboard shows a ring that stands out in this scheme.
      await page.getByRole('button', { name: 'Hide the heatmap table' }).focus();
      await page.keyboard.press('Shift+Tab');
      const cell = page.getByRole('grid', { name: 'Regions of each table on each datanode' });
      await expect(cell.locator(':focus')).toHaveAccessibleName(/ on datanode 0: /);
      const ring = await focusRingOf(cell.locator(':focus'));
      expect(ring.style).toBe('solid');
      expect(ring.contrast).toBeGreaterThanOrEqual(3);
      await page
        .getByRole('region', { name: 'Heatmap of regions per table and datanode' })
        .screenshot({ path: test.info().outputPath(`heatmap-cell-focused-${scheme}.png`) });
      // A focused bar, with its tooltip.
      await plot.getByRole('img').first().focus();
      await expect(page.getByTestId('plot-tooltip')).toBeVisible();
      // The distribution views only: a11y.spec.ts scans whole pages.
      expect(
        await seriousAxeViolations(page, [
          '[aria-label="Skew"]',
          'figure',
          '[aria-label^="Heatmap of"]',
          '[data-testid="heatmap-legend"]',
          'table[aria-label="Regions per table and datanode"]',
        ]),
      ).toEqual([]);
    },
  );
}

test.describe('screenshots for the README', { tag: '@v1' }, () => {
  test.slow();
  const SIZES = [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ] as const;

  test('the cluster view, a table page and the migrate dialog, light and dark, at 1280×720 and 1440×900', async ({
    page,
  }) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const name = `${String(size.width)}-${scheme}`;
        const { plot } = await openClusterView(page);
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        await plot.evaluate((element) => {
          element.closest('section')?.scrollIntoView({ block: 'start' });
        });
        await page.screenshot({ path: `docs/screenshots/cluster-view-${name}.png` });

        await page.goto('/c/default/tables/1024');
        const grid = page.getByRole('table', { name: /Regions of table 1024\b/ });
        await expect(grid).toBeVisible({ timeout: 15_000 });
        await expect(
          page.getByRole('heading', { name: /greptime\.public\.monitor/ }),
        ).toBeVisible();
        await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
        await page.screenshot({ path: `docs/screenshots/table-page-${name}.png` });

        await grid.getByRole('row').nth(1).click();
        const dialog = page.getByRole('dialog', { name: 'Migrate region' });
        await expect(dialog.getByTestId('suggested-target')).toContainText('Suggested: datanode');
        // The modal fades in: finished transitions, not a half-opaque frame.
        await page.screenshot({
          path: `docs/screenshots/migrate-dialog-${name}.png`,
          animations: 'disabled',
        });
        await page.keyboard.press('Escape');
        await expect(dialog).toBeHidden();
      }
    }
  });
});
