import type { Locator, Page } from '@playwright/test';
import { test, expect, type Generation } from './fixtures';
import { openMigrateDialog, regionCell } from './grid-helpers';

const TABLE_ID = 1024;

/**
 * The dialog's timeout field as the cluster's API names it, and a value of `seconds` in its
 * form: a humantime replay timeout on legacy MetaSrv, whole seconds of migrate_region's
 * overall timeout on GreptimeDB v1.1.4.
 */
function timeoutField(dialog: Locator, generation: Generation) {
  return generation === 'sql'
    ? { input: dialog.getByLabel('Overall timeout (seconds)'), value: (s: number) => String(s) }
    : { input: dialog.getByLabel('Replay timeout'), value: (s: number) => `${s}s` };
}

/** A region of table 1024 with its leader and an alive target that is not the leader. */
async function pickRegion(cluster: import('./cluster-control').ClusterControl) {
  const table = await cluster.table(TABLE_ID);
  const region = table.regions[0];
  if (!region || region.leaderPeerId === null) throw new Error('table 1024 has no led region');
  const target = [0, 1, 2, 3].find((id) => id !== region.leaderPeerId);
  if (target === undefined) throw new Error('no target');
  return { regionId: region.regionId, source: region.leaderPeerId, target };
}

/**
 * What the picker shows beside each offered datanode: its peer id, whether it can be chosen,
 * and the "N in the cluster" leader-region count from its description.
 */
async function offeredCounts(dialog: Locator) {
  const radios = dialog.getByRole('radiogroup', { name: /Target datanode/ }).getByRole('radio');
  const rows = await radios.evaluateAll((inputs) =>
    inputs.map((input) => {
      const describedBy = input.getAttribute('aria-describedby') ?? '';
      const description = describedBy
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      return {
        peerId: input.getAttribute('value') ?? '',
        isEnabled: !input.hasAttribute('disabled'),
        description,
      };
    }),
  );
  return rows.map((row) => {
    const count = /(\d[\d,]*) in the cluster/.exec(row.description)?.[1];
    if (count === undefined) throw new Error(`no count for datanode ${row.peerId}`);
    return { ...row, count: Number(count.replace(/,/g, '')) };
  });
}

/** Whether the element's box lies inside the window (not scrolled out of the dialog). */
async function isWithinWindow(page: Page, element: Locator) {
  const box = await element.boundingBox();
  const size = page.viewportSize();
  if (box === null || size === null) return false;
  return (
    box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width
  );
}

