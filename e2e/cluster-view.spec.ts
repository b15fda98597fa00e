/**
 * The cluster page (issue 5): a move started from the cluster-wide grid by click-then-target
 * ends in the migrate dialog with the target chosen; the same move made with the keyboard alone
 * reaches the cluster; a drain preview warns that draining does not fence the datanode, lists
 * every move and recomputes its counts when a move is edited or dropped; a capped count
 * rebalance runs on the server to completion. Both generations (legacy admin API and the SQL
 * path of v1.1.4): the page reads the heartbeat either way.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { runCappedRebalance } from './plan-run-start';

/** Presses Tab until the focused element's accessible label matches, at most `limit` times. */
async function tabUntil(page: Page, label: RegExp, limit = 40): Promise<string> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () =>
        document.activeElement?.getAttribute('aria-label') ??
        document.activeElement?.textContent ??
        '',
    );
    if (label.test(focused)) return focused;
  }
  throw new Error(`Tab never reached ${String(label)}`);
}

test('an empty cluster says so instead of an empty plot', async ({ page, cluster }) => {
  await cluster.reset({ empty: true });
  await page.goto('/?view=cluster');
  await expect(page.getByTestId('cluster-empty')).toContainText(
    'No datanode reports a leader region',
  );
  await expect(page.getByRole('grid', { name: 'Regions of all tables by datanode' })).toHaveCount(
    0,
  );
});

test('click a region, then a target cell, opens the migrate dialog for that target', async ({
  page,
  cluster,
}) => {
  // The fixture reset the emulator: 4 alive datanodes, table 1026 crowded on datanode 0.
  expect((await cluster.state()).datanodes).toHaveLength(4);
  await page.goto('/?view=cluster');
  await page.getByLabel('Search regions').fill('1026');
  // Read the first mark only once the search has narrowed the list to table 1026.
  await expect(page.getByText(/^\d+ of \d+ regions$/)).not.toHaveText(/^(\d+) of \1 regions$/);
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

test('with the keyboard alone: Tab to a region mark, Enter, Tab to a target, Enter, submit', async ({
  page,
  cluster,
}) => {
  await page.goto('/?view=cluster');
  await page.getByLabel('Search regions').fill('1026');
  await expect(page.getByText(/^\d+ of \d+ regions$/)).not.toHaveText(/^(\d+) of \1 regions$/);
  // Table 1026 is crowded on datanode 0, so its first mark has targets to its right.
  const mark = await tabUntil(page, /^Region \d+ on datanode 0: select to move$/);
  const regionId = /^Region (\d+)/.exec(mark)?.[1] ?? '';
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: `Region ${regionId} selected.` }),
  ).toBeAttached();
  // Escape cancels the selection; Enter selects again.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^Move region / })).toHaveCount(0);
  await page.keyboard.press('Enter');
  const target = await tabUntil(page, new RegExp(`^Move region ${regionId} to datanode \\d+$`), 5);
  const targetId = /datanode (\d+)$/.exec(target)?.[1] ?? '';
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Migrate region' });
  const submit = dialog.getByRole('button', {
    name: `Migrate region ${regionId} to datanode ${targetId}`,
  });
  await expect(submit).toBeVisible();
  await tabUntil(page, new RegExp(`^Migrate region ${regionId} to datanode ${targetId}$`));
  await page.keyboard.press('Enter');
  // At the emulator: the region's leader is now the chosen datanode.
  await expect
    .poll(
      async () =>
        (await cluster.table(1026)).regions.find((r) => r.regionId === regionId)?.leaderPeerId,
      { timeout: 30_000 },
    )
    .toBe(Number(targetId));
});

/** Previews a drain of datanode `peerId`; returns the planned-moves table and its size. */
async function previewDrain(page: Page, peerId: number) {
  await page.getByText('Drain a datanode').click();
  await page.getByRole('combobox', { name: 'Datanode to drain' }).click();
  await page.getByRole('option', { name: new RegExp(`^datanode ${String(peerId)} `) }).click();
  await page.getByRole('button', { name: 'Preview plan' }).click();
  const count = page.getByTestId('planned-moves-count');
  await expect(count).toHaveText(/^[\d,]+ moves? planned/);
  const planned = Number(
    /^([\d,]+)/.exec((await count.textContent()) ?? '')?.[1]?.replace(/,/g, ''),
  );
  return { moves: page.getByRole('table', { name: 'Planned moves' }), planned };
}

