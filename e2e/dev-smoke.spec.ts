import { test, expect } from './fixtures';

// The one spec that runs against `vite dev` (project "dev"): the README's first command.
test('the dev server serves the dashboard on its embedded emulator', async ({ page, cluster }) => {
  const state = await cluster.state();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Greptime Region Console' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'MetaSrv leader' })).toContainText(
    state.leader?.addr ?? 'no leader',
  );
  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /Regions of table 1024/ })).toBeVisible();
});
