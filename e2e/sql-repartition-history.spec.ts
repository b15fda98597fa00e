/**
 * Issue 17, History (GreptimeDB v1.2 emulator, SQL path): the Repartitions table merges the
 * console's own records with GreptimeDB's repartition events (greptime_private.events, API.md
 * §6.3, §7.6). A split submitted through the console is one row, joined by procedure id, with the
 * states the cluster recorded; a merge sent straight to the emulated frontend's `/v1/sql`, as any
 * other SQL client would send it, is listed "outside this console" with what the events record
 * (procedure id, table, partitions before and after, regions, state, time). Both are in the CSV
 * export. The merge is watched through the emulator's control API, not the console.
 * Table 1024 `monitor` of the seeded cluster: `host < ir`, `host >= ir AND host < ri`,
 * `host >= ri` on regions 4398046511104–106.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { z } from 'zod';
import { seriousAxeViolations } from './axe';
import { E2E_FRONTEND_AUTH, test, expect } from './fixtures';
import { openTable } from './grid-helpers';

const TABLE_ID = 1024;
const SPLIT_STATEMENT =
  "ALTER TABLE greptime.public.monitor SPLIT PARTITION (host < 'ir') INTO (host < 'e', host >= 'e' AND host < 'ir') WITH (WAIT = false)";
/** What another SQL client sends: not through the console. */
const OUTSIDE_MERGE =
  "ALTER TABLE monitor MERGE PARTITION (host >= 'ir' AND host < 'ri', host >= 'ri') WITH (WAIT = false)";
/** MetaSrv's event recorder flushes about every 5 s; the emulator's clock jumps past that. */
const EVENTS_FLUSH_MS = 6_000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** `WAIT = false` answers one `Procedure ID` column (API.md §7.1). */
const ProcedureIdAnswerSchema = z.object({
  output: z.tuple([
    z.object({ records: z.object({ rows: z.tuple([z.tuple([z.string().regex(UUID)])]) }) }),
  ]),
});

test.describe('repartition history', { tag: '@v1' }, () => {
  // Two procedures of several emulated seconds each, one after the other.
  test.slow();

  test('a repartition made outside the console is listed next to the console’s own, and exported', async ({
    page,
    cluster,
  }) => {
    // Through the console: split p0.
    await openTable(page, TABLE_ID);
    await page.getByRole('button', { name: 'Split partition…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Split a partition of public.monitor' });
    await dialog
      .getByLabel('Partition to split')
      .selectOption({ label: 'p0 · region 4398046511104 · host < ir' });
    await dialog.getByLabel('New expression 1').fill("host < 'e'");
    await dialog.getByLabel('New expression 2').fill("host >= 'e' AND host < 'ir'");
    await dialog.getByRole('button', { name: 'Review and confirm…' }).click();
    await dialog.getByLabel('Type the cluster’s name “default” to confirm').fill('default');
    await dialog
      .getByRole('button', { name: 'Split region 4398046511104 into 2 partitions' })
      .click();
    await expect(dialog.getByTestId('repartition-headline')).toHaveText(
      /^Done: split region 4398046511104/,
      { timeout: 15_000 },
    );
    const consoleProcedure = (await dialog.getByTestId('procedure-id').textContent()) ?? '';
    expect(consoleProcedure).toMatch(UUID);
    await page.keyboard.press('Escape');

    // Outside the console: another SQL client merges p1 and p2 on the frontend directly.
    const sent = await cluster.frontendSql(OUTSIDE_MERGE, E2E_FRONTEND_AUTH);
    expect(sent.status).toBe(200);
    const [[outsideProcedure]] = ProcedureIdAnswerSchema.parse(sent.body).output[0].records.rows;
    await expect
      .poll(async () => (await cluster.repartition(outsideProcedure)).status, { timeout: 15_000 })
      .toBe('Done');
    await cluster.setClock({ advanceMs: EVENTS_FLUSH_MS });

    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'History' })
      .click();
    await expect(page.getByTestId('repartition-events-available')).toBeVisible();
    const history = page.getByRole('table', { name: 'Repartition history' });

    // The merge from elsewhere: what GreptimeDB recorded, said to come from outside.
    const outside = history.locator('tr[data-source="cluster"]').filter({
      hasText: outsideProcedure,
    });
    await expect(outside).toHaveCount(1, { timeout: 15_000 });
    await expect(outside.getByRole('rowheader')).toHaveText('merge');
    await expect(outside).toContainText('public.monitor (1024)');
    const partitions = outside.getByTestId('partitions');
    await expect(partitions).toContainText('from host >= ir AND host < ri; host >= ri');
    await expect(partitions).toContainText('to host >= ir');
    await expect(outside).toContainText('4398046511105, 4398046511106 → 4398046511105');
    await expect(outside.getByTestId('event-states')).toContainText('Done (Succeeded)');
    // Nanosecond time, every digit shown.
    await expect(outside).toContainText(/T\d\d:\d\d:\d\d\.\d{9}Z/);
    await expect(outside.getByTestId('started-by')).toHaveText(
      'outside this console (reason manual, actor console)',
    );

    // The console's split: one row, its own record joined with the events.
    const mine = history.locator('tr').filter({ hasText: consoleProcedure });
    await expect(mine).toHaveCount(1);
    await expect(mine).toHaveAttribute('data-source', 'console+cluster');
    await expect(mine.getByRole('rowheader')).toHaveText('split');
    await expect(mine).toContainText(SPLIT_STATEMENT);
    await expect(mine.getByTestId('event-states')).toContainText('Running (Submitted)');
    await expect(mine.getByTestId('event-states')).toContainText('Done (Succeeded)');
    await expect(mine.getByTestId('started-by')).toHaveText(/^this console\b/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The export carries both, nanoseconds exact.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export repartitions CSV' }).click(),
    ]);
    const csv = Papa.parse<Record<string, string>>(
      fs.readFileSync(await csvDownload.path(), 'utf8'),
      { header: true, skipEmptyLines: true },
    );
    expect(csv.errors).toEqual([]);
    const outsideLines = csv.data.filter((line) => line.procedure_id === outsideProcedure);
    expect(outsideLines).toHaveLength(1);
    expect(outsideLines[0]).toMatchObject({
      source: 'cluster',
      kind: 'merge',
      table: 'public.monitor',
      from_partitions: 'host >= ir AND host < ri; host >= ri',
      to_partitions: 'host >= ir',
      outcome: 'done',
      actor: 'outside this console (reason manual, actor console)',
      statement: '',
    });
    expect(outsideLines[0]?.time_ns).toMatch(/^\d{19}$/);
    const consoleLines = csv.data.filter((line) => line.procedure_id === consoleProcedure);
    expect(consoleLines).toHaveLength(1);
    expect(consoleLines[0]).toMatchObject({
      source: 'console+cluster',
      kind: 'split',
      statement: SPLIT_STATEMENT,
      outcome: 'done',
    });
  });
});
