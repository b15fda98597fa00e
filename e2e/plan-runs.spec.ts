/**
 * The cluster page, continued (issue 5): a drag onto another datanode's column opens the
 * migrate dialog for that target; a plan run stops at a failure injected through the emulator;
 * a cancel in the middle lets the move in flight finish and skips the rest; a pause holds the
 * rest until resume; and a run goes on on the server while no tab watches it. Outcomes are
 * checked at the emulator's procedures. Both generations: on v1.1.4 the server submits each
 * move with `ADMIN migrate_region` (the fault injection is at the legacy HTTP API: @legacy).
 */
import type { Page } from '@playwright/test';
import { expect, test, type Generation } from './fixtures';
import { cancelActiveRuns } from './plan-run-cleanup';

test.afterEach(async ({ request }) => {
  await cancelActiveRuns(request);
});

const movesOf = (page: Page) => page.getByRole('table', { name: 'Moves of the run' });

/** Previews a count rebalance capped at `cap` moves and starts it on the server. */
async function startCappedRebalance(
  page: Page,
  cluster: { procedures: () => Promise<unknown[]> },
  cap: number,
  generation: Generation,
) {
  await page.goto('/?view=cluster');
  await page.getByLabel('At most moves').fill(String(cap));
  // A short bound, so that no move of these runs can outlive its test for long: a humantime
  // replay timeout on legacy MetaSrv, migrate_region's whole seconds on v1.1.4.
  if (generation === 'sql') await page.getByLabel('Overall timeout (seconds)').fill('20');
  else await page.getByLabel('Replay timeout').fill('20s');
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await page.getByRole('button', { name: `Run ${cap} moves on the server` }).click();
  // Issue 15: Run asks first, naming the cluster, the moves, the datanodes and the timeout.
  const confirm = page.getByRole('dialog', { name: 'Run this plan on cluster default?' });
  await expect(confirm.getByTestId('confirm-summary')).toContainText(
    new RegExp(`on cluster default: ${cap} moves from datanodes? [\\d, and]+ to datanodes? \\d`),
  );
  await expect(confirm.getByTestId('confirm-timeout')).toContainText(
    generation === 'sql'
      ? 'Overall timeout (seconds): 20 s per move'
      : 'Replay timeout: 20s per move',
  );
  await expect(confirm).toContainText('Estimated duration: ');
  // Nothing starts before the confirmation.
  expect(await cluster.procedures()).toHaveLength(0);
  await confirm.getByRole('button', { name: `Run ${cap} moves on cluster default` }).click();
  await expect(confirm).toBeHidden();
}

test('dragging a region onto another datanode column opens the migrate dialog for it', async ({
  page,
  cluster,
}) => {
  const alive = (await cluster.state()).datanodes.filter((d) => d.alive).map((d) => d.id);
  expect(alive).toHaveLength(4);
  await page.goto('/?view=cluster');
  await page.getByLabel('Search regions').fill('1026');
  await expect(page.getByText(/^\d+ of \d+ regions$/)).not.toHaveText(/^(\d+) of \1 regions$/);
  const first = page.getByRole('button', { name: /select to move/ }).first();
  const [, regionId, fromId] =
    /^Region (\d+) on datanode (\d+)/.exec((await first.getAttribute('aria-label')) ?? '') ?? [];
  const mark = page.getByRole('button', {
    name: `Region ${regionId ?? ''} on datanode ${fromId ?? ''}: select to move`,
  });
  const targetId = alive.find((id) => String(id) !== fromId);
  expect(regionId).toBeDefined();
  expect(targetId).toBeDefined();
  const column = page.locator(`[role=columnheader][data-datanode="${String(targetId)}"]`);
  await mark.dragTo(column);
  const dialog = page.getByRole('dialog', { name: 'Migrate region' });
  await expect(
    dialog.getByRole('button', {
      name: `Migrate region ${regionId ?? ''} to datanode ${String(targetId)}`,
    }),
  ).toBeVisible();
  // Nothing was submitted: the drag only chose the target.
  expect(await cluster.procedures()).toHaveLength(0);
});

test(
  'a failure injected at the migration API stops the plan; the rest is skipped',
  {
    tag: '@legacy',
  },
  async ({ page, cluster, generation }) => {
    // Every submission is answered 500 by whichever MetaSrv gets it.
    await cluster.injectFault({
      path: '/admin/region-migration',
      action: 'error',
      status: 500,
      body: 'injected by the e2e spec',
    });
    await startCappedRebalance(page, cluster, 3, generation);
    const moves = movesOf(page);
    await expect(page.getByTestId('run-state')).toHaveText('failed', { timeout: 30_000 });
    await expect(moves.locator('[data-status=failed]')).toHaveCount(1);
    await expect(moves.locator('[data-status=skipped]')).toHaveCount(2);
    await expect(moves.locator('[data-status=failed]')).toContainText('injected by the e2e spec');
    // One submission reached MetaSrv (and was refused); no procedure ever started.
    const submitted = await cluster.requests('/admin/region-migration');
    expect(submitted.length).toBeGreaterThanOrEqual(1);
    expect(submitted.every((e) => e.status === 500)).toBe(true);
    expect(await cluster.procedures()).toHaveLength(0);
  },
);

