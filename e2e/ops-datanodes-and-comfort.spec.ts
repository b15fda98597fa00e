/**
 * Issue 4, "Knowing the datanodes" and "Comfort": the datanodes panel, maintenance mode
 * (v0.7.2), the procedure-manager warning, the auto-refresh default's request rate (counted in
 * the browser, with Playwright's clock driving the timers), pausing while hidden, theme.
 * The panel and the picker run in both generations: legacy figures come from MetaSrv's
 * heartbeat; on the SQL path from cluster_info and region_statistics.
 */
import { test, expect, E2E_FRONTEND_AUTH } from './fixtures';
import { EMULATED_RELEASE } from './api-mode';
import { openMigrateDialog } from './grid-helpers';

const FRONTEND_PASSWORD = E2E_FRONTEND_AUTH.slice(E2E_FRONTEND_AUTH.indexOf(':') + 1);
const SIZE = /^\d+(\.\d)? (B|KiB|MiB|GiB|TiB)$/;

test('the datanodes panel shows leases, region counts and sizes, and says where they come from', async ({
  page,
  cluster,
  generation,
  apiMode,
}) => {
  await page.goto('/?table=1026');
  const panel = page.getByRole('table', { name: 'Datanodes' });
  await expect(panel.getByRole('row')).toHaveCount(5); // header + 4 datanodes
  const table = await cluster.table(1026);
  const onZero = table.regions.filter((r) => r.leaderPeerId === 0).length;
  const row0 = panel.locator('tr[data-peer-id="0"]');
  await expect(row0).toContainText('alive');
  await expect(row0.getByRole('cell').nth(2)).toHaveText(String(onZero));
  const sources = page.getByTestId('datanode-figure-sources');
  if (generation === 'sql') {
    // cluster_info: version and role; region_statistics: every size column and rows.
    await expect(row0.getByTestId('node-version')).toHaveText(
      `v${EMULATED_RELEASE[apiMode]} · hybrid`,
    );
    await expect(row0.getByRole('cell').nth(4)).toContainText(/up \d/);
    for (const column of ['Disk', 'Memtable', 'SST', 'Index', 'Manifest', 'Rows']) {
      await expect(panel.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
    }
    for (const i of [5, 6, 7, 9]) await expect(row0.getByRole('cell').nth(i)).toHaveText(SIZE);
    await expect(row0.getByRole('cell').nth(10)).toHaveText(/^[1-9][\d,]*$/);
    await expect(sources).toContainText('information_schema.region_statistics');
    await expect(sources).toContainText('information_schema.cluster_info');
    await expect(page.getByTestId('units-not-reported')).toHaveCount(0);
    await page.screenshot({ path: 'docs/screenshots/sql-datanodes.png', fullPage: true });
  } else {
    await expect(row0.getByRole('cell').nth(4)).toHaveText(SIZE);
    await expect(sources).toContainText('/admin/heartbeat');
    await expect(page.getByTestId('units-not-reported')).toBeVisible();
    await expect(
      page.getByText('Maintenance mode: not available in this MetaSrv version'),
    ).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/ops-datanodes.png', fullPage: true });
  }

  await cluster.stopDatanode(3);
  await cluster.setClock({ advanceMs: 15_000 });
  await page.getByRole('button', { name: 'Reload route' }).click();
  await page.reload();
  await expect(panel.locator('tr[data-peer-id="3"]')).toContainText('expired');
});

test('the migrate picker shows the datanodes panel’s figures beside each target', async ({
  page,
  generation,
}) => {
  await page.goto('/?table=1026');
  const panel = page.getByRole('table', { name: 'Datanodes' });
  // Legacy: approximate bytes; SQL path: region_statistics' disk size and rows.
  const [bytesCell, rowsCell] = generation === 'sql' ? [5, 10] : [4, null];
  await expect(panel.locator('tr[data-peer-id="3"]').getByRole('cell').nth(bytesCell)).toHaveText(
    SIZE,
  );
  await page
    .getByRole('table', { name: /Regions of table 1026\b/ })
    .getByRole('row')
    .nth(1)
    .click();
  const dialog = page.getByRole('dialog', { name: 'Migrate region' });
  const group = dialog.getByRole('radiogroup', { name: /Target datanode/ });
  for (const peerId of ['0', '1', '2', '3']) {
    const cells = panel.locator(`tr[data-peer-id="${peerId}"]`).getByRole('cell');
    const [tableRegions, clusterRegions, bytes, rows] = await Promise.all(
      [2, 3, bytesCell, rowsCell].map(async (i) =>
        i === null ? '' : ((await cells.nth(i).textContent()) ?? ''),
      ),
    );
    const size = (bytes ?? '').replace('.', '\\.');
    const sizes = generation === 'sql' ? `disk ${size} · ${rows ?? ''} rows` : `≈ ${size}`;
    // Lease age first (alive, or why not), then the panel's own figures.
    await expect(
      group.getByRole('radio', { name: new RegExp(`Datanode ${peerId} `) }),
    ).toHaveAccessibleDescription(
      new RegExp(
        `(alive \\(last heartbeat|current leader).* · leader regions: ${tableRegions} of this table, ${clusterRegions} in the cluster · ${sizes}$`,
      ),
    );
  }
  if (generation === 'sql') {
    await expect(group).toContainText('information_schema.region_statistics');
  } else {
    // Legacy datanodes report rows as 0: none are shown, and the dialog says why.
    await expect(group).not.toContainText('rows ·');
    await expect(group).toContainText('Rows and read/write units are not shown');
  }
});

test(
  'on the SQL path every command is a curl to the frontend with $GREPTIME_AUTH, never the password',
  { tag: '@v1' },
  async ({ page, cluster }) => {
    const table = await cluster.table(1024);
    const region = table.regions[0];
    if (region === undefined || region.leaderPeerId === null) throw new Error('no led region');
    const target = [0, 1, 2, 3].find((id) => id !== region.leaderPeerId) ?? 0;
    const { dialog } = await openMigrateDialog(page, 1024, region.regionId);
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    await dialog.getByLabel('Overall timeout (seconds)').fill('120');
    const command = dialog.getByTestId('curl-command');
    await expect(command).toHaveText(
      new RegExp(
        `^curl -X POST -u "\\$GREPTIME_AUTH" 'http://127\\.0\\.0\\.1:\\d+/v1/sql\\?db=greptime-public' --data-urlencode 'sql=ADMIN migrate_region\\(${region.regionId}, ${region.leaderPeerId}, ${target}, 120\\)'$`,
      ),
    );
    await page.screenshot({ path: 'docs/screenshots/sql-migrate-command.png' });
    await page.keyboard.press('Escape');

    // The datanodes panel: MetaSrv's lease read at its HTTP admin address, SQL reads at the
    // frontend; no command anywhere on the page carries the frontend's password.
    const embedded = (await (await page.request.get('/api/dev/emulator')).json()) as {
      metasrvAddrs: string[];
    };
    const reported = (await cluster.state()).leader?.addr ?? '';
    const commands = page.getByTestId('curl-command');
    const leaseCommand = commands.filter({ hasText: '/admin/node-lease' });
    await expect(leaseCommand).toHaveText(
      new RegExp(`^curl http://(${embedded.metasrvAddrs.join('|')})/admin/node-lease$`),
    );
    await expect(leaseCommand).not.toContainText(reported);
    await expect(commands.filter({ hasText: 'information_schema.cluster_info' })).toContainText(
      '-u "$GREPTIME_AUTH"',
    );
    await expect(commands.filter({ hasText: 'region_statistics' })).toContainText(
      'JOIN information_schema.region_peers',
    );
    for (const text of await commands.allTextContents())
      expect(text).not.toContain(FRONTEND_PASSWORD);
  },
);

test('maintenance mode (v0.7.2, v1.1.4) toggles only after confirmation', async ({
  page,
  cluster,
  generation,
}) => {
  // v0.7.2 has /admin/maintenance/set?enable=; v0.16+ has POST /admin/maintenance/enable.
  if (generation === 'legacy') await cluster.reset({ seed: 1, api: 'v0.7', datanodes: 4 });
  await page.goto('/?table=1024');
  await expect(page.getByTestId('maintenance-state')).toHaveText('off');
  await page.getByRole('button', { name: 'Turn maintenance mode on' }).click();
  const confirm = page.getByRole('dialog', { name: 'Turn maintenance mode on?' });
  await expect(confirm.getByTestId('curl-command')).toHaveText(
    generation === 'sql'
      ? /^curl -X POST http:\/\/[^ ]+\/admin\/maintenance\/enable$/
      : /^curl -X POST 'http:\/\/[^']+\/admin\/maintenance\/set\?enable=true'$/,
  );
  await confirm.getByRole('button', { name: 'Turn maintenance mode on' }).click();
  await expect(page.getByTestId('maintenance-state')).toHaveText('on');
  expect((await cluster.state()).maintenance).toBe(true);
});

