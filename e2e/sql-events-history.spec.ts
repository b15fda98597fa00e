/**
 * Issue 7, "Cluster-wide history" (GreptimeDB v1.1.4, SQL path): the History page merges the
 * console's journal with greptime_private.events. A migration submitted through the dialog is
 * listed once, with the states the cluster recorded; a move the cluster started itself (the
 * balancer, through the control API) is listed too, with its trigger reason.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { test, expect } from './fixtures';
import { openMigrateDialog } from './grid-helpers';

const TABLE_ID = 1024;
/** MetaSrv's event recorder flushes about every 5 s; the emulator's clock jumps past that. */
const EVENTS_FLUSH_MS = 6_000;

test('History shows a console migration once with its event states, and a balancer move', async ({
  page,
  cluster,
}) => {
  const table = await cluster.table(TABLE_ID);
  const [first, second] = table.regions;
  if (!first || !second || first.leaderPeerId === null || second.leaderPeerId === null) {
    throw new Error('table 1024 needs two led regions');
  }
  const target = [0, 1, 2, 3].find((id) => id !== first.leaderPeerId) ?? 0;

  const { dialog } = await openMigrateDialog(page, TABLE_ID, first.regionId);
  await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
  await dialog
    .getByRole('button', { name: `Migrate region ${first.regionId} to datanode ${target}` })
    .click();
  await expect(dialog.getByTestId('tracked-migration')).toHaveAttribute('data-outcome', 'done', {
    timeout: 20_000,
  });
  const consoleProcedure = (await cluster.procedures())[0]?.procedureId ?? 'missing';
  await page.keyboard.press('Escape');

  // A move the console did not start: the cluster's balancer.
  const balancerTarget = [0, 1, 2, 3].find((id) => id !== second.leaderPeerId) ?? 0;
  const { procedureId: balancerProcedure } = await cluster.autoMigrate({
    regionId: second.regionId,
    toPeerId: balancerTarget,
    timeoutSecs: 30,
  });
  await expect
    .poll(
      async () =>
        (await cluster.procedures()).find((p) => p.procedureId === balancerProcedure)?.status,
      { timeout: 20_000 },
    )
    .toMatch(/done/i);
  await cluster.setClock({ advanceMs: EVENTS_FLUSH_MS });

  await page
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('link', { name: 'History' })
    .click();
  const history = page.getByRole('table', { name: 'Migration history' });
  await expect(page.getByTestId('events-available')).toBeVisible();

  // One row joins the journal and the events; the events are not listed again on their own.
  // (The emulator's seeded ids repeat across resets, so an older journal row may share the id.)
  const consoleRows = history
    .locator('tr[data-source="console+cluster"]')
    .filter({ hasText: consoleProcedure });
  await expect(consoleRows).toHaveCount(1);
  await expect(
    history.locator('tr[data-source="cluster"]').filter({ hasText: consoleProcedure }),
  ).toHaveCount(0);
  await expect(consoleRows).toContainText('Manual · this console');
  await expect(consoleRows).toContainText('done');
  const states = consoleRows.getByTestId('event-states');
  await expect(states).toContainText('Running');
  await expect(states).toContainText('Done');
  // Nanosecond timestamps, every digit shown.
  await expect(states).toContainText(/T\d\d:\d\d:\d\d\.\d{9}Z/);

  const balancerRow = history.getByRole('row', { name: new RegExp(balancerProcedure) });
  await expect(balancerRow).toHaveCount(1);
  await expect(balancerRow).toContainText('AutoRebalance');
  await expect(balancerRow).toContainText(second.regionId);
  await expect(balancerRow.getByTestId('event-states')).toContainText('Done');
  await page.screenshot({ path: 'docs/screenshots/sql-events-history.png', fullPage: true });

  // The export carries the merged rows, nanoseconds exact.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const csv = Papa.parse<Record<string, string>>(
    fs.readFileSync(await csvDownload.path(), 'utf8'),
    { header: true },
  );
  expect(csv.errors).toEqual([]);
  expect(csv.meta.fields?.slice(0, 5)).toEqual(['time', 'time_ns', 'source', 'trigger', 'region']);
  const consoleLines = csv.data.filter(
    (line) => line.procedure_id === consoleProcedure && line.source !== 'console',
  );
  expect(consoleLines).toHaveLength(1);
  expect(consoleLines[0]?.actor).toMatch(/^manual( \(.+\))?$/);
  const balancerLine = csv.data.find((line) => line.procedure_id === balancerProcedure);
  expect(balancerLine).toMatchObject({ source: 'cluster', trigger: 'AutoRebalance' });
  expect(balancerLine?.time_ns).toMatch(/^\d{19}$/);
  expect(balancerLine?.actor).toMatch(/^outside this console \(trigger AutoRebalance\b/);
});
