/**
 * Issue 4, "Finding things": by name (catalog -> schema -> type-ahead), recent tables, by
 * region id (highlighted), logical -> physical in one click, deep links with Back/Forward.
 * Runs in both generations: legacy names come from /admin/catalogs|schemas|tables and the
 * command is /admin/route; on the SQL path from information_schema.tables, and the command is
 * the statement the server sends, with `$GREPTIME_AUTH` and never the frontend's password.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, E2E_FRONTEND_AUTH } from './fixtures';

const FRONTEND_PASSWORD = E2E_FRONTEND_AUTH.slice(E2E_FRONTEND_AUTH.indexOf(':') + 1);

/** With a table open, the finder is folded away (issue 19): unfold it as a user would. */
async function unfoldFinder(page: Page) {
  await page.getByRole('button', { name: 'Open another table' }).click();
}

test('browse by name with type-ahead, then reopen from the recent list', async ({
  page,
  generation,
}) => {
  await page.goto('/');
  const finder = page.getByRole('form', { name: 'Find a table by name' });
  // The only catalog (greptime) is chosen for the user.
  await expect(finder.getByLabel('Catalog')).toHaveValue('greptime');
  await finder.getByLabel('Schema').click();
  await page.getByRole('option', { name: 'public' }).click();
  await finder.getByLabel('Table name').fill('http_req');
  await page.getByRole('option', { name: 'http_requests' }).click();
  const command = page.getByTestId('curl-command').first();
  if (generation === 'sql') {
    await expect(command).toContainText(`curl -X POST -u "$GREPTIME_AUTH" 'http://127.0.0.1:`);
    await expect(command).toContainText(
      "FROM information_schema.tables WHERE table_catalog = '\\''greptime'\\'' AND table_schema = '\\''public'\\'' AND table_name = '\\''http_requests'\\''",
    );
    await expect(command).not.toContainText(FRONTEND_PASSWORD);
  } else {
    await expect(command).toContainText(
      '/admin/route?catalog=greptime&schema=public&table=http_requests',
    );
  }
  await finder.getByRole('button', { name: 'Open by name' }).click();
  await expect(page.getByRole('table', { name: /Regions of table 1026\b/ })).toBeVisible();
  await expect(page).toHaveURL(/\/c\/default\/tables\/1026$/);
  await page.screenshot({
    path: `docs/screenshots/${generation === 'sql' ? 'sql-find-table' : 'ops-find-table'}.png`,
  });

  await unfoldFinder(page);
  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible();
  await unfoldFinder(page);
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

  await unfoldFinder(page);
  await page.getByLabel('Region ID').fill(region.regionId);
  await page.getByRole('button', { name: 'Find region' }).click();
  const grid = page.getByRole('table', { name: /Regions of table 1025\b/ });
  await expect(grid).toBeVisible();
  await expect(grid.locator(`tr[data-region-id="${region.regionId}"]`)).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  await expect(page).toHaveURL(new RegExp(`/c/default/tables/1025\\?region=${region.regionId}$`));

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

test(
  'a logical table opens its physical table in one click',
  // The SQL path reads a table's regions from region_peers, which lists physical regions only.
  { tag: '@legacy' },
  async ({ page }) => {
    await page.goto('/?table=1031');
    await page.getByRole('button', { name: 'Open physical table 1030' }).click();
    await expect(page.getByRole('table', { name: /Regions of table 1030\b/ })).toBeVisible();
    await expect(page).toHaveURL(/\/c\/default\/tables\/1030$/);
  },
);

test('markup and shell syntax in a table name stay text, and its curl command one safe command', async ({
  page,
  cluster,
  context,
  generation,
}) => {
  // Issue 6, "Injection": the emulator's control API takes any name, as a cluster could.
  const name = `<img src=x onerror=window.__xss=1><b>bold</b>'$(touch pwned-1);touch pwned-2 "x`;
  await cluster.createTable({ tableId: 4000, regions: 2, name });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  const finder = page.getByRole('form', { name: 'Find a table by name' });
  await finder.getByLabel('Schema').click();
  await page.getByRole('option', { name: 'public' }).click();
  await finder.getByLabel('Table name').fill('<img');
  // The finder lists the name as text: no element made from it, no script run.
  await page.getByRole('option', { name, exact: true }).click();
  await expect(finder.getByLabel('Table name')).toHaveValue(name);
  await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  const box = page.getByTestId('curl-command').first();
  const label =
    generation === 'sql'
      ? 'Equivalent command (table by name)'
      : 'Equivalent command (route by name)';
  await page.getByRole('button', { name: `Copy command: ${label}` }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await box.textContent());
  expect(copied).not.toContain('\n');

  // Run it in a real shell with curl replaced by a stub that prints its arguments: exactly
  // one call, the name inside one argument (percent-encoded in the URL on legacy, a SQL string
  // literal with its quote doubled on the SQL path), and nothing else ran.
  const dir = mkdtempSync(path.join(tmpdir(), 'curl-quote-'));
  const printed = execFileSync('bash', ['-c', `curl() { printf '%s\\n' "$#" "$@"; }; ${copied}`], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GREPTIME_AUTH: 'user:from-the-environment' },
  });
  const [argc, ...args] = printed.trimEnd().split('\n');
  if (generation === 'sql') {
    const [method, post, auth, credentials, url, flag, sql, ...rest] = args;
    expect([argc, method, post, auth, credentials, flag]).toEqual([
      '7',
      '-X',
      'POST',
      '-u',
      'user:from-the-environment',
      '--data-urlencode',
    ]);
    expect(rest).toEqual([]);
    expect(new URL(url ?? '').pathname).toBe('/v1/sql');
    expect(sql).toContain(`AND table_name = '${name.replaceAll("'", "''")}' AND`);
    expect(copied).not.toContain(FRONTEND_PASSWORD);
  } else {
    const [url, ...rest] = args;
    await expect(box).toContainText('&table=%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E');
    expect(argc).toBe('1');
    expect(rest).toEqual([]);
    expect(new URL(url ?? '').searchParams.get('table')).toBe(name);
    expect(url).toMatch(/\/admin\/route\?catalog=greptime&schema=public&table=%3Cimg%20src%3Dx/);
  }
  expect(existsSync(path.join(dir, 'pwned-1'))).toBe(false);
  expect(existsSync(path.join(dir, 'pwned-2'))).toBe(false);

  // Opening it: the grid and the recent list name it as text too.
  await finder.getByRole('button', { name: 'Open by name' }).click();
  await expect(page.getByRole('table', { name: /Regions of table 4000\b/ })).toBeVisible();
  await unfoldFinder(page);
  await expect(
    page
      .getByRole('group', { name: 'Recent tables' })
      .getByRole('button', { name: `greptime.public.${name} (4000)` }),
  ).toBeVisible();
  await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
  expect(await page.evaluate(() => '__xss' in window)).toBe(false);
});
