import { test, expect } from './fixtures';
import { openMigrateDialog } from './grid-helpers';

test('a datanode that dies stops being offered as a target, with the reason', async ({
  page,
  cluster,
}) => {
  const table = await cluster.table(1024);
  const region = table.regions.find((r) => r.leaderPeerId !== 3);
  if (!region) throw new Error('no region off datanode 3');

  await cluster.stopDatanode(3);
  // MetaSrv's lease window is 10 s; jump the emulated clock past it instead of waiting.
  await cluster.setClock({ advanceMs: 11_000 });

  const { dialog } = await openMigrateDialog(page, 1024, region.regionId);
  const dead = dialog.getByRole('radio', { name: /Datanode 3\b/ });
  await expect(dead).toBeDisabled();
  await expect(dialog.getByText(/lease expired \d+ s ago/).first()).toBeVisible();

  // When it comes back, the next lease refresh offers it again.
  await cluster.startDatanode(3);
  await expect(dead).toBeEnabled({ timeout: 15_000 });
});
