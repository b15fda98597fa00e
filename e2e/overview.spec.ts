/**
 * The overview, the page the console opens on (issue 19): the cluster at a glance above every
 * table in a searchable, sortable list, in both API generations. The seeded cluster has four
 * datanodes and `public.monitor` with three regions.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * The list reads names, then (legacy) each table's route for its id: two events, each awaited
 * up to 15 s, since a loaded CI machine can take that long for a chain of requests.
 */
async function openOverview(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('table-list-count')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('row', { name: /^public\.monitor\b/ })).toContainText('1024', {
    timeout: 15_000,
  });
}

test.describe('the overview at a glance', () => {
  test('says 4 of 4 datanodes alive, names the leader and counts the leader regions', async ({
    page,
  }) => {
    await openOverview(page);
    await expect(page).toHaveURL(/\/c\/default\/$/);
    await expect(page.getByRole('group', { name: 'Datanodes' })).toContainText('4 of 4 alive');
    await expect(page.getByRole('group', { name: 'MetaSrv leader' })).toContainText(
      /:\d+.*MetaSrv nodes reachable/,
    );
    await expect(page.getByRole('group', { name: 'Leader regions' })).toContainText(/\d+ tables/);
    await expect(page.getByRole('group', { name: 'Skew (CV)' })).toContainText(
      /\d\.\d{3} · \d\.\d{3}/,
    );
    // The console server keeps following migrations earlier specs left behind: the figure is
    // what its own list says is in flight (no plan run is active here).
    const list = (await (await page.request.get('/api/clusters/default/migrations')).json()) as {
      migrations: { phase: string }[];
    };
    const following = list.migrations.filter((m) => m.phase === 'following').length;
    await expect(page.getByRole('group', { name: 'In flight' })).toContainText(
      `${String(following)} · 0`,
    );
  });

  test('a stopped datanode is counted dead once its lease expires', async ({ page, cluster }) => {
    await cluster.stopDatanode(3);
    // MetaSrv's lease window is 10 s of its own clock.
    await cluster.setClock({ advanceMs: 20_000 });
    // The jump may cost MetaSrv its leader lease too: ask once a leader is back.
    await cluster.waitForLeader((state) => state.leader !== null);
    await openOverview(page);
    await expect(page.getByRole('group', { name: 'Datanodes' })).toContainText('3 of 4 alive');
  });

  test('its figures link to the cluster view and to History', async ({ page }) => {
    await openOverview(page);
    await expect(page.getByRole('link', { name: 'Regions per datanode' })).toHaveAttribute(
      'href',
      '/c/default/cluster',
    );
    await page.getByRole('link', { name: 'Every move in History' }).click();
    await expect(page).toHaveURL(/\/c\/default\/history$/);
  });
});

test.describe('the table list', () => {
  test('shows public.monitor with 3 regions; clicking it opens the table', async ({ page }) => {
    await openOverview(page);
    const monitor = page.getByRole('row', { name: /^public\.monitor\b/ });
    await expect(monitor).toContainText('1024');
    await expect(monitor.getByRole('cell').nth(3)).toHaveText('3');
    await monitor.click();
    await expect(page).toHaveURL(/\/c\/default\/tables\/1024$/);
  });

  test('searching “mon” leaves only matching tables; a search without match says so', async ({
    page,
  }) => {
    await openOverview(page);
    const rows = page.getByTestId('table-list-row');
    await expect(rows.first()).toBeVisible();
    const search = page.getByLabel('Search tables');
    await search.fill('mon');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('public.monitor');
    await search.fill('no_such_table');
    await expect(rows).toHaveCount(0);
    await expect(page.getByText('No table matches “no_such_table”.')).toBeVisible();
  });

  test('type a name and press Enter: the table opens', async ({ page }) => {
    await openOverview(page);
    await page.getByLabel('Search tables').fill('monitor');
    await page.getByLabel('Search tables').press('Enter');
    await expect(page).toHaveURL(/\/c\/default\/tables\/1024$/);
  });

  test('sorting by regions puts the table with most regions first, then fewest', async ({
    page,
  }) => {
    await openOverview(page);
    const header = page.getByRole('columnheader', { name: /Regions/ });
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    // app_logs has 32 regions, more than any other seeded table.
    await expect(page.getByTestId('table-list-row').first()).toContainText('public.app_logs');
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.getByTestId('table-list-row').first()).not.toContainText('public.app_logs');
  });

  test('greptime_private is listed last, and the finder preselects public', async ({
    page,
    cluster,
  }) => {
    await cluster.createTable({
      tableId: 4100,
      regions: 1,
      name: 'aaa_private',
      schema: 'greptime_private',
    });
    await openOverview(page);
    const rows = page.getByTestId('table-list-row');
    await expect(rows.filter({ hasText: 'greptime_private.aaa_private' })).toHaveCount(1);
    await expect(rows.last()).toContainText('greptime_private.');
    await expect(rows.first()).toContainText('public.');
    await expect(page.getByLabel('Schema', { exact: true })).toHaveValue('public');
  });
});

test('opening by name in the finder is: type the name, Enter', async ({ page }) => {
  await openOverview(page);
  await expect(page.getByLabel('Schema', { exact: true })).toHaveValue('public');
  const name = page.getByRole('combobox', { name: 'Table name' });
  await name.fill('monitor');
  await name.press('Escape');
  await name.press('Enter');
  await expect(page).toHaveURL(/\/c\/default\/tables\/1024$/);
});

test('screenshots of the overview, light and dark @legacy', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openOverview(page);
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    await expect(page.getByRole('group', { name: 'Datanodes' })).toContainText('4 of 4 alive');
    await expect(page.getByRole('row', { name: /^public\.monitor\b/ })).toContainText('1024');
    await page.screenshot({ path: `docs/screenshots/overview-${scheme}.png` });
  }
});

test('the overview at 1440x900, light and dark, for review', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openOverview(page);
    await testInfo.attach(`overview-1440-${scheme}`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
  }
});