/** One datanode's row in the before/after table (only datanodes whose count changes). */
function loadRow(page: Page, peerId: string) {
  return page
    .getByRole('table', { name: 'Regions per datanode before and after' })
    .locator(`tr[data-datanode="${peerId}"]`);
}
async function regionCounts(page: Page, peerId: string) {
  const cells = loadRow(page, peerId).getByRole('cell');
  return {
    before: Number(await cells.nth(1).textContent()),
    after: Number(await cells.nth(2).textContent()),
  };
}

/**
 * Scrolls the planned moves to their end, sends the last move to another datanode and then
 * drops it, checking that the counts follow each edit.
 */
async function editAndDropLastMove(page: Page, planned: number, drained: number) {
  await page.getByTestId('planned-moves-scroller').evaluate((el) => {
    el.scrollTo({ top: el.scrollHeight });
  });
  const moves = page.getByRole('table', { name: 'Planned moves' });
  const last = moves.locator(`tr[aria-rowindex="${String(planned + 1)}"]`);
  await expect(last).toBeVisible();
  await expect(last.getByRole('cell').first()).toHaveText(String(planned));
  const regionId = (await last.getAttribute('data-region-id')) ?? '';
  const select = last.getByRole('combobox', { name: `Target datanode for region ${regionId}` });
  const from = await select.inputValue();
  const options = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));
  // A target that already receives moves, so its row stays in the before/after table.
  const listed = await page
    .getByRole('table', { name: 'Regions per datanode before and after' })
    .locator('tr[data-datanode]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-datanode') ?? ''));
  const to = options.find((o) => o !== from && o !== String(drained) && listed.includes(o)) ?? '';
  const fromCounts = await regionCounts(page, from);
  const toCounts = await regionCounts(page, to);
  await select.selectOption(to);
  await expect(loadRow(page, to).getByRole('cell').nth(2)).toHaveText(String(toCounts.after + 1));
  if (fromCounts.after - 1 === fromCounts.before) await expect(loadRow(page, from)).toHaveCount(0);
  else {
    await expect(loadRow(page, from).getByRole('cell').nth(2)).toHaveText(
      String(fromCounts.after - 1),
    );
  }
  await last.getByRole('button', { name: `Drop the move of region ${regionId}` }).click();
  await expect(page.getByTestId('planned-moves-count')).toHaveText(
    new RegExp(`^${(planned - 1).toLocaleString('en-US')} moves? planned`),
  );
  await expect(moves.locator(`tr[data-region-id="${regionId}"]`)).toHaveCount(0);
  await expect(loadRow(page, to).getByRole('cell').nth(2)).toHaveText(String(toCounts.after));
}

test('a drain preview lists every move, says draining does not fence the node, and follows edits', async ({
  page,
  cluster,
  generation,
}) => {
  // The fixture reset the emulator: 4 alive datanodes, table 1026 crowded on datanode 0.
  expect((await cluster.state()).datanodes).toHaveLength(4);
  await page.goto('/?view=cluster');
  const { moves, planned } = await previewDrain(page, 0);
  await expect(page.getByText('Draining does not fence the datanode')).toBeVisible();
  expect(planned).toBeGreaterThan(1);
  await expect(moves.getByRole('row').first()).toBeVisible();
  await expect(
    page.getByRole('button', { name: `Run ${String(planned)} moves on the server` }),
  ).toBeEnabled();
  if (generation === 'legacy') {
    await page
      .getByLabel('Preview: Drain datanode 0')
      .screenshot({ path: 'docs/screenshots/cluster-drain-preview.png' });
  }
  await editAndDropLastMove(page, planned, 0);
  // Issue 15: Drain asks first, naming the cluster, the moves, the datanodes and the timeout.
  await page
    .getByRole('button', { name: `Run ${String(planned - 1)} moves on the server` })
    .click();
  const confirm = page.getByRole('dialog', { name: 'Drain datanode 0 on cluster default?' });
  await expect(confirm.getByTestId('confirm-summary')).toContainText(
    new RegExp(
      `^Drain datanode 0 on cluster default: ${String(planned - 1)} moves from datanode 0 to datanodes? [\\d, and]+\\.$`,
    ),
  );
  await expect(confirm.getByTestId('confirm-timeout')).toContainText(/timeout.*: .+ per move/);
  await expect(
    confirm.getByRole('button', {
      name: `Drain datanode 0: run ${String(planned - 1)} moves on cluster default`,
    }),
  ).toBeVisible();
  // Going back starts nothing.
  await confirm.getByRole('button', { name: 'Go back' }).click();
  await expect(confirm).toBeHidden();
  expect(await cluster.procedures()).toHaveLength(0);
  // A bad table id is named, and no plan is made from the valid rest.
  await page.getByLabel('Only tables (optional)').fill('1026, 10x');
  await expect(page.getByText('“10x” is not a table id (0 to 4294967295)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Preview plan' })).toBeDisabled();
});

