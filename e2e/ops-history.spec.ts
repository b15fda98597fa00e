/**
 * Issue 4, "History": the history page lists migrations from the server's journal, and the
 * exports carry the same rows; the CSV neutralises a formula-like MetaSrv text. Issue 15: each
 * row names its actor and its plan run, in the page and in both exports.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { test, expect } from './fixtures';
import { openMigrateDialog } from './grid-helpers';

const TABLE_ID = 1024;
const INJECTED = '=HYPERLINK("http://evil.example","click")';

test('history lists a refused migration and exports it as JSON and neutralised CSV', async ({
  page,
  cluster,
}) => {
  const table = await cluster.table(TABLE_ID);
  const region = table.regions[3] ?? table.regions[0];
  if (!region || region.leaderPeerId === null) throw new Error('no led region');
  const target = [0, 1, 2, 3].find((id) => id !== region.leaderPeerId) ?? 0;
  // MetaSrv answers with a formula-like text (as an attacker-controlled name could make it).
  await cluster.injectFault({
    path: '/admin/region-migration',
    action: 'error',
    status: 500,
    body: INJECTED,
    times: 3,
  });
  const { dialog } = await openMigrateDialog(page, TABLE_ID, region.regionId);
  await dialog.getByRole('radio', { name: new RegExp(`Datanode ${target}\\b`) }).check();
  await dialog.getByRole('button', { name: /^Migrate region/ }).click();
  await expect(dialog.getByTestId('metasrv-text')).toHaveText(INJECTED);
  await page.keyboard.press('Escape');

  await page
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('link', { name: 'History' })
    .click();
  await expect(page).toHaveURL(/\/c\/default\/history$/);
  const history = page.getByRole('table', { name: 'Migration history' });
  const row = history.getByRole('row', { name: new RegExp(region.regionId) }).first();
  await expect(row).toContainText('refused by MetaSrv');
  await expect(row).toContainText(INJECTED);
  // Issue 15: the actor of a move started from the migrate dialog, and no plan run.
  await expect(history.getByRole('columnheader', { name: 'Plan run' })).toBeVisible();
  await expect(row.getByTestId('actor')).toHaveText(/^manual( \(.+\))?$/);
  await page.screenshot({ path: 'docs/screenshots/ops-history.png' });

  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const csv = Papa.parse<Record<string, string>>(
    fs.readFileSync(await csvDownload.path(), 'utf8'),
    { header: true },
  );
  expect(csv.errors).toEqual([]);
  expect(csv.meta.fields).toEqual([
    'time',
    'cluster',
    'region',
    'table',
    'from',
    'to',
    'replay_timeout',
    'procedure_id',
    'outcome',
    'detail',
    'duration_ms',
    'actor',
    'started_by',
    'plan_run',
    'id',
  ]);
  const csvRow = csv.data.find(
    (line) => line.region === region.regionId && line.detail?.includes('HYPERLINK') === true,
  );
  // The leading apostrophe makes a spreadsheet show MetaSrv's text instead of running it.
  expect(csvRow).toMatchObject({ outcome: 'refused by MetaSrv', detail: `'${INJECTED}` });
  expect(csvRow?.actor).toMatch(/^manual( \(.+\))?$/);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export JSON' }).click(),
  ]);
  const json: unknown = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8'));
  expect(json).toMatchObject({ clusterId: 'default' });
  const text = JSON.stringify(json);
  expect(text).toContain(region.regionId);
  expect(text).toContain('refused by MetaSrv');
  expect(text).toMatch(/"actor":"manual/);
});
