/**
 * What an operator waits for: from their input (Enter pressed, a mouse button pressed) to the
 * 2nd requestAnimationFrame after the rows they asked for are in the DOM. Both ends are read on
 * the page's own clock (performance.now), so the bench's process and Playwright's round trips
 * are not in the figure.
 */
import type { Page } from '@playwright/test';
import { z } from 'zod';

/** Enter in the table id field; a pointer press on a link or button. */
export type OperatorInput = 'enter' | 'pointerdown';

/** A page of 100k rows on a loaded machine. */
const PAINT_TIMEOUT_MS = 180_000;

const ProbeSchema = z.object({ startedAt: z.number(), paintedAt: z.number() });
const ResourceSchema = z.object({ startTime: z.number(), responseEnd: z.number() }).nullable();

/**
 * Installed just before the input, as a string: tsx's transform would wrap a function's
 * helpers in a `__name` that does not exist in the page. Fails if the rows are already there,
 * so that a figure can never time rows shown before the input.
 */
function armProbe(input: OperatorInput, rows: string): string {
  const event = input === 'enter' ? 'keydown' : 'pointerdown';
  return `(() => {
  const rows = ${JSON.stringify(rows)};
  if (document.querySelector(rows) !== null) throw new Error('rows shown before the input: ' + rows);
  const probe = {};
  window.__inputToPaint = probe;
  // The default 250 entries can be spent by the page's polling before the answer comes.
  performance.setResourceTimingBufferSize(100000);
  addEventListener(${JSON.stringify(event)}, (e) => {
    if (${String(input === 'enter')} && e.key !== 'Enter') return;
    if (probe.startedAt === undefined) probe.startedAt = performance.now();
  }, { capture: true });
  const observer = new MutationObserver(() => {
    if (document.querySelector(rows) === null) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      probe.paintedAt = performance.now();
    }));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;
}

declare global {
  interface Window {
    __inputToPaint?: { startedAt?: number; paintedAt?: number };
  }
}

export interface InputToPaint {
  /** From the input to the rows painted. */
  elapsedMs: number;
  /**
   * From the input to the request for the answer the view is drawn from, and to its end
   * (Resource Timing startTime and responseEnd): where the figure's time goes. NaN without
   * `resource`.
   */
  requestedMs: number;
  answeredMs: number;
}

/**
 * Playwright evaluates its own helper script in the page the first time `waitForFunction` is
 * called there: 15–45 ms of main-thread work (an EvaluateScript in a Chromium trace) that
 * landed inside the timed window. Called once before the input, it happens outside it.
 */
export async function primeWaitForFunction(page: Page): Promise<void> {
  await page.waitForFunction(() => true);
}

/**
 * From `input`, made by `act`, to `rows` painted; `resource` (a part of its URL, e.g.
 * `/cluster-summary`) names the answer whose arrival splits the figure.
 */
export async function timeInputToPaint(
  page: Page,
  input: OperatorInput,
  rows: string,
  act: () => Promise<void>,
  resource?: string,
): Promise<InputToPaint> {
  await page.evaluate(armProbe(input, rows));
  await primeWaitForFunction(page);
  await act();
  // A function, not a string: the console's CSP has no 'unsafe-eval' for a string predicate.
  await page.waitForFunction(() => window.__inputToPaint?.paintedAt !== undefined, undefined, {
    timeout: PAINT_TIMEOUT_MS,
  });
  const probe = ProbeSchema.safeParse(await page.evaluate('window.__inputToPaint'));
  if (!probe.success) throw new Error(`no ${input} seen before ${rows} were painted`);
  const { startedAt, paintedAt } = probe.data;
  const elapsedMs = paintedAt - startedAt;
  if (resource === undefined) return { elapsedMs, requestedMs: Number.NaN, answeredMs: Number.NaN };
  const entry = ResourceSchema.parse(
    await page.evaluate(`performance.getEntriesByType('resource')
  .filter((e) => e.name.includes(${JSON.stringify(resource)}) && e.startTime >= ${String(startedAt)})
  .map((e) => ({ startTime: e.startTime, responseEnd: e.responseEnd }))
  .at(0) ?? null`),
  );
  if (entry === null) throw new Error(`no ${resource} answer after the ${input}`);
  return {
    elapsedMs,
    requestedMs: entry.startTime - startedAt,
    answeredMs: entry.responseEnd - startedAt,
  };
}