// The legacy admin API (v0.6/v0.7) has no procedure manager endpoint, so the console never asks.
test(
  'the header says when the procedure manager is paused',
  { tag: '@v1' },
  async ({ page, cluster }) => {
    await cluster.injectFault({
      path: '/admin/procedure-manager/status',
      action: 'error',
      status: 200,
      body: '{"status":"paused"}',
      times: 100,
    });
    await page.goto('/');
    await expect(
      page.getByRole('alert').filter({ hasText: 'Procedure manager paused' }),
    ).toContainText('submitted migrations will not run');
  },
);

test(
  'an idle tab stays at or below 0.2 MetaSrv requests/s by default, and a hidden tab asks nothing',
  { tag: '@legacy' },
  async ({ page }) => {
    await page.clock.install();
    // Each /api call costs MetaSrv requests: the leader check asks all 3 nodes, others 1.
    let metasrvRequests = 0;
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (!path.startsWith('/api/clusters/default/')) return;
      const endpoint = path.slice('/api/clusters/default/'.length);
      if (endpoint.startsWith('migrations')) return; // served by our server alone
      metasrvRequests += endpoint === 'metasrv' ? 3 : 1;
    });
    await page.goto('/?table=1024');
    await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible();
    await expect(page.getByRole('radio', { name: '30 s' })).toBeChecked();
    await page.clock.runFor(5_000);
    metasrvRequests = 0;
    await page.clock.runFor(120_000);
    expect(metasrvRequests).toBeLessThanOrEqual(0.2 * 120);
    expect(metasrvRequests).toBeGreaterThan(0);

    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    metasrvRequests = 0;
    await page.clock.runFor(120_000);
    expect(metasrvRequests).toBe(0);
  },
);

test('theme follows the system by default and can be switched', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByText('Light', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test('keyboard: Enter opens the dialog, Escape closes it and focus returns to the region', async ({
  page,
}) => {
  await page.goto('/?table=1024');
  const grid = page.getByRole('table', { name: /Regions of table 1024\b/ });
  const first = grid.locator('tbody tr').first();
  await first.focus();
  await page.keyboard.press('ArrowDown');
  const second = grid.locator('tbody tr').nth(1);
  await expect(second).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Migrate region' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Migrate region' })).toBeHidden();
  await expect(second).toBeFocused();
});
