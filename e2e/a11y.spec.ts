/**
 * Issue 19, accessibility in CI: an axe scan (e2e/axe.ts) finds no serious or critical
 * violation on any page or dialog, in light and in dark mode. Each page and dialog is scanned
 * once per theme on the SQL path (`@v1`); what only legacy MetaSrv shows is scanned on the
 * legacy project (`@legacy`). The login page is scanned in production-server.spec.ts, the spec
 * that runs a server with token auth. A finished plan run (its green "done" badges) is scanned
 * in both themes too. The theme is the system's (`prefers-color-scheme`), which the console
 * follows by default.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { cancelActiveRuns } from './plan-run-cleanup';
import { runCappedRebalance } from './plan-run-start';
import { seriousAxeViolations } from './axe';

const TABLE_ID = 1024;
const SCHEMES = ['light', 'dark'] as const;

/** Waits until nothing in the page is still loading, so the scan sees the finished page. */
async function settled(page: Page) {
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
}

async function openTablePage(page: Page) {
  await page.goto(`/c/default/tables/${String(TABLE_ID)}`);
  const grid = page.getByRole('table', {
    name: new RegExp(`Regions of table ${String(TABLE_ID)}\\b`),
  });
  // The table page is a chunk of its own: its first load may take a while on a busy machine.
  await expect(grid).toBeVisible({ timeout: 15_000 });
  await settled(page);
  return grid;
}

async function openDialog(page: Page) {
  const grid = await openTablePage(page);
  await grid.getByRole('row').nth(1).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate region' });
  await expect(dialog.getByTestId('suggested-target')).toContainText('Suggested: datanode');
  return dialog;
}

const PAGES: ReadonlyArray<{ name: string; open: (page: Page) => Promise<unknown> }> = [
  {
    name: 'the overview',
    open: async (page) => {
      await page.goto('/c/default/');
      await settled(page);
    },
  },
  { name: 'a table page', open: openTablePage },
  { name: 'the migrate dialog', open: openDialog },
  {
    name: 'the cluster view with a drain preview',
    open: async (page) => {
      await page.goto('/c/default/cluster');
      await page.getByText('Drain a datanode').click();
      await page.getByRole('combobox', { name: 'Datanode to drain' }).click();
      await page.getByRole('option', { name: /^datanode 0 / }).click();
      await page.getByRole('button', { name: 'Preview plan' }).click();
      await expect(page.getByRole('table', { name: 'Planned moves' })).toBeVisible();
      await settled(page);
    },
  },
  {
    name: 'History, with the migrations tray',
    open: async (page) => {
      // One migration, so that History has a row and the tray shows.
      const dialog = await openDialog(page);
      await dialog.getByRole('button', { name: /^Migrate region .* to datanode/ }).click();
      await expect(dialog.getByTestId('tracked-migration')).toBeVisible();
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: 'History' }).click();
      const history = page.getByRole('table', { name: 'Migration history' });
      await expect(history.getByRole('row').nth(1)).toBeVisible({ timeout: 15_000 });
      await expect(page.getByRole('complementary', { name: 'Migrations' })).toBeVisible();
      await settled(page);
    },
  },
];

for (const scheme of SCHEMES) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 720 } });
    // axe walks the whole DOM (the cluster view holds thousands of elements): give it room.
    test.slow();

    for (const { name, open } of PAGES) {
      test(
        `${name} has no serious or critical axe violations`,
        { tag: '@v1' },
        async ({ page }) => {
          await open(page);
          await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
          expect(await seriousAxeViolations(page)).toEqual([]);
        },
      );
    }

    test(
      'a finished plan run (its “done” badges) has no serious or critical axe violations',
      { tag: '@v1' },
      async ({ page, cluster, request }) => {
        // Fast replay: two moves done within seconds.
        await cluster.setReplay({ speed: 20 });
        await page.goto('/c/default/cluster');
        await runCappedRebalance(page, 2);
        try {
          await expect(page.getByTestId('run-state')).toHaveText('completed', { timeout: 60_000 });
        } finally {
          // A run left active would make the next spec's "Run" a 409 (one run per cluster).
          await cancelActiveRuns(request);
        }
        const moves = page.getByRole('table', { name: 'Moves of the run' });
        const done = moves.locator('[data-status=done]');
        await expect(done).toHaveCount(2);
        await expect(done.first().getByText('done', { exact: true })).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        await settled(page);
        expect(await seriousAxeViolations(page)).toEqual([]);
      },
    );

    test(
      'the legacy migrate dialog (remote-WAL notice, curl command) has no serious or critical axe violations',
      { tag: '@legacy' },
      async ({ page }) => {
        const dialog = await openDialog(page);
        await expect(dialog.getByText(/remote \(Kafka\) WAL/)).toBeVisible();
        await expect(dialog.getByTestId('curl-command')).toBeVisible();
        expect(await seriousAxeViolations(page)).toEqual([]);
      },
    );
  });
}
