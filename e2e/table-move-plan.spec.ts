/**
 * Issue 16 (GreptimeDB issues #4903, #6733): move one table's regions from datanode A to a
 * chosen datanode B as one plan, previewed, confirmed and run by the server like the other
 * plans, on both API generations. The emulator's table route is the evidence.
 *
 * The failure path: datanode B stops in the middle of the run. The first move is held in its
 * upgrade (slow replay) while the spec arms the emulator to stop B as the next procedure enters
 * OpenCandidateRegion (`POST /control/datanode/stop-on-state`; the first has passed that state),
 * so exactly the second move meets a target without a heartbeat stream: PusherNotFound, not
 * retried (open_candidate_region.rs@v0.7.2, @v1.2.0-beta.2). The run must show that move failed
 * with its evidence, stop there, and never read as a success.
 */
import type { Page } from '@playwright/test';
import type { ClusterControl } from './cluster-control';
import { test, expect, type Generation } from './fixtures';
import { cancelActiveRuns } from './plan-run-cleanup';

const TABLE_ID = 1025;
/** 32 regions, 8 led by each datanode: a run long enough to fail in the middle. */
const FAILING_TABLE_ID = 1028;

test.afterEach(async ({ request }) => {
  await cancelActiveRuns(request);
});

test('a table’s regions move from datanode A to the chosen datanode B as one plan', async ({
  page,
  cluster,
  generation,
}) => {
  const before = (await cluster.table(TABLE_ID)).regions;
  const source = before[0]?.leaderPeerId;
  if (source === null || source === undefined) throw new Error('region 0 has no leader');
  const target = (source + 2) % 4;
  const moving = before.filter((r) => r.leaderPeerId === source).map((r) => r.regionId);
  const staying = before.filter((r) => r.leaderPeerId !== source);
  const count = `${String(moving.length)} move${moving.length === 1 ? '' : 's'}`;

  await page.goto('/?view=cluster');
  await page.getByText('Drain a datanode').click();
  await page.getByRole('combobox', { name: 'Datanode to drain' }).click();
  await page.getByRole('option', { name: new RegExp(`^datanode ${String(source)} `) }).click();
  await page.getByRole('combobox', { name: 'Move to' }).click();
  const targets = page.getByRole('listbox', { name: 'Move to' });
  // The drained datanode is not offered as its own target.
  await expect(
    targets.getByRole('option', { name: `datanode ${String(source)}`, exact: true }),
  ).toHaveCount(0);
  await targets.getByRole('option', { name: `datanode ${String(target)}`, exact: true }).click();
  await page.getByLabel('Only tables (optional)').fill(String(TABLE_ID));
  if (generation === 'sql') await page.getByLabel('Overall timeout (seconds)').fill('60');
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await expect(page.getByTestId('planned-moves-count')).toHaveText(new RegExp(`^${count} planned`));
  const title = `Move table ${String(TABLE_ID)} from datanode ${String(source)} to datanode ${String(target)}`;
  await page.setViewportSize({ width: 1280, height: 720 });
  // The plan itself, not whatever of the cluster view happens to be in the viewport.
  await page
    .getByLabel(`Preview: ${title}`)
    .screenshot({ path: `docs/screenshots/table-move-plan-${generation}.png` });

  await page.getByRole('button', { name: `Run ${count} on the server` }).click();
  const confirm = page.getByRole('dialog', { name: `${title} on cluster default?` });
  await expect(confirm.getByTestId('confirm-summary')).toContainText(`${title} on cluster default`);
  // Nothing starts before the confirmation.
  expect(await cluster.procedures()).toHaveLength(0);
  await confirm.getByRole('button', { name: `${title}: run ${count} on cluster default` }).click();
  await expect(confirm).toBeHidden();

  await expect
    .poll(
      async () =>
        (await cluster.table(TABLE_ID)).regions
          .filter((r) => moving.includes(r.regionId))
          .map((r) => r.leaderPeerId),
      { timeout: 60_000 },
    )
    .toEqual(moving.map(() => target));
  // The table's other regions stayed where they were.
  const after = (await cluster.table(TABLE_ID)).regions;
  for (const region of staying) {
    expect(after.find((r) => r.regionId === region.regionId)?.leaderPeerId).toBe(
      region.leaderPeerId,
    );
  }
});

/** Previews the move of `tableId`'s regions from `source` to `target`, runs it and confirms. */
async function runTableMove(
  page: Page,
  generation: Generation,
  move: { tableId: number; source: number; target: number; count: number },
) {
  const { tableId, source, target, count } = move;
  const moves = `${String(count)} moves`;
  await page.goto('/?view=cluster');
  await page.getByText('Drain a datanode').click();
  await page.getByRole('combobox', { name: 'Datanode to drain' }).click();
  await page.getByRole('option', { name: new RegExp(`^datanode ${String(source)} `) }).click();
  await page.getByRole('combobox', { name: 'Move to' }).click();
  await page
    .getByRole('listbox', { name: 'Move to' })
    .getByRole('option', { name: `datanode ${String(target)}`, exact: true })
    .click();
  await page.getByLabel('Only tables (optional)').fill(String(tableId));
  if (generation === 'sql') await page.getByLabel('Overall timeout (seconds)').fill('60');
  else await page.getByLabel('Replay timeout').fill('20s');
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await expect(page.getByTestId('planned-moves-count')).toHaveText(new RegExp(`^${moves} planned`));
  await page.getByRole('button', { name: `Run ${moves} on the server` }).click();
  const title = `Move table ${String(tableId)} from datanode ${String(source)} to datanode ${String(target)}`;
  await page
    .getByRole('dialog', { name: `${title} on cluster default?` })
    .getByRole('button', { name: `${title}: run ${moves} on cluster default` })
    .click();
  return title;
}

