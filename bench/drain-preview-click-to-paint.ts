/**
 * "drain preview, click → painted" (issue 18): on the cluster view of the 100k-region,
 * 200-datanode cluster, "Drain a datanode" with its largest datanode (by the counts the
 * picker shows), then "Preview plan" pressed; the figure runs from that press to the planned
 * moves' rows painted. The page is loaded and its grid painted before anything is timed.
 */
import type { Browser } from '@playwright/test';
import { judged, scaleNote, settings } from './config.ts';
import { timeInputToPaint } from './input-to-paint.ts';
import { CLUSTER_GRID, CLUSTER_VIEW_PATH, VIEWPORT } from './pages.ts';
import { median, ms, regionCount, report } from './report.ts';

const TARGET_MS = 300;
const PAGE_TIMEOUT_MS = 180_000;
const PLANNED_MOVE_ROWS = 'table[aria-label="Planned moves"] tr[data-region-id]';
/** The picker's option text (src/features/cluster-view/plan-panel.tsx). */
const DRAIN_OPTION = /^datanode (\d+) \((\d+) regions\)$/;

interface DrainRun {
  elapsedMs: number;
  peerId: string;
  moves: number;
}

/** The datanode with the most regions in the picker's options; the first of equals. */
function largestDatanode(options: string[]): string {
  let largest: { peerId: string; count: number } | null = null;
  for (const option of options) {
    const match = DRAIN_OPTION.exec(option.trim());
    if (match?.[1] === undefined) continue;
    const count = Number(match[2]);
    if (largest === null || count > largest.count) largest = { peerId: match[1], count };
  }
  if (largest === null) throw new Error(`no datanode in the drain picker: ${options.join(', ')}`);
  return largest.peerId;
}

async function previewDrain(browser: Browser): Promise<DrainRun> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto(`${settings.base}${CLUSTER_VIEW_PATH}`);
    await page.locator(`${CLUSTER_GRID} [data-region-id]`).first().waitFor();
    // The path of e2e/cluster-view.spec.ts's previewDrain.
    await page.getByText('Drain a datanode').click();
    await page.getByRole('combobox', { name: 'Datanode to drain' }).click();
    // By name: the page's other selects have options too.
    const options = page.getByRole('option', { name: DRAIN_OPTION });
    await options.first().waitFor();
    const peerId = largestDatanode(await options.allTextContents());
    await page.getByRole('option', { name: new RegExp(`^datanode ${peerId} `) }).click();
    const preview = page.getByRole('button', { name: 'Preview plan' });
    const { elapsedMs } = await timeInputToPaint(page, 'pointerdown', PLANNED_MOVE_ROWS, () =>
      preview.click(),
    );
    const counted = await page.getByTestId('planned-moves-count').textContent();
    const moves = Number(/^([\d,]+) moves? planned/.exec(counted ?? '')?.[1]?.replace(/,/g, ''));
    return { elapsedMs, peerId, moves };
  } finally {
    await page.close();
  }
}

/** On the cluster the caller sized, with the console server it started. */
export async function benchDrainPreview(browser: Browser, regions: number, datanodes: number) {
  await previewDrain(browser); // warm-up: Chromium's code cache, the server's first reads
  const runs: DrainRun[] = [];
  for (let i = 0; i < settings.runs; i += 1) runs.push(await previewDrain(browser));
  const figure = median(runs.map((r) => r.elapsedMs));
  const last = runs[runs.length - 1];
  report(
    `drain preview, click → painted, ${regionCount(regions)} regions (${String(datanodes)} dn), ` +
      `datanode ${last?.peerId ?? '?'}: ${String(last?.moves ?? Number.NaN)} moves${scaleNote()}`,
    ms(figure),
    `≤ ${String(TARGET_MS)} ms`,
    judged(figure <= TARGET_MS),
  );
}