test('cancel in the middle: the move in flight finishes, the rest are cancelled', async ({
  page,
  cluster,
  generation,
}) => {
  // Slow replay so the first move is still in flight when the cancel arrives.
  await cluster.setReplay({ speed: 1, workMs: 6_000 });
  await startCappedRebalance(page, cluster, 4, generation);
  const moves = movesOf(page);
  await expect(moves.locator('[data-status=running]')).toHaveCount(1, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Cancel run (the move in flight finishes)' }).click();
  // Issue 15: Cancel asks first, naming the cluster, the moves left and the timeout.
  const confirm = page.getByRole('dialog', { name: /^Cancel run “.+” on cluster default\?$/ });
  await expect(confirm.getByTestId('confirm-summary')).toContainText(
    /^Cluster default: \d pending moves? of 4 \(from datanodes? .+ to datanodes? .+\) will not start\.$/,
  );
  await expect(confirm.getByTestId('confirm-timeout')).toContainText('migration timeout (20s)');
  await confirm
    .getByRole('button', { name: /^Cancel run: \d pending moves? will not start$/ })
    .click();
  await expect(page.getByTestId('run-state')).toHaveText('cancelled', { timeout: 60_000 });
  await expect(moves.locator('[data-status=done]')).toHaveCount(1);
  await expect(moves.locator('[data-status=cancelled]')).toHaveCount(3);
  // At the emulator: exactly one procedure, and it migrated its region.
  const procedures = await cluster.procedures();
  expect(procedures).toHaveLength(1);
  expect(procedures[0]?.outcome).toBe('migrated');
  const doneRegion = await moves.locator('[data-status=done]').getAttribute('data-region-id');
  expect(procedures[0]?.regionId).toBe(doneRegion);
});

test('pause after the first move: the rest wait until resume, then all are done', async ({
  page,
  cluster,
  generation,
}) => {
  // Slow replay so the pause arrives while the first move is in flight.
  await cluster.setReplay({ speed: 1, workMs: 4_000 });
  await startCappedRebalance(page, cluster, 3, generation);
  const moves = movesOf(page);
  await expect(moves.locator('[data-status=running]')).toHaveCount(1, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  // The move in flight finishes; the other two wait, and no procedure starts for them.
  await expect(moves.locator('[data-status=done]')).toHaveCount(1, { timeout: 30_000 });
  await expect(moves.locator('[data-status=pending]')).toHaveCount(2);
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  expect(await cluster.procedures()).toHaveLength(1);
  if (generation === 'legacy') {
    await page
      .getByLabel('Plan run Rebalance by region count')
      .screenshot({ path: 'docs/screenshots/plan-run-paused.png' });
  }
  await cluster.setReplay({ speed: 20, workMs: 1_800 });
  await page.getByRole('button', { name: 'Resume run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('completed', { timeout: 60_000 });
  await expect(moves.locator('[data-status=done]')).toHaveCount(3);
  const procedures = await cluster.procedures();
  expect(procedures.map((p) => p.outcome)).toEqual(['migrated', 'migrated', 'migrated']);
});

test('a run continues on the server while its tab is closed', async ({
  page,
  context,
  cluster,
  generation,
}) => {
  await cluster.setReplay({ speed: 20 });
  await startCappedRebalance(page, cluster, 3, generation);
  await expect(page.getByTestId('run-state')).toHaveText('running');
  const planned = await movesOf(page)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-region-id')));
  expect(planned).toHaveLength(3);
  await page.close();
  // No tab is open: the emulator alone shows the run going on.
  await expect
    .poll(async () => (await cluster.procedures()).filter((p) => p.outcome === 'migrated').length, {
      timeout: 60_000,
      intervals: [500],
    })
    .toBe(3);
  const procedures = await cluster.procedures();
  expect(procedures.map((p) => p.regionId).sort()).toEqual([...planned].sort());
  // A new tab finds the run finished with every move done and recorded in the history.
  const again = await context.newPage();
  await again.goto('/?view=cluster');
  await expect(again.getByTestId('run-state')).toHaveText('completed', { timeout: 20_000 });
  await expect(movesOf(again).locator('[data-status=done]')).toHaveCount(3);
  const history = await again.request.get('/api/clusters/default/migrations');
  expect(history.ok()).toBe(true);
  const text = await history.text();
  for (const regionId of planned) expect(text).toContain(`"${regionId ?? ''}"`);
});
