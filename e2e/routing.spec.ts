/**
 * Issue 13, routing: every page is under its cluster (`/c/<cluster>/…`), so a link opens the
 * same view on the same cluster; Back and Forward restore exactly what was shown, the
 * selected region included; a malformed link gets a message naming the parameter, never a
 * silently different view. Runs in both generations. The last test spawns its own console
 * server with two clusters (both on one standalone emulator), on E2E_ROUTING_PORT and the
 * four ports after it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { BUILT_CLIENT_DIR, BUILT_SERVER_MAIN, tempDataDir } from './built-server';
import { test, expect } from './fixtures';

const TABLE_URL = (tableId: number) => new RegExp(`/c/default/tables/${String(tableId)}$`);

function grid(page: Page, tableId: number) {
  return page.getByRole('table', { name: new RegExp(`Regions of table ${String(tableId)}\\b`) });
}

async function expectBadLink(page: Page, title: string, problem: string | RegExp) {
  const alert = page.getByRole('alert').filter({ hasText: title });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(problem);
  return alert;
}

test.describe('every link carries the cluster', () => {
  test('from the overview, a table opens at /c/default/tables/<id>', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/c\/default\/$/);
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await expect(pages.getByRole('link', { name: 'Overview' })).toHaveAttribute(
      'href',
      '/c/default/',
    );
    await expect(pages.getByRole('link', { name: 'Cluster' })).toHaveAttribute(
      'href',
      '/c/default/cluster',
    );
    await expect(pages.getByRole('link', { name: 'History' })).toHaveAttribute(
      'href',
      '/c/default/history',
    );
    await page.getByLabel('Table ID').fill('1024');
    await page.getByRole('button', { name: 'Open table' }).click();
    await expect(grid(page, 1024)).toBeVisible();
    await expect(page).toHaveURL(TABLE_URL(1024));
    await expect(page).toHaveTitle('Table 1024 · default · Greptime Region Console');
    // With a table open the finder is folded (issue 19): at 1280x720 the first rows are in view.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(page.getByRole('button', { name: 'Open another table' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await expect(grid(page, 1024).locator('tr[data-region-id]').first()).toBeInViewport();
    await page.screenshot({ path: 'docs/screenshots/routing-table-1280.png' });
  });

  test('from the cluster view, a heatmap cell opens its table', async ({ page }) => {
    await page.goto('/c/default/cluster');
    const heatmap = page.getByRole('region', { name: /Heatmap of regions per table/ });
    await heatmap.locator('[data-table-id="1025"]').first().click();
    await expect(grid(page, 1025)).toBeVisible();
    await expect(page).toHaveURL(TABLE_URL(1025));
  });

  test('from History, a row’s table is a link on this cluster', async ({
    page,
    cluster,
    baseURL,
  }) => {
    const table = await cluster.table(1024);
    const region = table.regions.find((r) => r.leaderPeerId !== null);
    if (region?.leaderPeerId == null) throw new Error('table 1024 has no led region');
    const target = [0, 1, 2, 3].find((id) => id !== region.leaderPeerId) ?? 0;
    // Submitted through the console's own API, as the migrate dialog submits it.
    const submitted = await page.request.post('/api/clusters/default/migrations', {
      headers: { origin: baseURL ?? '', 'x-console-request': 'mutation' },
      data: {
        request: {
          region_id: region.regionId,
          from_peer_id: String(region.leaderPeerId),
          to_peer_id: String(target),
          replay_timeout: '10s',
        },
        idempotency_key: 'routing-history-link',
      },
    });
    expect(submitted.ok()).toBe(true);

    await page.goto('/c/default/history');
    const link = page
      .getByRole('table', { name: 'Migration history' })
      .getByRole('link', { name: 'Open table 1024' })
      .first();
    await expect(link).toHaveAttribute('href', '/c/default/tables/1024');
    await link.click();
    await expect(grid(page, 1024)).toBeVisible();
    await expect(page).toHaveURL(TABLE_URL(1024));
  });
});

test('Back and Forward restore the table and the selected region', async ({ page, cluster }) => {
  const table = await cluster.table(1024);
  const region = table.regions[1];
  if (region === undefined) throw new Error('table 1024 has no region 1');

  await page.goto('/c/default/');
  await page.getByLabel('Table ID').fill('1024');
  await page.keyboard.press('Enter');
  const row = grid(page, 1024).locator(`tr[data-region-id="${region.regionId}"]`);
  await row.click();
  // Selecting a region replaces the entry: the URL names it.
  await expect(page).toHaveURL(new RegExp(`/c/default/tables/1024\\?region=${region.regionId}$`));
  await page.keyboard.press('Escape');

  // The finder is folded away while a table is open (issue 19).
  await page.getByRole('button', { name: 'Open another table' }).click();
  await page.getByLabel('Table ID').fill('1025');
  await page.keyboard.press('Enter');
  await expect(grid(page, 1025)).toBeVisible();
  await expect(page).toHaveURL(TABLE_URL(1025));

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/c/default/tables/1024\\?region=${region.regionId}$`));
  await expect(row).toHaveAttribute('data-highlighted', 'true');
  await page.goForward();
  await expect(grid(page, 1025)).toBeVisible();
  await expect(page).toHaveURL(TABLE_URL(1025));
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/c\/default\/$/);
  await expect(page.getByLabel('Table ID')).toBeVisible();
});

test.describe('a malformed link is named, never shown as another view', () => {
  test('a table id that is not a number', async ({ page }) => {
    await page.goto('/c/default/tables/abc');
    const alert = await expectBadLink(page, 'Bad table ID in the link', '“abc” is not a number');
    await expect(page.getByRole('table')).toHaveCount(0);
    await alert.getByRole('link', { name: 'Go to the overview of cluster default' }).click();
    await expect(page).toHaveURL(/\/c\/default\/$/);
    await expect(page.getByLabel('Table ID')).toBeVisible();
  });

  test('an old link with a bad table id ends on the same message', async ({ page }) => {
    await page.goto('/?table=abc');
    await expect(page).toHaveURL(/\/c\/default\/tables\/abc$/);
    await expectBadLink(page, 'Bad table ID in the link', '“abc” is not a number');
  });

  test('a region that is not a region id', async ({ page }) => {
    await page.goto('/c/default/tables/1024?region=12x');
    await expectBadLink(page, 'Bad region in the link', '“12x” is not a region ID');
    await expect(page.getByRole('table')).toHaveCount(0);
  });

  test('a region of another table', async ({ page, cluster }) => {
    const other = (await cluster.table(1025)).regions[0];
    if (other === undefined) throw new Error('table 1025 has no region');
    await page.goto(`/c/default/tables/1024?region=${other.regionId}`);
    await expectBadLink(
      page,
      'Bad region in the link',
      `Region ${other.regionId} belongs to table 1025, not to table 1024.`,
    );
    await expect(page.getByRole('table')).toHaveCount(0);
  });

  test('a cluster this console does not have', async ({ page }) => {
    await page.goto('/c/nope/tables/1024');
    const alert = await expectBadLink(
      page,
      'Bad cluster in the link',
      'This console has no cluster “nope”. Its clusters: default.',
    );
    await alert.getByRole('link', { name: 'Go to the overview' }).click();
    await expect(page).toHaveURL(/\/c\/default\/$/);
  });

  test('a path of no page', async ({ page }) => {
    await page.goto('/c/default/tabels/1024');
    const alert = await expectBadLink(
      page,
      'No such page',
      'The console has no page at /c/default/tabels/1024.',
    );
    await expect(
      alert.getByRole('link', { name: 'Go to the overview of cluster default' }),
    ).toBeVisible();
  });

  test('an old link to a view of no page', async ({ page }) => {
    await page.goto('/?view=tabels');
    await expectBadLink(page, 'Bad view in the link', '“tabels” is not a page of the console');
  });
});

/** E2E_ROUTING_PORT: MetaSrv, control API, admin API, console, (unused) frontend. */
const ROUTING_PORT = Number(process.env.E2E_ROUTING_PORT ?? 4460);
const METASRV_ADDR = `127.0.0.1:${String(ROUTING_PORT)}`;
const CONSOLE_ORIGIN = `http://127.0.0.1:${String(ROUTING_PORT + 3)}`;

