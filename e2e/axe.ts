/**
 * The accessibility check every scanned page and dialog must pass: axe-core (through
 * @axe-core/playwright 4.13.0; 4.14 needs Node ≥ 22.12) with all its rules, and no violation
 * of serious or critical impact. Moderate and minor findings are not part of the bar.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending elements, as axe reports them. */
  targets: string[];
}

/** `include`: CSS selectors of the parts to scan (the whole page without). */
export async function seriousAxeViolations(
  page: Page,
  include: readonly string[] = [],
): Promise<AxeFinding[]> {
  const builder = new AxeBuilder({ page });
  for (const selector of include) builder.include(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
}