test.describe('migrate a region from the dialog', () => {
  test(
    'the replay timeout accepts exactly what MetaSrv accepts',
    { tag: '@legacy' },
    async ({ page, cluster }) => {
      const { regionId, target } = await pickRegion(cluster);
      const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
      await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
      const timeout = dialog.getByLabel('Replay timeout');
      const submit = dialog.getByRole('button', { name: /^Migrate region/ });

      await expect(timeout).toHaveValue('5m');
      await expect(submit).toBeEnabled();
      for (const [bad, reason] of [
        ['1.5s', /invalid character/],
        ['10', /time unit needed/],
        ['5 x', /unknown time unit/],
      ] as const) {
        await timeout.fill(bad);
        await expect(submit).toBeDisabled();
        await expect(dialog.getByText(reason)).toBeVisible();
      }
      for (const good of ['1h30m10s', '1h 30m', '500ms']) {
        await timeout.fill(good);
        await expect(submit).toBeEnabled();
      }
      await timeout.fill('');
      await expect(submit).toBeDisabled();
    },
  );

  test(
    'the overall timeout takes whole seconds, 300 by default',
    { tag: '@v1' },
    async ({ page, cluster }) => {
      const { regionId, target } = await pickRegion(cluster);
      const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
      await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
      const timeout = dialog.getByLabel('Overall timeout (seconds)');
      const submit = dialog.getByRole('button', { name: /^Migrate region/ });
      await expect(timeout).toHaveValue('300');
      await expect(dialog.getByLabel('Replay timeout')).toHaveCount(0);
      // v1.1.4 migrates local-WAL regions: the v0.6–v0.9 precondition is not stated.
      await expect(dialog.getByText(/remote \(Kafka\) WAL/)).toHaveCount(0);
      await expect(submit).toBeEnabled();
      for (const bad of ['5m', '1.5', '0', '86401', '']) {
        await timeout.fill(bad);
        await expect(submit).toBeDisabled();
      }
      await timeout.fill('120');
      await expect(submit).toBeEnabled();
    },
  );

  test('the current leader datanode is not offered as a target', async ({ page, cluster }) => {
    const { regionId, source } = await pickRegion(cluster);
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    const current = dialog.getByRole('radio', { name: new RegExp(`Datanode ${source}\\b`) });
    await expect(current).toBeDisabled();
    await expect(dialog.getByText(/current leader/i).first()).toBeVisible();
  });

  test('a successful migration is followed until the region sits on the target', async ({
    page,
    cluster,
    generation,
  }) => {
    const { regionId, source, target } = await pickRegion(cluster);
    const { grid, dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await expect(dialog).toContainText(regionId);
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    const timeout = timeoutField(dialog, generation);
    await timeout.input.fill(timeout.value(10));
    await dialog
      .getByRole('button', { name: `Migrate region ${regionId} to datanode ${target}` })
      .click();

    // The server submits asynchronously: the procedure exists once the dialog shows its id.
    await expect(dialog.getByTestId('procedure-id')).toBeVisible();
    const procedures = await cluster.procedures();
    expect(procedures).toHaveLength(1);
    await expect(dialog).toContainText(procedures[0]?.procedureId ?? 'missing');
    await expect(dialog.getByText('Downgraded').first()).toBeVisible();
    // The docs show the legacy dialog; the v1 run must not overwrite them.
    if (generation !== 'sql') {
      await page.screenshot({ path: 'docs/screenshots/migration-in-progress.png' });
    }
    await expect(dialog.getByText(/Migrated|done/i).first()).toBeVisible({ timeout: 20_000 });
    if (generation === 'sql') {
      // Submitted with v1.1.4's statement and the typed timeout, followed to a terminal state.
      await expect(dialog.getByTestId('sql-statement')).toHaveText(
        `ADMIN migrate_region(${regionId}, ${source}, ${target}, 10)`,
      );
      await expect(dialog.getByTestId('procedure-state')).toHaveText('{"status":"Done"}');
      await expect(dialog.getByTestId('tracked-migration')).toHaveAttribute('data-outcome', 'done');
      expect((await cluster.procedures())[0]?.status).toMatch(/done/i);
    } else {
      await page.screenshot({ path: 'docs/screenshots/migration-done.png' });
    }

    const after = await cluster.table(TABLE_ID);
    expect(after.regions.find((r) => r.regionId === regionId)?.leaderPeerId).toBe(target);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(regionCell(grid, regionId, target)).toHaveText(/Leader/);
    // A datanode without a replica of the region has no cell in its row.
    await expect(regionCell(grid, regionId, source)).toHaveCount(0);
  });

  test('a refused migration shows MetaSrv’s exact text and what it means', async ({
    page,
    cluster,
    request,
    generation,
  }) => {
    const { regionId, source, target } = await pickRegion(cluster);
    // Another tool (v1: the cluster's own balancer) starts a migration of the same region
    // first, with replay stalled so that it is still running when the console submits.
    await cluster.setReplay({ speed: 0 });
    if (generation === 'sql') {
      await cluster.autoMigrate({ regionId, toPeerId: target, timeoutSecs: 30 });
    } else {
      const state = await cluster.state();
      const leader = state.leader?.addr ?? '';
      const direct = await request.get(
        `http://${leader}/admin/region-migration?region_id=${regionId}&from_peer_id=${source}&to_peer_id=${target}&replay_timeout=30s`,
      );
      expect(direct.status()).toBe(200);
    }

    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    await dialog.getByRole('button', { name: /^Migrate region/ }).click();
    const refusal = dialog.getByRole('alert').filter({ hasText: 'Another migration procedure' });
    await expect(refusal).toContainText(
      `Another migration procedure is running for region: ${regionId}(${TABLE_ID}, 0)`,
    );
    // The plain-language part says what to do about it.
    await expect(refusal).toContainText(/already|wait|running/i);
    expect(await cluster.procedures()).toHaveLength(1);
  });

  test('a migration whose replay is too slow is reported as rolled back', async ({
    page,
    cluster,
    generation,
  }) => {
    const { regionId, source, target } = await pickRegion(cluster);
    await cluster.setReplay({ speed: 0 });
    const { grid, dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
    const timeout = timeoutField(dialog, generation);
    // v1: the overall timeout bounds downgrade and upgrade together; give the downgrade room.
    await timeout.input.fill(timeout.value(generation === 'sql' ? 5 : 1));
    await dialog.getByRole('button', { name: /^Migrate region/ }).click();
    await expect(dialog.getByText('Downgraded').first()).toBeVisible();
    await expect(dialog.getByText('Rolled back').first()).toBeVisible({ timeout: 30_000 });
    if (generation === 'sql') {
      // procedure_state's own reason, shown as GreptimeDB wrote it.
      await expect(dialog.getByTestId('failure-reason')).toContainText(
        'The region migration procedure aborted',
      );
      await expect(dialog.getByTestId('procedure-state')).toContainText('"status":"Failed"');
      const [procedure] = await cluster.procedures();
      expect(procedure?.status).toMatch(/fail/i);
    }

    const after = await cluster.table(TABLE_ID);
    expect(after.regions.find((r) => r.regionId === regionId)?.leaderPeerId).toBe(source);
    await page.keyboard.press('Escape');
    await expect(regionCell(grid, regionId, source)).toHaveText(/Leader/);
  });

  test(
    'a region that is already on the target is reported as nothing to do',
    {
      tag: '@legacy',
    },
    async ({ page, cluster }) => {
      const { regionId, target } = await pickRegion(cluster);
      const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
      await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
      // Someone else moves the region while the dialog is open.
      await cluster.moveRegionLeader(regionId, target);
      await dialog.getByRole('button', { name: /^Migrate region/ }).click();
      await expect(dialog.getByText(/already/i).first()).toBeVisible();
      expect(await cluster.procedures()).toHaveLength(0);
    },
  );

  test(
    'the submission reaches the leader when a follower is configured first',
    {
      tag: '@legacy',
    },
    async ({ page, cluster }) => {
      // Make node 1 the leader while node 0 (first in the configured list) comes back as follower.
      await cluster.reset({ electionDelayMs: 500 });
      await cluster.stopMetasrv(0);
      await cluster.waitForLeader((s) => s.leader !== null && s.leader.node !== 0);
      await cluster.startMetasrv(0);
      const { regionId, target } = await pickRegion(cluster);
      const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
      await cluster.clearRequests();

      await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
      await dialog.getByRole('button', { name: /^Migrate region/ }).click();
      await expect(dialog.getByText(/Procedure/i).first()).toBeVisible();

      expect(await cluster.procedures()).toHaveLength(1);
      const submissions = await cluster.requests('/admin/region-migration');
      const atFollower = submissions.filter((entry) => entry.node === 0);
      expect(atFollower.length).toBeLessThanOrEqual(1);
      for (const refused of atFollower) expect(refused.status).toBe(500);
    },
  );

  test('at 1280×720 and 1440×900 the Migrate button is within the viewport, in both themes', async ({
    page,
    cluster,
    generation,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const { regionId } = await pickRegion(cluster);
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await expect(dialog.getByTestId('suggested-target')).toContainText('Suggested: datanode');
    const submit = dialog.getByRole('button', { name: /^Migrate region/ });
    await expect(submit).toBeEnabled();
    // Without scrolling the dialog: the sticky footer keeps it in view.
    await expect(submit).toBeInViewport({ ratio: 1 });
    expect(await isWithinWindow(page, submit)).toBe(true);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      if (generation === 'sql') {
        await page.screenshot({ path: `docs/screenshots/migrate-dialog-${scheme}.png` });
      } else {
        await page.screenshot({ path: test.info().outputPath(`migrate-dialog-${scheme}.png`) });
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(submit).toBeInViewport({ ratio: 1 });
    expect(await isWithinWindow(page, submit)).toBe(true);
    await page.screenshot({ path: test.info().outputPath('migrate-dialog-1440-dark.png') });
  });

  test('the dialog suggests the datanode with the fewest regions, with its reason, and another target can be chosen', async ({
    page,
    cluster,
    generation,
  }) => {
    const { regionId, source } = await pickRegion(cluster);
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    const suggestion = dialog.getByTestId('suggested-target');
    await expect(suggestion).toContainText('Suggested: datanode');

    // The figures the user sees beside each target decide the suggestion.
    const offered = (await offeredCounts(dialog)).filter((o) => o.isEnabled);
    expect(offered.map((o) => o.peerId)).not.toContain(String(source));
    const fewest = Math.min(...offered.map((o) => o.count));
    const suggested = offered.find((o) => o.count === fewest);
    if (suggested === undefined) throw new Error('nothing offered');
    await expect(suggestion).toContainText(
      `Suggested: datanode ${suggested.peerId}: fewest regions (${fewest}) among alive datanodes`,
    );
    await expect(
      dialog.getByRole('radio', { name: new RegExp(`Datanode ${suggested.peerId}\\b`) }),
    ).toBeChecked();
    await expect(
      dialog.getByRole('button', {
        name: `Migrate region ${regionId} to datanode ${suggested.peerId}`,
      }),
    ).toBeEnabled();

    // The suggestion is a preselection, not a rule: the user moves the region elsewhere.
    const other = offered.find((o) => o.peerId !== suggested.peerId);
    if (other === undefined) throw new Error('only one target offered');
    await dialog.getByRole('radio', { name: new RegExp(`Datanode ${other.peerId}\\b`) }).check();
    const timeout = timeoutField(dialog, generation);
    await timeout.input.fill(timeout.value(10));
    await dialog
      .getByRole('button', { name: `Migrate region ${regionId} to datanode ${other.peerId}` })
      .click();
    await expect
      .poll(async () => (await cluster.procedures()).map((p) => String(p.toPeerId)))
      .toEqual([other.peerId]);
  });

  test('bytes chosen on the cluster view is what the dialog then suggests by', async ({
    page,
    cluster,
  }) => {
    const { regionId } = await pickRegion(cluster);
    await page.goto('/?view=cluster');
    const weighting = page.getByRole('radiogroup', { name: 'Weight regions by' });
    await weighting.getByText('Bytes', { exact: true }).click();
    await expect(weighting.getByRole('radio', { name: 'Bytes' })).toBeChecked();
    const { dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    await expect(dialog.getByTestId('suggested-target')).toContainText(
      /^Suggested: datanode \d+: fewest bytes \(/,
    );
    await expect(dialog.getByRole('radio', { name: 'Bytes' })).toBeChecked();
  });

  test('the tray collapses to a badge and can be dismissed; it does not cover the last History row', async ({
    page,
    cluster,
    generation,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const { regionId } = await pickRegion(cluster);
    const { grid, dialog } = await openMigrateDialog(page, TABLE_ID, regionId);
    const timeout = timeoutField(dialog, generation);
    await timeout.input.fill(timeout.value(10));
    await dialog.getByRole('button', { name: /^Migrate region .* to datanode/ }).click();
    await expect(dialog.getByTestId('tracked-migration')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    const tray = page.getByRole('complementary', { name: 'Migrations' });
    await expect(tray.getByTestId('tray-latest')).toContainText(`region ${regionId}`);
    await tray.getByRole('button', { name: 'Collapse' }).click();
    const badge = tray.getByRole('button', { name: /^Migrations: / });
    await expect(badge).toBeFocused();
    await expect(tray.getByTestId('tray-latest')).toHaveCount(0);
    const collapsed = await tray.boundingBox();
    expect(collapsed?.height ?? 999).toBeLessThanOrEqual(48);
    await badge.click();
    await expect(tray.getByTestId('tray-latest')).toContainText(`region ${regionId}`);

    // On History, scrolled to the end, the last row sits clear of the tray.
    await page.getByRole('link', { name: 'History' }).click();
    const history = page.getByRole('table', { name: 'Migration history' });
    await expect(history.getByRole('row', { name: new RegExp(regionId) }).first()).toBeVisible();
    await page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
    });
    const lastRow = history.getByRole('row').last();
    const rowBox = await lastRow.boundingBox();
    const trayBox = await tray.boundingBox();
    if (rowBox === null || trayBox === null) throw new Error('row or tray not laid out');
    expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(trayBox.y);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: test.info().outputPath(`tray-history-${scheme}.png`) });
    }

    // Dismissed, it stays away until a new migration starts.
    await tray
      .getByRole('button', { name: 'Dismiss the migrations tray until a new migration starts' })
      .click();
    await expect(tray).toHaveCount(0);
    await page.goBack();
    const next = (await cluster.table(TABLE_ID)).regions[1];
    if (next === undefined) throw new Error('table 1024 has one region');
    await grid.getByRole('row', { name: new RegExp(next.regionId) }).click();
    await expect(tray).toHaveCount(0);
    await dialog.getByRole('button', { name: /^Migrate region .* to datanode/ }).click();
    await expect(dialog.getByTestId('tracked-migration')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(tray.getByTestId('tray-latest')).toContainText(`region ${next.regionId}`);
  });
});