test.describe('at 10,000 regions over 40 datanodes', { tag: '@legacy' }, () => {
  test.afterEach(async ({ cluster }) => {
    await cluster.reset({ datanodes: 4, tables: null, regions: null });
  });

  test('a drain preview lists every move, virtualized, and stays editable', async ({
    page,
    cluster,
  }) => {
    await cluster.reset({ datanodes: 40, tables: 500, regions: 10_000 });
    await page.goto('/?view=cluster');
    await expect(page.getByText(/^10,000 leader regions in/)).toBeVisible({ timeout: 30_000 });
    const started = Date.now();
    const { moves, planned } = await previewDrain(page, 0);
    test.info().annotations.push({
      type: 'drain preview at 10k regions',
      description: `${String(planned)} moves listed ${String(Date.now() - started)} ms after the click`,
    });
    expect(planned).toBeGreaterThan(100);
    // Every move is in the list, but only the rows in view are in the DOM.
    await expect(moves).toHaveAttribute('aria-rowcount', String(planned + 1));
    expect(await moves.locator('tbody tr[data-region-id]').count()).toBeLessThan(60);
    await editAndDropLastMove(page, planned, 0);
    await page
      .getByLabel('Preview: Drain datanode 0')
      .screenshot({ path: 'docs/screenshots/cluster-drain-preview-10k.png' });
  });

  test('a drain of more than 50 moves needs the cluster’s name typed before it runs', async ({
    page,
    cluster,
  }) => {
    await cluster.reset({ datanodes: 4, tables: 40, regions: 1_000 });
    await page.goto('/?view=cluster');
    await expect(page.getByText(/^1,000 leader regions in/)).toBeVisible({ timeout: 30_000 });
    await previewDrain(page, 0);
    await page.getByLabel('At most moves').fill('60');
    await page.getByRole('button', { name: 'Preview plan' }).click();
    await page.getByRole('button', { name: 'Run 60 moves on the server' }).click();
    const confirm = page.getByRole('dialog', { name: 'Drain datanode 0 on cluster default?' });
    const run = confirm.getByRole('button', {
      name: 'Drain datanode 0: run 60 moves on cluster default',
    });
    await expect(run).toBeDisabled();
    const name = confirm.getByLabel('Type the cluster’s name “default” to confirm 60 moves');
    await name.fill('defaul');
    await expect(run).toBeDisabled();
    await name.fill('default');
    await expect(run).toBeEnabled();
    await confirm.screenshot({ path: 'docs/screenshots/plan-run-confirm.png' });
    await confirm.getByRole('button', { name: 'Go back' }).click();
    expect(await cluster.procedures()).toHaveLength(0);
  });
});

test('a capped count rebalance runs on the server and records every move', async ({
  page,
  cluster,
}) => {
  await cluster.setReplay({ speed: 20 });
  await page.goto('/?view=cluster');
  await runCappedRebalance(page, 2);
  await expect(page.getByTestId('run-state')).toHaveText('completed', { timeout: 60_000 });
  await expect(
    page.getByRole('table', { name: 'Moves of the run' }).locator('[data-status=done]'),
  ).toHaveCount(2);
  const done = (await cluster.procedures()).filter((p) => p.outcome === 'migrated');
  expect(done).toHaveLength(2);
});
