/**
 * `humantime::format_duration` of whole milliseconds (the uptime/active_time strings of
 * cluster_info, the `timeout` in events payloads): the contract's formatter, which the console
 * uses too, so the emulator and the console can never disagree on the grammar.
 */
import { formatHumantimeDuration } from '../../contract/duration.ts';

export function formatHumantime(ms: number): string {
  return formatHumantimeDuration(BigInt(Math.max(0, Math.floor(ms))) * 1_000_000n);
}
