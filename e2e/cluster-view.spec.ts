/**
 * The cluster page (issue 5): a move started from the cluster-wide grid by click-then-target
 * ends in the migrate dialog with the target chosen; a drain preview warns that draining does
 * not fence the datanode; a capped count rebalance runs on the server to completion.
 */
import { expect, test } from './fixtures';

test('click a region, then a target cell, opens the migrate dialog for that target', async ({
  page,
  cluster,
}) => {
  // The fixture reset the emulator: 4 alive datanodes, table 1026 crowded on datanode 0.
  expect((await cluster.state()).datanodes).toHaveLength(4);
  await page.goto('/?view=cluster');
  await page.getByLabel('Search regions').fill('1026');
  const first = page.getByRole('button', { name: /select to move/ }).first();
  const selectedId =
    /^Region (\d+)/.exec((await first.getAttribute('aria-label')) ?? '')?.[1] ?? '';
  await first.click();
  const mark = page.getByRole('button', { name: new RegExp(`^Region ${selectedId} on datanode`) });
  await expect(mark).toHaveAttribute('aria-pressed', 'true');
  // The current leader is not offered; every other alive datanode is.
  const target = page.getByRole('button', { name: /^Move region \d+ to datanode \d+$/ }).first();
  const label = (await target.getAttribute('aria-label')) ?? '';
  const [, regionId, peerId] = /^Move region (\d+) to datanode (\d+)$/.exec(label) ?? [];
  await target.click();
  const dialog = page.getByRole('dialog', { name: 'Migrate region' });
  await expect(
    dialog.getByRole('button', {
      name: `Migrate region ${regionId ?? ''} to datanode ${peerId ?? ''}`,
    }),
  ).toBeVisible();
});

test('a drain preview lists the moves and says draining does not fence the node', async ({
  page,
  cluster,
}) => {
  // The fixture reset the emulator: 4 alive datanodes, table 1026 crowded on datanode 0.
  expect((await cluster.state()).datanodes).toHaveLength(4);
  await page.goto('/?view=cluster');
  await page.getByText('Drain a datanode').click();
  await page.getByRole('combobox', { name: 'Datanode to drain' }).click();
  await page.getByRole('option', { name: /^datanode 0 / }).click();
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await expect(page.getByText('Draining does not fence the datanode')).toBeVisible();
  const moves = page.getByRole('table', { name: 'Planned moves' });
  await expect(moves.getByRole('row')).not.toHaveCount(1);
  await expect(
    page.getByRole('table', { name: 'Regions per datanode before and after' }),
  ).toBeVisible();
});

test('a capped count rebalance runs on the server and records every move', async ({
  page,
  cluster,
}) => {
  await cluster.setReplay({ speed: 20 });
  await page.goto('/?view=cluster');
  await page.getByLabel('At most moves').fill('2');
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await page.getByRole('button', { name: 'Run 2 moves on the server' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('completed', { timeout: 60_000 });
  await expect(
    page.getByRole('table', { name: 'Moves of the run' }).locator('[data-status=done]'),
  ).toHaveCount(2);
  const done = (await cluster.procedures()).filter((p) => p.outcome === 'migrated');
  expect(done).toHaveLength(2);
});
