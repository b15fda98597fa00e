/**
 * Issue 15, "Region ids are checked": a region id names its table and its region number. One
 * whose region number the table does not have, or whose table the cluster does not have, gets
 * a specific message, and the view the user was on stays as it was (never a silently different
 * table). The route by region id is `/admin/route?region_id=` on legacy MetaSrv, region_peers
 * of the id's table on the SQL path; the `sql` project runs this spec once playwright.config.ts
 * lists it among BOTH_GENERATIONS (the SQL wording is also pinned by region-check.test.ts).
 */
import { test, expect } from './fixtures';

function regionIdOf(tableId: number, regionNumber: number): string {
  return ((BigInt(tableId) << 32n) | BigInt(regionNumber)).toString();
}

test('a region number the table does not have is named, and the view stays', async ({
  page,
  cluster,
  generation,
}) => {
  const table = await cluster.table(1026);
  const numbers = table.regions.map((r) => Number(BigInt(r.regionId) & 0xffff_ffffn));
  const highest = Math.max(...numbers);
  expect(numbers).toHaveLength(highest + 1); // contiguous: 0..highest
  const missing = regionIdOf(1026, highest + 90);
  await page.goto('/?table=1024');
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible({
    timeout: 30_000,
  });

  // With a table open, the finder is one click away.
  await page.getByRole('button', { name: 'Open another table' }).click();
  await page.getByLabel('Region ID').fill(missing);
  await page.getByRole('button', { name: 'Find region' }).click();
  await expect(
    page.getByText(
      `Region ${missing} is not in table 1026, which has regions 0–${String(highest)}.`,
    ),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page).toHaveURL(/tables\/1024|table=1024/);
  await expect(page).not.toHaveURL(/tables\/1026|table=1026/);
  if (generation === 'legacy') {
    await page.screenshot({ path: 'docs/screenshots/region-id-not-in-table.png' });
  }

  // The same region in a pasted link: the table opens and says the region is not in it.
  await page.goto(`/?table=1026&region=${missing}`);
  await expect(page.getByRole('alert').filter({ hasText: 'Region not found' })).toContainText(
    `Region ${missing} is not in table 1026, which has regions 0–${String(highest)}.`,
    { timeout: 30_000 },
  );
});

test('a region id whose table does not exist is named, and the view stays', async ({
  page,
  generation,
  browserConsole,
}) => {
  const missing = regionIdOf(9999, 0);
  await page.goto('/?table=1024');
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible();
  // Legacy MetaSrv answers the route of an unknown table with an error status, on purpose here.
  browserConsole.expect(/Failed to load resource: the server responded with a status of/);
  // With a table open, the finder is one click away.
  await page.getByRole('button', { name: 'Open another table' }).click();
  await page.getByLabel('Region ID').fill(missing);
  await page.getByRole('button', { name: 'Find region' }).click();
  await expect(
    page.getByText(
      generation === 'legacy'
        ? `Region ${missing} would be in table 9999, which this cluster does not have.`
        : `Region ${missing} is not in table 9999, which has no regions in this cluster (no table has this id, or it is a logical table).`,
    ),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('table', { name: /Regions of table 1024\b/ })).toBeVisible();
  await expect(page).not.toHaveURL(/tables\/9999|table=9999/);
});
