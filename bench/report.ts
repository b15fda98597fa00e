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

export const megabytes = (bytes: number, digits = 0) => `${(bytes / 2 ** 20).toFixed(digits)} MB`;

/** Where an end-to-end figure's time went: `route asked at 12 ms, answered at 340 ms`. */
export const answerTimes = (what: string, requestedMs: number, answeredMs: number) =>
  `${what} asked at ${ms(requestedMs)}, answered at ${ms(answeredMs)}`;

/** A figure over its floor, e.g. `1.84×`. */
export const ratio = (value: number) => `${value.toFixed(2)}×`;

/** `100k` for 100,000 regions; a count that is no whole thousand as it is. */
export const regionCount = (regions: number) =>
  regions % 1000 === 0 ? `${String(regions / 1000)}k` : String(regions);

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

/** The range of a figure's runs, `min–max`, printed beside its median. */
export function spread(values: number[], format: (value: number) => string): string {
  if (values.length === 0) return 'no runs';
  return `${format(Math.min(...values))}–${format(Math.max(...values))}`;
}
