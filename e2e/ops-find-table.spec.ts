/**
 * Issue 4, "Finding things": by name (catalog -> schema -> type-ahead), recent tables, by
 * region id (highlighted), logical -> physical in one click, deep links with Back/Forward.
 */
import { test, expect } from './fixtures';

test('browse by name with type-ahead, then reopen from the recent list', async ({ page }) => {
  await page.goto('/');
  const finder = page.getByRole('form', { name: 'Find a table by name' });
  // The only catalog (greptime) is chosen for the user.
  await expect(finder.getByLabel('Catalog')).toHaveValue('greptime');
  await finder.getByLabel('Schema').click();
  await page.getByRole('option', { name: 'public' }).click();
  await finder.getByLabel('Table name').fill('http_req');
  await page.getByRole('option', { name: 'http_requests' }).click();
  await expect(page.getByTestId('curl-command').first()).toContainText(
    '/admin/route?catalog=greptime&schema=public&table=http_requests',
  );
  await finder.getByRole('button', { name: 'Open by name' }).click();
  await expect(page.getByRole('table', { name: /Regions of table 1026\b/ })).toBeVisible();
  await expect(page).toHaveURL(/table=1026/);
  await page.screenshot({ path: 'docs/screenshots/ops-find-table.png' });

  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible();
  await page
    .getByRole('group', { name: 'Recent tables' })
    .getByRole('button', { name: 'greptime.public.http_requests (1026)' })
    .click();
  await expect(page.getByRole('table', { name: /Regions of table 1026\b/ })).toBeVisible();
});

test('a region id opens its table with the region highlighted; the link and Back work', async ({
  page,
  cluster,
}) => {
  const table = await cluster.table(1025);
  const region = table.regions[2];
  if (region === undefined) throw new Error('table 1025 has no region 2');
  await page.goto('/?table=1024');
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible();

  await page.getByLabel('Region ID').fill(region.regionId);
  await page.getByRole('button', { name: 'Find region' }).click();
  const grid = page.getByRole('table', { name: /Regions of table 1025\b/ });
  await expect(grid).toBeVisible();
  await expect(grid.locator(`tr[data-region-id="${region.regionId}"]`)).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  await expect(page).toHaveURL(new RegExp(`table=1025&region=${region.regionId}`));

  // A pasted link opens the same view.
  const link = page.url();
  const colleague = await page.context().newPage();
  await colleague.goto(link);
  await expect(
    colleague
      .getByRole('table', { name: /Regions of table 1025\b/ })
      .locator(`tr[data-region-id="${region.regionId}"]`),
  ).toHaveAttribute('data-highlighted', 'true');
  await colleague.close();

  await page.goBack();
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('table', { name: /Regions of table 1025\b/ })).toBeVisible();
});

test('a logical table opens its physical table in one click', async ({ page }) => {
  await page.goto('/?table=1031');
  await page.getByRole('button', { name: 'Open physical table 1030' }).click();
  await expect(page.getByRole('table', { name: /Regions of table 1030\b/ })).toBeVisible();
  await expect(page).toHaveURL(/table=1030/);
});
