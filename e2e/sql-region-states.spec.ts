/**
 * Issue 16, region states (GreptimeDB v1.1+, information_schema.region_info): while a
 * migration's candidate replays, the datanodes report the source leader as
 * `Leader(Downgrading)` (read-only) and the candidate as a follower; once it is done the target
 * reports the region as `Leader(Writable)` (and the source, closed by CloseDowngradedRegion,
 * no longer reports it); after a rollback the source reports `Leader(Writable)` again. The
 * migration tracker shows them as evidence in its states list.
 * Replay is stalled through the emulator's control API to hold the middle state.
 */
import { test, expect } from './fixtures';
import { openMigrateDialog } from './grid-helpers';

const TABLE_ID = 1024;

test('the tracker shows the source downgrading, the candidate following, then the target leading', async ({
  page,
  cluster,
}) => {
  // Several phases, each waiting for what the user sees (at most 15 s each): more than the
  // default 60 s in all on a busy machine.
  test.setTimeout(120_000);
  const region = (await cluster.table(TABLE_ID)).regions[0];
  if (region === undefined || region.leaderPeerId === null) throw new Error('no led region');
  const source = region.leaderPeerId;
  const target = (source + 1) % 4;
  await cluster.setReplay({ speed: 0 });

  const { dialog } = await openMigrateDialog(page, TABLE_ID, region.regionId);
  await dialog.getByRole('radio', { name: new RegExp(`Datanode ${String(target)}\\b`) }).check();
  await dialog.getByRole('button', { name: /^Migrate region/ }).click();
  const states = dialog.getByRole('list', { name: 'States seen' });
  await expect(
    states.locator('[data-state="region-info"]', { hasText: 'Leader(Downgrading)' }),
  ).toContainText(
    `region_info: Leader(Downgrading) on datanode ${String(source)} (read-only), Follower on datanode ${String(target)} (read-only)`,
    { timeout: 15_000 },
  );
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'docs/screenshots/sql-region-states-downgrading.png' });

  // The candidate cannot catch up while replay is stalled: nothing has moved yet.
  expect((await cluster.table(TABLE_ID)).regions[0]?.leaderPeerId).toBe(source);

  // Replay resumes: the candidate catches up and is upgraded. The last step the datanodes
  // report is the target leading, writable, and nothing left on the source.
  await cluster.setReplay({ speed: 1 });
  const tracked = dialog.getByTestId('tracked-migration');
  await expect(tracked).toHaveAttribute('data-outcome', 'done', { timeout: 15_000 });
  await expect(tracked).toContainText(
    `Done: region ${region.regionId} is now led by datanode ${String(target)}.`,
  );
  await expect(states.locator('[data-state="region-info"]').last()).toHaveText(
    new RegExp(`region_info: Leader\\(Writable\\) on datanode ${String(target)}$`),
  );
  expect((await cluster.table(TABLE_ID)).regions[0]?.leaderPeerId).toBe(target);
});

test('a rolled-back migration: the datanodes report the source writable again', async ({
  page,
  cluster,
}) => {
  // A 5 s procedure timeout, then the rollback, then the tracker's next reads.
  test.setTimeout(120_000);
  const region = (await cluster.table(TABLE_ID)).regions[1];
  if (region === undefined || region.leaderPeerId === null) throw new Error('no led region');
  const source = region.leaderPeerId;
  const target = (source + 1) % 4;
  await cluster.setReplay({ speed: 0 });
  const { dialog } = await openMigrateDialog(page, TABLE_ID, region.regionId);
  await dialog.getByRole('radio', { name: new RegExp(`Datanode ${String(target)}\\b`) }).check();
  // A 5 s overall timeout: the stalled candidate cannot catch up, so MetaSrv rolls back.
  await dialog.getByLabel('Overall timeout (seconds)').fill('5');
  await dialog.getByRole('button', { name: /^Migrate region/ }).click();
  const states = dialog.getByRole('list', { name: 'States seen' });
  await expect(
    states.locator('[data-state="region-info"]', { hasText: 'Leader(Downgrading)' }).first(),
  ).toContainText(`Leader(Downgrading) on datanode ${String(source)} (read-only)`, {
    timeout: 15_000,
  });
  await expect(dialog.getByText('Rolled back').first()).toBeVisible({ timeout: 30_000 });
  await expect(states.locator('[data-state="region-info"]').last()).toContainText(
    `region_info: Leader(Writable) on datanode ${String(source)}`,
  );
});
