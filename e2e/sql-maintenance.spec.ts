/**
 * Issue 7, "Region maintenance" (GreptimeDB v1.1.4, SQL path): flush and compact a region from
 * the migrate dialog, or a whole table from its header, each after a confirmation naming the
 * exact statement; the answer's affected rows, or the frontend's error with an explanation.
 * What the emulator's frontend received is checked in its request log.
 */
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import type { ClusterControl } from './cluster-control';
import { openMigrateDialog, openTable } from './grid-helpers';

const TABLE_ID = 1024;

/** Every statement the emulated frontend was sent, in order. */
async function statementsSent(cluster: ClusterControl): Promise<string[]> {
  const entries = await cluster.requests('/v1/sql');
  return entries
    .filter((entry) => entry.node === -1)
    .map((entry) => new URLSearchParams(String(entry.query)).get('sql') ?? '');
}

async function firstRegion(cluster: ClusterControl) {
  const region = (await cluster.table(TABLE_ID)).regions[0];
  if (!region || region.leaderPeerId === null) throw new Error('table 1024 has no led region');
  return { regionId: region.regionId, leaderPeerId: region.leaderPeerId };
}

function maintenanceGroup(dialog: Locator) {
  return dialog.getByRole('group', { name: 'Region maintenance' });
}

test('flush a region: confirmation names the statement, then the affected rows', async ({
  page,
  cluster,
}) => {
  const { regionId } = await firstRegion(cluster);
  const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
  const section = maintenanceGroup(dialog);
  const size = section.getByTestId('region-size');
  await expect(size).toContainText(/memtable .* SST/);
  const sstFiles = Number(/(\d+) SST/.exec((await size.textContent()) ?? '')?.[1]);
  await cluster.clearRequests();

  await section.getByRole('button', { name: 'Flush region…' }).click();
  await expect(section.getByTestId('maintenance-statement')).toHaveText(
    `ADMIN flush_region(${regionId})`,
  );
  await expect(section.getByTestId('curl-command')).toContainText('/v1/sql?db=greptime-public');
  await expect(section.getByTestId('curl-command')).toContainText(
    `sql=ADMIN flush_region(${regionId})`,
  );
  // Nothing is sent before the confirmation.
  expect(await statementsSent(cluster)).not.toContain(`ADMIN flush_region(${regionId})`);
  await page.screenshot({ path: 'docs/screenshots/sql-maintenance-confirm.png' });

  await section.getByRole('button', { name: `Flush region ${regionId}`, exact: true }).click();
  await expect(section.getByRole('status')).toContainText(
    `Flushed region ${regionId}: GreptimeDB reported 0 affected rows.`,
  );
  expect(await statementsSent(cluster)).toContain(`ADMIN flush_region(${regionId})`);
  // The sizes are re-read: the memtable went to one more SST file.
  await expect(size).toContainText(`${String(sstFiles + 1)} SST files`);
  await page.screenshot({ path: 'docs/screenshots/sql-maintenance-flushed.png' });
});

test('compact a table with a strict window: the window is checked, the emulator gets the statement', async ({
  page,
  cluster,
}) => {
  await openTable(page, TABLE_ID);
  await page.getByRole('button', { name: 'Compact table…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Compact table / });
  await expect(dialog).toBeVisible();
  const tableName = ((await dialog.getByRole('heading').first().textContent()) ?? '').replace(
    /^Compact table /,
    '',
  );
  await dialog.getByLabel('Strict-window compaction').check();
  const windowField = dialog.getByLabel('Window (seconds)');

  for (const bad of ['1.5', '0', '1h', '86401']) {
    await windowField.fill(bad);
    await expect(dialog.getByText(/Enter whole seconds, 1 to 86400/)).toBeVisible();
    await expect(
      dialog.getByRole('button', { name: /^Compact table .*\(strict window/ }),
    ).toHaveCount(0);
  }
  await windowField.fill('3600');
  const statement = `ADMIN compact_table('${tableName}', 'swcs', 'window=3600')`;
  await expect(dialog.getByTestId('maintenance-statement')).toHaveText(statement);
  await cluster.clearRequests();
  await dialog
    .getByRole('button', {
      name: `Compact table ${tableName} (strict window, 3600 s)`,
      exact: true,
    })
    .click();
  await expect(dialog.getByRole('status')).toContainText(
    `Compacted table ${tableName} (strict window, 3600 s): GreptimeDB reported 0 affected rows.`,
  );
  expect(await statementsSent(cluster)).toContain(statement);
  await page.screenshot({ path: 'docs/screenshots/sql-maintenance-compact-table.png' });
});

test('a flush on a stopped datanode shows the frontend error with an explanation', async ({
  page,
  cluster,
  browserConsole,
}) => {
  // The frontend's answer to the failed compaction is a 500, which the browser logs.
  browserConsole.expect(/status of 500 \(Internal Server Error\) @ .*\/sql-maintenance$/);
  const { regionId, leaderPeerId } = await firstRegion(cluster);
  const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
  await cluster.stopDatanode(leaderPeerId);
  const section = maintenanceGroup(dialog);
  await section.getByRole('button', { name: 'Compact region…' }).click();
  await section.getByRole('button', { name: `Compact region ${regionId}`, exact: true }).click();

  const alert = section.getByRole('alert');
  await expect(alert).toContainText(`Datanode ${String(leaderPeerId)} is unavailable`);
  await expect(alert.getByTestId('frontend-error-text')).toContainText(
    'Failed to execute admin function compact_region',
  );
  await expect(alert).toContainText('Nothing was flushed or compacted there');
  await page.screenshot({ path: 'docs/screenshots/sql-maintenance-error.png' });
});
