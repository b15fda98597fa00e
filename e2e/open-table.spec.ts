import { test, expect } from './fixtures';
import { EMULATED_RELEASE } from './api-mode';
import { regionCell } from './grid-helpers';

const ROUTE_BY_ID = /\/api\/clusters\/default\/route\?table_id=/;

test.describe('open a table and read its region grid', () => {
  test('an invalid table id gets a specific message and sends no request', async ({ page }) => {
    // Route reads by id only: on the legacy API the overview's table list reads routes by name.
    const routeRequests: string[] = [];
    page.on('request', (request) => {
      if (ROUTE_BY_ID.test(request.url())) routeRequests.push(request.url());
    });
    await page.goto('/');
    const tableId = page.getByLabel('Table ID');

    for (const [input, message] of [
      ['abc', /number/i],
      ['-3', /negative|number/i],
      ['4294967296', /4294967295|too large|u32/i],
      ['1.5', /whole|integer|decimal/i],
    ] as const) {
      await tableId.fill(input);
      await page.getByRole('button', { name: 'Open table' }).click();
      await expect(page.getByText(message).first()).toBeVisible();
    }
    expect(routeRequests).toEqual([]);
  });

  test(
    'an unknown table shows MetaSrv’s own text',
    { tag: '@legacy' },
    async ({ page, browserConsole }) => {
      // MetaSrv answers an unknown table with a 500, relayed as is; the browser logs it.
      browserConsole.expect(/status of 500 \(Internal Server Error\) @ .*\/route\?table_id=1099$/);
      await page.goto('/');
      await page.getByLabel('Table ID').fill('1099');
      await page.getByRole('button', { name: 'Open table' }).click();
      await expect(page.getByRole('alert')).toContainText('Failed to find table route for 1099');
    },
  );

  test(
    'an unknown table on the SQL path says what region_peers can and cannot tell',
    {
      tag: '@v1',
    },
    async ({ page }) => {
      await page.goto('/');
      await page.getByLabel('Table ID').fill('1099');
      await page.getByRole('button', { name: 'Open table' }).click();
      await expect(page.getByTestId('no-regions')).toContainText(
        'No region of table 1099 appears in information_schema.region_peers',
      );
      await expect(page.getByTestId('no-regions')).toContainText('logical table');
    },
  );

  test('the header names the API generation and the grid shows every region’s leader', async ({
    page,
    cluster,
    generation,
    apiMode,
  }) => {
    const table = await cluster.table(1026);
    await page.goto('/');
    await expect(page.getByTestId('connection-label')).toHaveText(
      generation === 'sql'
        ? `GreptimeDB v${EMULATED_RELEASE[apiMode]} · SQL path`
        : 'MetaSrv v0.6/v0.7 · legacy admin API',
    );
    await page.getByLabel('Table ID').fill('1026');
    await page.keyboard.press('Enter');
    const grid = page.getByRole('table', { name: /Regions of table 1026/ });
    await expect(grid).toBeVisible();
    // Region sizes come from region_statistics on the SQL path; legacy MetaSrv has none, so
    // no Size column at all rather than an empty one.
    await expect(grid.getByRole('columnheader', { name: 'Size' })).toHaveCount(
      generation === 'sql' ? 1 : 0,
    );
    if (generation === 'sql') {
      await expect(grid.locator('tbody tr').first().locator('td[data-column=size]')).toHaveText(
        /^\d+(\.\d)? (B|KiB|MiB|GiB) \(memtable .*, SST .*, index .*, manifest .*\)$/,
      );
      await page.screenshot({ path: 'docs/screenshots/region-grid-sql.png', fullPage: true });
    }
    // One column per datanode, in peer id order.
    await expect(grid.getByRole('columnheader', { name: /^Datanode \d/ })).toHaveText([
      /^Datanode 0/,
      /^Datanode 1/,
      /^Datanode 2/,
      /^Datanode 3/,
    ]);
    for (const region of table.regions) {
      const row = grid.getByRole('row', { name: new RegExp(region.regionId) });
      await expect(row.getByRole('cell', { name: 'Leader' })).toHaveCount(1);
      await expect(regionCell(grid, region.regionId, region.leaderPeerId ?? -1)).toHaveText(
        /Leader/,
      );
    }
  });

  for (const api of ['v0.6', 'v0.7'] as const) {
    test(
      `the grid renders a route sent by MetaSrv ${api}`,
      { tag: '@legacy' },
      async ({ page, cluster }) => {
        await cluster.reset({ api });
        const table = await cluster.table(1026);
        await page.goto('/');
        await page.getByLabel('Table ID').fill('1026');
        await page.keyboard.press('Enter');

        const grid = page.getByRole('table', { name: /Regions of table 1026/ });
        await expect(grid).toBeVisible();
        // One row per region, each with its full 64-bit id and region number.
        for (const region of table.regions) {
          const row = grid.getByRole('row', { name: new RegExp(region.regionId) });
          await expect(row).toBeVisible();
          await expect(row.getByRole('cell', { name: 'Leader' })).toHaveCount(1);
        }
        await expect(
          page.getByText(api === 'v0.6' ? /JSON string \(v0\.6\)/ : /object \(v0\.7\)/),
        ).toBeVisible();

        // The per-datanode counts match the emulator's placement.
        const footer = grid.getByRole('row', { name: /Regions per datanode/ });
        for (const peerId of [0, 1, 2, 3]) {
          const count = table.regions.filter((r) => r.leaderPeerId === peerId).length;
          await expect(footer.locator(`td[data-datanode="${String(peerId)}"]`)).toHaveText(
            new RegExp(`^${count}\\b`),
          );
        }
        if (api === 'v0.7')
          await page.screenshot({ path: 'docs/screenshots/region-grid.png', fullPage: true });
      },
    );
  }

  test(
    'a logical table names its physical table and opens it in one click',
    {
      tag: '@legacy',
    },
    async ({ page }) => {
      await page.goto('/');
      await page.getByLabel('Table ID').fill('1031');
      await page.keyboard.press('Enter');
      await expect(page.getByText('Table 1031 is a logical table')).toBeVisible();
      await expect(page.getByText(/physical table 1030/i).first()).toBeVisible();
      await page.getByRole('button', { name: /1030/ }).click();
      await expect(page.getByRole('table', { name: /Regions of table 1030/ })).toBeVisible();
    },
  );

  test(
    'partition bounds that cannot be parsed are shown raw, never dropped',
    {
      tag: '@legacy',
    },
    async ({ page, cluster }) => {
      await cluster.createTable({
        tableId: 2000,
        regions: 2,
        partitions: [
          { columnList: ['host'], valueList: ['{"Future":{"op":"Like","v":"a%"}}'] },
          { columnList: ['host'], valueList: ['"MaxValue"'] },
        ],
      });
      await page.goto('/');
      await page.getByLabel('Table ID').fill('2000');
      await page.keyboard.press('Enter');
      const grid = page.getByRole('table', { name: /Regions of table 2000/ });
      await expect(grid.getByText('{"Future":{"op":"Like","v":"a%"}}')).toBeVisible();
      await expect(grid.getByText(/MAXVALUE/)).toBeVisible();
    },
  );
});