/** The region whose move is in its middle steps: the route marks its leader Downgraded. */
async function regionBeingMoved(cluster: ClusterControl, tableId: number): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const regions = (await cluster.table(tableId)).regions;
        found = regions.find((r) => r.leaderStatus !== null)?.regionId;
        return found;
      },
      { timeout: 15_000, intervals: [100] },
    )
    .toBeDefined();
  return found ?? '';
}

test('the target datanode stops mid-plan: the run shows which move failed and why, and stops', async ({
  page,
  cluster,
  generation,
}) => {
  // Several phases, each waiting for what the user sees (at most 15 s each): more than the
  // default 60 s in all on a busy machine.
  test.setTimeout(120_000);
  const before = (await cluster.table(FAILING_TABLE_ID)).regions;
  const source = before[0]?.leaderPeerId;
  if (source === null || source === undefined) throw new Error('region 0 has no leader');
  const target = (source + 2) % 4;
  const moving = before.filter((r) => r.leaderPeerId === source).map((r) => r.regionId);
  expect(moving.length).toBeGreaterThanOrEqual(3);
  // Each candidate needs 4 s of replay: the first move stays in its upgrade long enough to arm
  // the stop behind it.
  await cluster.setReplay({ speed: 1, workMs: 4_000 });
  const title = await runTableMove(page, generation, {
    tableId: FAILING_TABLE_ID,
    source,
    target,
    count: moving.length,
  });

  const first = await regionBeingMoved(cluster, FAILING_TABLE_ID);
  // The first move is past OpenCandidateRegion and the next cannot start before it ends: the
  // stop hits the second move's procedure, whatever the timing.
  await cluster.stopDatanodeOnState(target, 'OpenCandidateRegion');
  await expect
    .poll(async () => (await cluster.procedures()).map((p) => p.status), { timeout: 15_000 })
    .toEqual(['Done', 'Failed']);
  const [done, failed] = await cluster.procedures();
  expect(done).toMatchObject({ regionId: first, toPeerId: target, outcome: 'migrated' });
  expect(failed).toMatchObject({ toPeerId: target, outcome: 'failed' });
  const second = failed?.regionId ?? '';
  expect((await cluster.state()).datanodes.find((d) => d.id === target)?.running).toBe(false);
  if (generation === 'legacy') {
    // MetaSrv gives no procedure state over HTTP: the console's evidence is the stopped
    // target's lease, which lapses 10 s after its last heartbeat by MetaSrv's clock.
    await cluster.setClock({ advanceMs: 20_000 });
  }

  const run = page.getByLabel(`Plan run ${title}`);
  await expect(run.getByTestId('run-state')).toHaveText('failed', { timeout: 15_000 });
  const rows = run.getByRole('table', { name: 'Moves of the run' });
  const row = (regionId: string) => rows.locator(`tr[data-region-id="${regionId}"]`);
  await expect(row(first)).toHaveAttribute('data-status', 'done');
  await expect(row(second)).toHaveAttribute('data-status', 'failed');
  const evidence =
    generation === 'sql'
      ? `rolled back: the region stayed on its source. Evidence: procedure_state says Failed: Pusher not found: Datanode-${String(target)}; region_peers shows the leader on datanode ${String(source)}.`
      : `Failed (inferred): datanode ${String(target)} lost its lease at`;
  await expect(row(second)).toContainText(evidence);
  // The rest never started, and say why.
  const rest = moving.length - 2;
  await expect(rows.locator('tr[data-status=skipped]')).toHaveCount(rest);
  for (const skipped of await rows.locator('tr[data-status=skipped]').all()) {
    await expect(skipped).toContainText(
      `not run: the plan stopped after a failure (region ${second}: `,
    );
  }
  // The summary does not read as a success: it counts the failure and says the run stopped.
  await expect(run.getByRole('status')).toContainText(
    `${String(moving.length)} of ${String(moving.length)} moves finished: 1 done, ${String(rest)} skipped, 1 failed, 0 cancelled, 0 running, 0 pending. Stopped after a failed move: region ${second}: `,
  );
  await expect(run.getByRole('status')).toContainText(evidence);

  // At the emulator: only the first region moved.
  const after = (await cluster.table(FAILING_TABLE_ID)).regions;
  for (const regionId of moving) {
    expect(after.find((r) => r.regionId === regionId)?.leaderPeerId).toBe(
      regionId === first ? target : source,
    );
  }
  expect(await cluster.procedures()).toHaveLength(2);
});
