import { test, expect } from './fixtures';

// Issue 19's quick wins, as a user sees them: the header says the cluster is the embedded
// emulator, the tab names the cluster (and the open table), and the tab shows our favicon.
// The browser console fixture (e2e/browser-console.ts) fails any of these tests that logs an
// error or warning, so the favicon's 404 and the legacy API's 404s are covered here too.

test('the header says the cluster is the emulated demo cluster', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('banner').getByText('Emulated demo cluster')).toBeVisible();
});

test('the page title names the cluster, then the open table', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('default · Greptime Region Console');
  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /Regions of table 1024/ })).toBeVisible();
  await expect(page).toHaveTitle('Table 1024 · default · Greptime Region Console');
});

test('the tab shows the console favicon', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBe('/favicon.svg');
  const icon = await page.request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  expect(await icon.text()).toContain('<svg');
});

test('screenshots of the labelled header, light and dark @legacy', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    await expect(page.getByRole('banner').getByText('Emulated demo cluster')).toBeVisible();
    await expect(page.getByRole('region', { name: 'MetaSrv leader' })).toContainText('leader');
    await page.screenshot({ path: `docs/screenshots/header-emulated-${scheme}.png` });
  }
});

test('a datanode header shows what tells its address apart, with the full address on hover', async ({
  page,
  cluster,
}) => {
  const { datanodes } = await cluster.state();
  const full = datanodes.find((d) => d.id === 2)?.addr ?? '';
  // Every emulated datanode is greptimedb-datanode-<n>.greptimedb-datanode.<namespace>:4001.
  expect(full).toMatch(/^greptimedb-datanode-2\./);
  await page.goto('/');
  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  const grid = page.getByRole('table', { name: /Regions of table 1024/ });
  const header = grid.locator('th[data-datanode="2"]');
  await expect(header).toContainText('Datanode 2');
  const address = header.getByTitle(full, { exact: true });
  await expect(address).toHaveText(/^…datanode-2…/);
  // The shared part is elided, not cut: the whole address is in the header's accessible text.
  await expect(header).toHaveAccessibleName(new RegExp(full.replaceAll('.', '\\.')));
});

test('the heading names the table opened by id: catalog.schema.table and the id', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: /\(table 1024\)$/ })).toHaveText(
    /^greptime\.public\.\w+ \(table 1024\)$/,
  );
  await expect(page.getByRole('heading', { name: 'Table 1024', exact: true })).toHaveCount(0);
});
