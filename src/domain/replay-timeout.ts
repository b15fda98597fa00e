/**
 * The replay timeout the console sends with every migration. MetaSrv parses it with humantime
 * 2.1.0 (`parseHumantimeDuration` ports that parser), so what passes here passes there.
 */
import { parseHumantimeDuration } from '../../contract/duration';

/** GreptimeDB's region-migration docs use 5m; MetaSrv's own default (1 s) is short for a busy region. */
export const DEFAULT_REPLAY_TIMEOUT = '5m';

export type ReplayTimeoutCheck = { ok: true; ms: number } | { ok: false; message: string };

export function checkReplayTimeout(text: string): ReplayTimeoutCheck {
  if (text.trim() === '') {
    return { ok: false, message: 'Required: enter a duration such as 5m.' };
  }
  const parsed = parseHumantimeDuration(text);
  if (!parsed.ok) {
    return {
      ok: false,
      message: `MetaSrv would reject this: ${parsed.error}. Use a number with a unit, e.g. 5m, 90s, 1h 30m.`,
    };
  }
  return { ok: true, ms: Number(parsed.nanos / 1_000_000n) };
}
