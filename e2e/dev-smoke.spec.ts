import { test, expect } from './fixtures';

// The one spec that runs against `npm run dev` (project "dev"): the README's first command.
// Vite serves the dashboard there behind the same guards, CSP included.
test('the dev server serves the dashboard on its embedded emulator', async ({ page, cluster }) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const state = await cluster.state();
  const answer = await page.goto('/');
  expect(answer?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
  await expect(page.getByRole('heading', { name: 'Greptime Region Console' })).toBeVisible();
  await expect(page.getByRole('banner').getByText('Emulated demo cluster')).toBeVisible();
  await expect(page.getByRole('region', { name: 'MetaSrv leader' })).toContainText(
    state.leader?.addr ?? 'no leader',
  );
  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /Regions of table 1024/ })).toBeVisible();
  expect(cspViolations).toEqual([]);
});
