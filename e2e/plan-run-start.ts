import type { Page } from '@playwright/test';

/**
 * On the open cluster page: previews a count rebalance capped at `cap` moves and confirms
 * its run on the server, without waiting for it to end.
 */
export async function runCappedRebalance(page: Page, cap: number): Promise<void> {
  await page.getByLabel('At most moves').fill(String(cap));
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await page.getByRole('button', { name: `Run ${String(cap)} moves on the server` }).click();
  await page
    .getByRole('dialog', { name: 'Run this plan on cluster default?' })
    .getByRole('button', { name: `Run ${String(cap)} moves on cluster default` })
    .click();
}
