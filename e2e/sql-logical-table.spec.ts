/**
 * Issue 16, logical tables on the SQL path (GreptimeDB v1.2): the demo cluster's metric-engine
 * logical table `host_cpu_seconds_total` (1031) lives on `greptime_physical_table` (1030).
 * Opening it shows its regions as GreptimeDB lists them (ids rebuilt with 1031), names and opens
 * its physical table, and a migration of one of its regions is refused by MetaSrv with its own
 * text plus a plain explanation. Nothing is migrated.
 */
import { test, expect } from './fixtures';
import { openMigrateDialog, openTable } from './grid-helpers';

const PHYSICAL_TABLE = 1030;
const LOGICAL_TABLE = 1031;
/** RegionId::new(1031, 0) and RegionId::new(1030, 0). */
const LOGICAL_REGION = String((BigInt(LOGICAL_TABLE) << 32n) | 0n);
const PHYSICAL_REGION = String((BigInt(PHYSICAL_TABLE) << 32n) | 0n);

test('a logical table shows its own region ids and links its physical table', async ({ page }) => {
  const grid = await openTable(page, LOGICAL_TABLE);
  await expect(grid.getByRole('row', { name: new RegExp(LOGICAL_REGION) })).toBeVisible();
  const notice = page.getByTestId('logical-table-notice');
  await expect(notice).toContainText(
    'public.host_cpu_seconds_total is a logical table (metric engine)',
  );
  await expect(notice).toContainText(
    `Region ${LOGICAL_REGION} is region ${PHYSICAL_REGION} of public.greptime_physical_table`,
  );
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'docs/screenshots/sql-logical-table.png' });

  await notice
    .getByRole('button', { name: 'Open physical table public.greptime_physical_table' })
    .click();
  await expect(
    page.getByRole('table', { name: new RegExp(`Regions of table ${PHYSICAL_TABLE}\\b`) }),
  ).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(PHYSICAL_REGION) })).toBeVisible();
  // The physical table is not logical: no notice.
  await expect(page.getByTestId('logical-table-notice')).toHaveCount(0);
});

test('migrating a logical region is refused with GreptimeDB’s text and an explanation', async ({
  page,
  cluster,
  browserConsole,
}) => {
  browserConsole.expect(/status of 500 \(Internal Server Error\) @ .*\/sql-migrate-region$/);
  const physical = await cluster.table(PHYSICAL_TABLE);
  const source = physical.regions[0]?.leaderPeerId;
  if (source === null || source === undefined) throw new Error('region 0 has no leader');
  const target = source === 0 ? 1 : 0;

  const { dialog } = await openMigrateDialog(page, LOGICAL_TABLE, LOGICAL_REGION);
  await dialog.getByRole('radio', { name: new RegExp(`Datanode ${String(target)}\\b`) }).check();
  await dialog.getByRole('button', { name: /^Migrate region/ }).click();
  const refusal = dialog.getByRole('alert').filter({ hasText: 'logical table' });
  await expect(refusal).toContainText(
    `Trying to execute region migration on the logical table, task region: ${LOGICAL_REGION}(${String(LOGICAL_TABLE)}, 0)`,
  );
  await expect(refusal).toContainText('This region belongs to a logical table');
  await expect(refusal).toContainText(
    `region number 0 of a physical table under logical table ${String(LOGICAL_TABLE)}`,
  );
  await page.screenshot({ path: 'docs/screenshots/sql-logical-table-refused.png' });
  // MetaSrv refused before any procedure started, and the physical region did not move.
  expect(await cluster.procedures()).toHaveLength(0);
  expect((await cluster.table(PHYSICAL_TABLE)).regions[0]?.leaderPeerId).toBe(source);
});
