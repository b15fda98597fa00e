import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens a table by id through the picker and waits for its grid. */
export async function openTable(page: Page, tableId: number) {
  await page.goto('/');
  await page.getByLabel('Table ID').fill(String(tableId));
  await page.keyboard.press('Enter');
  const grid = page.getByRole('table', { name: new RegExp(`Regions of table ${tableId}\\b`) });
  await expect(grid).toBeVisible();
  return grid;
}

/** Clicks a region's row and returns the migrate dialog. */
export async function openMigrateDialog(page: Page, tableId: number, regionId: string) {
  const grid = await openTable(page, tableId);
  await grid.getByRole('row', { name: new RegExp(regionId) }).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate region' });
  await expect(dialog).toBeVisible();
  return { grid, dialog };
}

/**
 * The grid cell of a region's row in a datanode's column. Datanode columns are virtualized
 * (only those in view are in the DOM) and follow a varying set of region columns, so the cell
 * is found by its datanode rather than by position. A row has cells only where the region
 * has a replica.
 */
export function regionCell(grid: ReturnType<Page['getByRole']>, regionId: string, peerId: number) {
  return grid
    .getByRole('row', { name: new RegExp(regionId) })
    .locator(`td[data-datanode="${String(peerId)}"]`);
}