function spawnUntil(args: string[], env: Record<string, string>, ready: string) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(ready)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`${args.join(' ')} exited (${String(code)}):\n${output}`));
    });
  });
}

test.describe('several clusters', { tag: '@legacy' }, () => {
  let emulator: ChildProcess | undefined;
  let consoleServer: ChildProcess | undefined;

  test.beforeAll(async () => {
    emulator = await spawnUntil(
      [
        '--import',
        'tsx',
        'emulator/cli.ts',
        '--port',
        String(ROUTING_PORT),
        '--metasrvs',
        '1',
        '--control-port',
        String(ROUTING_PORT + 1),
        '--admin-port',
        String(ROUTING_PORT + 2),
        '--frontend-port',
        String(ROUTING_PORT + 4),
      ],
      {},
      'control:',
    );
    consoleServer = await spawnUntil(
      [BUILT_SERVER_MAIN],
      {
        DIST_DIR: BUILT_CLIENT_DIR,
        DATA_DIR: tempDataDir('routing'),
        PORT: String(ROUTING_PORT + 3),
        CLUSTER: `default=${METASRV_ADDR};east=${METASRV_ADDR}`,
      },
      'Region Console listening on',
    );
  });

  test.afterAll(() => {
    consoleServer?.kill('SIGTERM');
    emulator?.kill('SIGTERM');
  });

  test('a second cluster’s link opens that cluster, and the switcher moves between them', async ({
    page,
  }) => {
    await page.goto(`${CONSOLE_ORIGIN}/c/east/tables/1024`);
    // A cold server: the first page and the table's chunk load before the grid.
    await expect(grid(page, 1024)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('combobox', { name: 'Cluster' })).toHaveValue('east');
    await expect(page).toHaveTitle('Table 1024 · east · Greptime Region Console');
    await expect(
      page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'History' }),
    ).toHaveAttribute('href', '/c/east/history');

    await page.getByRole('combobox', { name: 'Cluster' }).selectOption('default');
    await expect(page).toHaveURL(`${CONSOLE_ORIGIN}/c/default/`);
    // `/` opens the cluster chosen last.
    await page.getByRole('combobox', { name: 'Cluster' }).selectOption('east');
    await expect(page).toHaveURL(`${CONSOLE_ORIGIN}/c/east/`);
    await page.goto(`${CONSOLE_ORIGIN}/`);
    await expect(page).toHaveURL(`${CONSOLE_ORIGIN}/c/east/`);
  });
});
