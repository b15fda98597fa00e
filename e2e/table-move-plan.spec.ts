/**
 * Issue 16 (GreptimeDB issues #4903, #6733): move one table's regions from datanode A to a
 * chosen datanode B as one plan, previewed, confirmed and run by the server like the other
 * plans, on both API generations. The emulator's table route is the evidence.
 */
import { test, expect } from './fixtures';

const TABLE_ID = 1025;

test.beforeEach(({ browserConsole }) => {
  // Not this spec's subject, and to be removed once fixed (reported to the lead): the SQL
  // path's overview reads greptime_private.events before the recorder created it (4001 -> 400),
  // and the cluster view's `events?tables=&view=cluster` request is answered 400 on both
  // generations.
  browserConsole.expect(/status of 400 \(Bad Request\) @ .*\/(sql-migration-)?events\b/);
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
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `docs/screenshots/table-move-plan-${generation}.png` });

  await page.getByRole('button', { name: `Run ${count} on the server` }).click();
  const title = `Move table ${String(TABLE_ID)} from datanode ${String(source)} to datanode ${String(target)}`;
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
