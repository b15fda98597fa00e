/**
 * The figures: each is printed as it is measured, and all of them again at the end as a
 * Markdown table (the README's benchmark section quotes it).
 */

interface Row {
  figure: string;
  value: string;
  target: string;
  met: string;
}
const rows: Row[] = [];

/** `met`: null when the figure has no target. */
export function report(figure: string, value: string, target = '—', met: boolean | null = null) {
  rows.push({ figure, value, target, met: met === null ? '—' : met ? 'yes' : 'NO' });
  console.log(`  ${figure}: ${value}`);
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export const median = (values: number[]) => quantile(values, 0.5);

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export function printReport(heading: string): void {
  console.log(`\n${heading}\n`);
  const widths = (['figure', 'value', 'target', 'met'] as const).map((k) =>
    Math.max(k.length, ...rows.map((r) => r[k].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(['figure', 'value', 'target', 'met']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line([r.figure, r.value, r.target, r.met]));
}
