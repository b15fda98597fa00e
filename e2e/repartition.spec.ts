/**
 * Issue 17, part 1 (GreptimeDB v1.2 emulator, SQL path): split and merge a table's partitions
 * from its page. The expressions are checked as typed, the preview and the exact statement
 * come before a confirmation that needs the cluster's name, and the server follows the
 * procedure to its end while the grid shows the regions staging and then the new ones.
 * Preconditions GreptimeDB checks itself (MetaSrv GC, object storage) are switched off through
 * the emulator's control API to see a repartition refused and one fail.
 * Table 1024 `monitor` of the seeded cluster: `host < ir`, `host >= ir AND host < ri`,
 * `host >= ri` on regions 4398046511104–106.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { seriousAxeViolations } from './axe';
import type { ClusterControl } from './cluster-control';
import { openTable } from './grid-helpers';

const TABLE_ID = 1024;
const SPLIT_STATEMENT =
  "ALTER TABLE greptime.public.monitor SPLIT PARTITION (host < 'ir') INTO (host < 'e', host >= 'e' AND host < 'ir') WITH (WAIT = false)";
const MERGE_STATEMENT =
  "ALTER TABLE greptime.public.monitor MERGE PARTITION (host >= 'ir' AND host < 'ri', host >= 'ri') WITH (WAIT = false)";

/** Every statement the emulated frontend was sent, in order. */
async function statementsSent(cluster: ClusterControl): Promise<string[]> {
  const entries = await cluster.requests('/v1/sql');
  return entries
    .filter((entry) => entry.node === -1)
    .map((entry) => new URLSearchParams(String(entry.query)).get('sql') ?? '');
}

/** Opens the split dialog on partition p0 and writes its two new expressions. */
async function writeSplit(page: Page, second: string) {
  await page.getByRole('button', { name: 'Split partition…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Split a partition of public.monitor' });
  await dialog
    .getByLabel('Partition to split')
    .selectOption({ label: 'p0 · region 4398046511104 · host < ir' });
  await expect(dialog.getByTestId('source-rule')).toHaveText('host < ir');
  await dialog.getByLabel('New expression 1').fill("host < 'e'");
  await dialog.getByLabel('New expression 2').fill(second);
  return dialog;
}

async function confirmWithName(dialog: ReturnType<Page['getByRole']>, button: string) {
  await dialog.getByRole('button', { name: 'Review and confirm…' }).click();
  const send = dialog.getByRole('button', { name: button });
  await expect(send).toBeDisabled();
  await dialog.getByLabel('Type the cluster’s name “default” to confirm').fill('default');
  await send.click();
}

