/**
 * Issue 15: a target datanode that stops while its migration runs. The emulator stops it the
 * moment the procedure enters OpenCandidateRegion (`POST /control/datanode/stop-on-state`), so
 * the instruction finds no heartbeat stream: PusherNotFound, not retried
 * (region_migration/open_candidate_region.rs@v0.7.2). The SQL path has procedure_state, so
 * the outcome quotes GreptimeDB's reason; the legacy API has none over HTTP, so the console
 * infers the failure from the target's lost lease (server/migrations/inferred-failure.ts).
 */
import type { Locator, Page } from '@playwright/test';
import type { ClusterControl } from './cluster-control';
import { test, expect } from './fixtures';
import { openMigrateDialog } from './grid-helpers';

const TABLE_ID = 1024;

/**
 * Arms the emulator to stop the target as the procedure enters OpenCandidateRegion, then
 * submits the move of a led region of table 1024 to it from the migrate dialog.
 */
async function moveToStoppingTarget(
  page: Page,
  cluster: ClusterControl,
  replayTimeout?: string,
): Promise<{ dialog: Locator; regionId: string; source: number; target: number }> {
  const table = await cluster.table(TABLE_ID);
  const region = table.regions.find((r) => r.leaderPeerId !== null);
  if (!region || region.leaderPeerId === null) throw new Error('table 1024 has no led region');
  const source = region.leaderPeerId;
  const target = [0, 1, 2, 3].find((id) => id !== source) ?? 0;
  await cluster.stopDatanodeOnState(target, 'OpenCandidateRegion');

  const { dialog } = await openMigrateDialog(page, TABLE_ID, region.regionId);
  await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
  if (replayTimeout !== undefined) await dialog.getByLabel('Replay timeout').fill(replayTimeout);
  await dialog
    .getByRole('button', { name: `Migrate region ${region.regionId} to datanode ${target}` })
    .click();
  return { dialog, regionId: region.regionId, source, target };
}

test(
  'a target that stops during the procedure: the outcome quotes GreptimeDB’s reason',
  { tag: '@v1' },
  async ({ page, cluster }) => {
    const { dialog, regionId, source, target } = await moveToStoppingTarget(page, cluster);
    const tracked = dialog.getByTestId('tracked-migration');

    await expect(tracked).toHaveAttribute('data-outcome', 'rolled-back', { timeout: 15_000 });
    await expect(dialog.getByTestId('outcome-evidence')).toContainText(
      `procedure_state says Failed`,
    );
    await expect(dialog.getByTestId('outcome-evidence')).toContainText(
      `Pusher not found: 0-${String(target)}`,
    );
    await expect(dialog.getByText(/MetaSrv gives no reason over HTTP/)).toHaveCount(0);
    // The region did not move.
    const after = await cluster.table(TABLE_ID);
    expect(after.regions.find((r) => r.regionId === regionId)?.leaderPeerId).toBe(source);
  },
);

test(
  'legacy: a target that stops during the procedure ends as “Failed (inferred)” from its lost lease',
  { tag: '@legacy' },
  async ({ page, cluster }) => {
    // A long replay timeout: without the lease evidence the console would wait minutes.
    const { dialog, regionId, source, target } = await moveToStoppingTarget(page, cluster, '5m');
    const tracked = dialog.getByTestId('tracked-migration');
    await expect(tracked).toContainText('Submitted as procedure', { timeout: 15_000 });
    // MetaSrv's lease window is 10 s of its own clock: past it the stopped target has no lease.
    // The jump also puts MetaSrv's clock ahead of the console's, which must not matter.
    await cluster.setClock({ advanceMs: 20_000 });

    await expect(tracked).toContainText('Failed (inferred)', { timeout: 15_000 });
    await expect(tracked).toContainText(`datanode ${String(target)} lost its lease`);
    const after = await cluster.table(TABLE_ID);
    expect(after.regions.find((r) => r.regionId === regionId)?.leaderPeerId).toBe(source);
  },
);
