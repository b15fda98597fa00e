import { parseHumantimeDuration } from '../../contract/duration';

/**
 * Short, human durations for ages and elapsed times ("42 s", "3 min 5 s", "2 h 10 min").
 * Whole seconds are enough: ages here come from heartbeats and polls a second or more apart.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 48) return restMinutes === 0 ? `${hours} h` : `${hours} h ${restMinutes} min`;
  return `${Math.floor(hours / 24)} d`;
}

/** Elapsed time with one decimal under a minute, for a step-by-step timeline ("+2.4 s"). */
export function formatOffset(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 60_000) return `+${(clamped / 1000).toFixed(1)} s`;
  return `+${formatDuration(clamped)}`;
}

/**
 * A duration GreptimeDB prints in humantime (`2h 13s 587ms`, cluster_info's uptime), shortened
 * like every other duration on screen; text that is not humantime is shown as it came.
 */
export function shortenHumantime(text: string): string {
  const parsed = parseHumantimeDuration(text);
  return parsed.ok ? formatDuration(Number(parsed.nanos / 1_000_000n)) : text;
}
