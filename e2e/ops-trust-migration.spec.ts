/**
 * Issue 4, "Trusting a migration": the server submits and follows; the dialog and the tray
 * watch its record. Asserted at the emulator: how many procedures exist, whatever the browser
 * did (double click, reload, failover).
 */
import { test, expect } from './fixtures';
import { listedAddr, type ClusterControl } from './cluster-control';
import { openMigrateDialog } from './grid-helpers';

const TABLE_ID = 1024;

async function pickRegion(cluster: ClusterControl, index = 0) {
  const table = await cluster.table(TABLE_ID);
  const region = table.regions[index];
  if (!region || region.leaderPeerId === null) throw new Error('table 1024 has no led region');
  const target = [0, 1, 2, 3].find((id) => id !== region.leaderPeerId);
  if (target === undefined) throw new Error('no target');
  return { regionId: region.regionId, source: region.leaderPeerId, target };
}

test.describe('trust every migration', () => {
  test('the dialog shows procedure id, each state with its time, and the tray keeps it after close', async ({
    page,
    cluster,
  }) => {
    const { regionId, target } = await pickRegion(cluster);
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await expect(dialog.getByText(/remote \(Kafka\) WAL and shared object storage/)).toBeVisible();
    await expect(dialog.getByRole('link', { name: /region-migration docs/ })).toHaveAttribute(
      'href',
      /docs\.greptime\.com/,
    );
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    await dialog.getByLabel('Replay timeout').fill('1h 30m');
    // The equivalent command: percent-encoded space, quoted, no credentials.
    await expect(dialog.getByTestId('curl-command')).toHaveText(
      new RegExp(
        `^curl -X POST 'http://[^']+/admin/region-migration\\?region_id=${regionId}&from_peer_id=\\d+&to_peer_id=${target}&replay_timeout=1h%2030m'$`,
      ),
    );
    await dialog
      .getByRole('button', { name: `Migrate region ${regionId} to datanode ${target}` })
      .dblclick();

    await expect(dialog.getByTestId('procedure-id')).toBeVisible();
    const procedures = await cluster.procedures();
    expect(procedures).toHaveLength(1); // a double click is one procedure
    await expect(dialog.getByTestId('procedure-id')).toHaveText(procedures[0]?.procedureId ?? '');
    await expect(dialog.locator('[data-state="downgraded"]')).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/ops-migration-in-progress.png' });
    await expect(dialog.getByTestId('tracked-migration')).toHaveAttribute('data-outcome', 'done', {
      timeout: 30_000,
    });
    await expect(dialog.locator('[data-state="leader-moved"]')).toBeVisible();
    await expect(dialog.getByText(/Elapsed \d+ s · replay timeout 1h 30m/)).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    const tray = page.getByRole('complementary', { name: 'Migrations' });
    // The tray's headline is whatever is in flight (earlier specs may leave one); the list
    // keeps every recent migration, this one included.
    await tray.getByRole('button', { name: /^Show all \(\d+\)$/ }).click();
    await expect(tray).toContainText(`Done: region ${regionId} is now led by datanode ${target}.`);
    await page.screenshot({ path: 'docs/screenshots/ops-migrations-tray.png' });
    // Scrolled to the end, the page's last content clears the floating tray.
    await page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
    });
    const trayTop = (await tray.boundingBox())?.y ?? 0;
    const contentBottom = await page
      .locator('main')
      .evaluate((main) =>
        Math.max(...[...main.querySelectorAll('*')].map((e) => e.getBoundingClientRect().bottom)),
      );
    expect(contentBottom).toBeLessThanOrEqual(trayTop);
  });

  test('the server keeps following when the page reloads mid-migration', async ({
    page,
    cluster,
  }) => {
    const { regionId, target } = await pickRegion(cluster, 1);
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    await dialog.getByLabel('Replay timeout').fill('10s');
    await dialog.getByRole('button', { name: /^Migrate region/ }).click();
    await expect(dialog.getByTestId('procedure-id')).toBeVisible();
    await page.reload();
    const tray = page.getByRole('complementary', { name: 'Migrations' });
    await expect(tray).toContainText(`region ${regionId}`);
    await expect(tray).toContainText(`Done: region ${regionId}`, { timeout: 30_000 });
    expect(await cluster.procedures()).toHaveLength(1);
  });

  test('a refusal shows MetaSrv’s exact text, and retry re-reads the route first', async ({
    page,
    cluster,
  }) => {
    const { regionId, source, target } = await pickRegion(cluster, 2);
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    // The route changes under the user: another tool moves the leader.
    const other = [0, 1, 2, 3].find((id) => id !== source && id !== target) ?? target;
    await cluster.moveRegionLeader(regionId, other);
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    await dialog.getByRole('button', { name: /^Migrate region/ }).click();
    await expect(dialog.getByTestId('metasrv-text')).toHaveText(
      'Invalid arguments: Invalid region migration `from_peer` argument',
    );
    await expect(dialog.getByText('The region’s leader has changed')).toBeVisible();
    expect(await cluster.procedures()).toHaveLength(0);

    await dialog.getByRole('button', { name: 'Re-read the route and retry' }).click();
    await expect(dialog.getByTestId('procedure-id')).toBeVisible();
    const procedures = await cluster.procedures();
    expect(procedures).toHaveLength(1);
    expect(procedures[0]?.fromPeerId).toBe(other);
  });

  test('a leader failover during a migration: the header follows and tracking continues', async ({
    page,
    cluster,
    browserConsole,
  }) => {
    // While the election runs (1 s) no MetaSrv leads: any read the page makes in that window
    // (the route's refresh, the dialog's region counts, the leases) is answered 503 no-leader,
    // and the page keeps what it last read, marked stale.
    browserConsole.expect(
      /status of 503 \(Service Unavailable\) @ .*\/api\/clusters\/default\/(route\?table_id=1024|cluster-summary|node-lease)$/,
    );
    await cluster.reset({ seed: 1, api: 'v0.6', datanodes: 4, electionDelayMs: 1_000 });
    const { regionId, target } = await pickRegion(cluster);
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    await dialog.getByLabel('Replay timeout').fill('10s');
    await dialog.getByRole('button', { name: /^Migrate region/ }).click();
    await expect(dialog.locator('[data-state="downgraded"]')).toBeVisible();
    const before = await cluster.state();
    await cluster.stopMetasrv(before.leader?.node ?? 0);
    const after = await cluster.waitForLeader(
      (s) => s.leader !== null && s.leader.node !== before.leader?.node,
    );
    // The server keeps following through the new leader until the route shows an outcome;
    // whichever one the procedure reached, the record agrees with the emulator's procedure.
    await expect(dialog.getByTestId('tracked-migration')).toHaveAttribute(
      'data-outcome',
      /^(done|rolled-back)$/,
      { timeout: 40_000 },
    );
    const [procedure] = await cluster.procedures();
    const shown = await dialog.getByTestId('tracked-migration').getAttribute('data-outcome');
    expect(shown).toBe(procedure?.outcome === 'migrated' ? 'done' : 'rolled-back');
    await page.keyboard.press('Escape');
    // The console has seen the new leader itself, not merely listed its address as a node.
    await expect(page.getByTestId('metasrv-leader-addr')).toHaveText(
      listedAddr(after, after.leader?.addr ?? 'missing'),
      { timeout: 40_000 },
    );
    expect(await cluster.procedures()).toHaveLength(1);
  });
});