test.describe('repartitioning', { tag: '@v1' }, () => {
  // Each test follows one or two procedures of several emulated seconds, and the split test
  // runs axe over a page that holds the grid and the dialog: triple time on a shared machine.
  test.slow();

  test('split a partition: checked as typed, previewed, confirmed by name, followed to done', async ({
    page,
    cluster,
  }) => {
    const grid = await openTable(page, TABLE_ID);
    await cluster.clearRequests();
    const dialog = await writeSplit(page, "host >= 'f' AND host < 'ir'");

    // A gap between the two rules: GreptimeDB's own text, and nothing can be sent.
    await expect(dialog.getByRole('alert', { name: 'This cannot be sent' })).toContainText(
      'Checkpoint `host=e` is not covered',
    );
    await expect(dialog.getByRole('button', { name: 'Review and confirm…' })).toBeDisabled();

    await dialog.getByLabel('New expression 2').fill("host >= 'e' AND host < 'ir'");
    const preview = dialog.getByTestId('repartition-preview');
    const after = preview.getByRole('table', { name: 'Partitions after the split' });
    await expect(after.getByRole('row')).toHaveText([
      'PartitionRegionRuleChange',
      'p04398046511104host < enew rule',
      'p14398046511105host >= ir AND host < riunchanged',
      'p24398046511106host >= riunchanged',
      'p34398046511107host >= e AND host < irnew region',
    ]);
    await expect(preview.getByTestId('allocated-regions')).toContainText(
      'Region 4398046511107 (region number 3)',
    );
    await expect(preview.getByTestId('repartition-statement')).toHaveText(SPLIT_STATEMENT);
    await expect(preview.getByTestId('curl-command')).toContainText('/v1/sql?db=greptime-public');
    await expect(
      preview.getByRole('list', { name: 'Preconditions the console cannot check' }),
    ).toContainText('MetaSrv GC is enabled');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The screenshots show the preview from its heading, just below the modal's sticky title.
    await preview.evaluate((element) => {
      element.scrollIntoView({ block: 'start' });
      element.closest('.mantine-Modal-content')?.scrollBy(0, -64);
    });
    for (const { width, height } of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        await page.screenshot({
          path:
            width === 1280
              ? `docs/screenshots/repartition-split-preview-${scheme}.png`
              : test.info().outputPath(`repartition-split-preview-${String(width)}-${scheme}.png`),
        });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 720 });
    // Nothing is sent before the confirmation.
    expect((await statementsSent(cluster)).some((sql) => sql.startsWith('ALTER TABLE'))).toBe(
      false,
    );

    await dialog.getByRole('button', { name: 'Review and confirm…' }).click();
    await expect(dialog.getByTestId('confirm-statement')).toHaveText(SPLIT_STATEMENT);
    await expect(dialog.getByRole('list', { name: 'Partitions replaced' })).toHaveText(
      'Region 4398046511104: host < ir',
    );
    await page.screenshot({ path: 'docs/screenshots/repartition-confirm.png' });
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await confirmWithName(dialog, 'Split region 4398046511104 into 2 partitions');

    await expect(dialog.getByTestId('procedure-id')).toBeVisible({ timeout: 15_000 });
    expect(await statementsSent(cluster)).toContain(SPLIT_STATEMENT);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();

    // While it runs: the header names it, and the grid marks the source region staging.
    await expect(page.getByTestId('repartition-running')).toContainText(
      'Running: split region 4398046511104 of public.monitor into 2 partitions',
    );
    const source = grid.locator('tr[data-region-id="4398046511104"]');
    await expect(source).toHaveAttribute('data-staging', 'true', { timeout: 15_000 });
    await expect(source).toContainText('Staging');
    await page.screenshot({ path: 'docs/screenshots/repartition-staging.png' });

    // When it ends, the grid shows the region GreptimeDB allocated.
    await expect(grid.locator('tr[data-region-id="4398046511107"]')).toBeVisible({
      timeout: 15_000,
    });
    await expect(source).not.toHaveAttribute('data-staging');
    await expect(page.getByTestId('repartition-running')).toBeHidden();

    await page.getByRole('link', { name: 'History' }).click();
    const history = page.getByRole('table', { name: 'Repartition history' });
    await expect(history.getByRole('row').nth(1)).toContainText('split');
    await expect(history.getByRole('row').nth(1)).toContainText(SPLIT_STATEMENT);
    await expect(history.getByRole('row').nth(1)).toContainText('done');
  });

  test('merge two adjacent partitions, followed to done in the dialog', async ({
    page,
    cluster,
  }) => {
    const grid = await openTable(page, TABLE_ID);
    await page.getByRole('button', { name: 'Merge partitions…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge partitions of public.monitor' });
    const partitions = dialog.getByRole('group', { name: /Partitions to merge/ });
    await partitions.getByLabel('p0 · region 4398046511104 · host < ir').check();
    await partitions.getByLabel('p2 · region 4398046511106 · host >= ri').check();
    await expect(dialog.getByRole('alert', { name: 'This cannot be sent' })).toContainText(
      'the selected partitions are not adjacent',
    );
    await partitions.getByLabel('p0 · region 4398046511104 · host < ir').uncheck();
    await partitions.getByLabel('p1 · region 4398046511105 · host >= ir AND host < ri').check();
    const preview = dialog.getByTestId('repartition-preview');
    await expect(preview.getByTestId('repartition-statement')).toHaveText(MERGE_STATEMENT);
    await expect(preview.getByRole('list', { name: 'Regions replaced' })).toContainText(
      'Region 4398046511106 (host >= ri): dropped after the merge',
    );

    await confirmWithName(dialog, 'Merge 2 partitions into region 4398046511105');
    await expect(dialog.getByTestId('repartition-headline')).toHaveText(
      'Done: merge regions 4398046511105, 4398046511106 of public.monitor into region 4398046511105.',
      { timeout: 15_000 },
    );
    await expect(dialog.getByRole('list', { name: 'procedure_state' })).toContainText('Done');
    await page.screenshot({ path: 'docs/screenshots/repartition-merge-done.png' });
    expect(await statementsSent(cluster)).toContain(MERGE_STATEMENT);
    await page.keyboard.press('Escape');
    await expect(grid.locator('tr[data-region-id="4398046511106"]')).toHaveCount(0, {
      timeout: 15_000,
    });
    await expect(grid.locator('tr[data-region-id="4398046511105"]')).toContainText('host >= ir');
  });

  test('a split on local-file storage fails, and the dialog names the precondition', async ({
    page,
    cluster,
  }) => {
    for (const id of [0, 1, 2, 3]) await cluster.setDatanodeStorage(id, 'local-file');
    const grid = await openTable(page, TABLE_ID);
    const dialog = await writeSplit(page, "host >= 'e' AND host < 'ir'");
    await confirmWithName(dialog, 'Split region 4398046511104 into 2 partitions');

    const failure = dialog.getByRole('alert', { name: 'The procedure failed' });
    await expect(failure).toBeVisible({ timeout: 15_000 });
    await expect(failure.getByTestId('greptime-reason')).toContainText(
      "does not satisfy requirement 'object storage': region data must be accessible from another datanode",
    );
    await expect(failure.getByTestId('unmet-precondition')).toHaveText(
      'Precondition not met (step 10 of GreptimeDB’s checks): Datanodes keep region data on shared object storage (the procedure fails otherwise).',
    );
    await page.screenshot({ path: 'docs/screenshots/repartition-failed.png' });
    await page.keyboard.press('Escape');
    // Rolled back: the table keeps its three regions.
    await expect(grid.locator('tr[data-region-id]')).toHaveCount(3);
  });

  test('with MetaSrv GC disabled (v1.2), GreptimeDB refuses and the dialog quotes it', async ({
    page,
    cluster,
  }) => {
    await cluster.setRepartition({ gcEnabled: false });
    await openTable(page, TABLE_ID);
    const dialog = await writeSplit(page, "host >= 'e' AND host < 'ir'");
    await confirmWithName(dialog, 'Split region 4398046511104 into 2 partitions');

    const refusal = dialog.getByRole('alert', { name: 'GreptimeDB refused the statement' });
    await expect(refusal).toBeVisible({ timeout: 15_000 });
    await expect(refusal.getByTestId('greptime-reason')).toHaveText(
      'Invalid arguments: Repartition requires metasrv GC to be enabled, code: InvalidArguments, tonic code: Client specified an invalid argument',
    );
    await expect(refusal.getByTestId('unmet-precondition')).toContainText('MetaSrv GC is enabled');
  });
});
