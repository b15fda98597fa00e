/**
 * `humantime::format_duration` (the uptime/active_time strings of cluster_info, the `timeout`
 * in events payloads): years/months/days with plural words, then h, m, s, ms, us, ns; zero
 * parts omitted; `0s` for zero.
 */
const UNITS: [number, string, boolean][] = [
  [31_557_600_000, 'year', true],
  [2_630_016_000, 'month', true],
  [86_400_000, 'day', true],
  [3_600_000, 'h', false],
  [60_000, 'm', false],
  [1_000, 's', false],
  [1, 'ms', false],
];

export function formatHumantime(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [size, unit, plural] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n === 0) continue;
    parts.push(plural ? `${n}${unit}${n === 1 ? '' : 's'}` : `${n}${unit}`);
  }
  return parts.join(' ');
}
