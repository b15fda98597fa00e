/**
 * The replay timeout the console sends with every migration. MetaSrv parses it with humantime
 * 2.1.0 (`parseHumantimeDuration` ports that parser), so what passes here passes there.
 */
import { parseHumantimeDuration } from '../../domain/duration';

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

const DOWNGRADE_SLOW_PATH_MS = 10_000;
const UPGRADE_TRIES = 3;
const PER_TRY_EXTRA_MS = 1_000;
/** Open-candidate round trip, retry pauses and polling lag. */
const MARGIN_MS = 15_000;

/**
 * How long the procedure can legitimately take (API.md §2): the leader downgrade may wait out
 * a 10 s lease, then up to 3 upgrade tries of (replay timeout + 1 s) each. Past this, if the
 * route still shows no outcome, the procedure is not progressing.
 */
export function procedureBoundMs(replayTimeoutMs: number): number {
  return DOWNGRADE_SLOW_PATH_MS + UPGRADE_TRIES * (replayTimeoutMs + PER_TRY_EXTRA_MS) + MARGIN_MS;
}
