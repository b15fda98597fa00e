/**
 * Datanode heartbeats, computed rather than simulated: a running datanode heartbeats at
 * epochMs + phaseMs + k * 3 s, so its lease and stat history at any instant follow from its
 * record and the current MetaSrv leader's start time. No timer per datanode is needed, which
 * keeps 200 datanodes cheap and makes a ManualClock exact.
 *
 * What the leader knows lives in its memory (v0.7.2 in-memory KV): heartbeats sent before it
 * became leader are unknown to it, so right after a failover leases and stats are missing until
 * each datanode's next heartbeat.
 */
import { HEARTBEAT_INTERVAL_MS } from './topology.ts';
import type { DatanodeRecord } from './types.ts';

/** v0.7.2 persist_stats_handler: MAX_CACHED_STATS_PER_KEY. */
export const STATS_BATCH = 10;

function lastIndexUpTo(dn: DatanodeRecord, upToMs: number): number {
  const end = dn.stoppedAtMs === null ? upToMs : Math.min(upToMs, dn.stoppedAtMs);
  return Math.floor((end - dn.epochMs - dn.phaseMs) / HEARTBEAT_INTERVAL_MS);
}

function firstIndexFrom(dn: DatanodeRecord, fromMs: number): number {
  return Math.max(0, Math.ceil((fromMs - dn.epochMs - dn.phaseMs) / HEARTBEAT_INTERVAL_MS));
}

export function heartbeatTime(dn: DatanodeRecord, index: number): number {
  return dn.epochMs + dn.phaseMs + index * HEARTBEAT_INTERVAL_MS;
}

/** The last heartbeat the leader (elected at leaderSinceMs) received, or null. */
export function lastHeartbeatSeen(
  dn: DatanodeRecord,
  leaderSinceMs: number,
  nowMs: number,
): number | null {
  const last = lastIndexUpTo(dn, nowMs);
  if (last < 0) return null;
  const t = heartbeatTime(dn, last);
  return t >= leaderSinceMs ? t : null;
}

/**
 * Times of the stat entries the leader has stored for this datanode. The leader stores the first
 * heartbeat it receives (of a datanode epoch) on its own, then caches heartbeats and overwrites
 * the stored value with all 10 once 10 have accumulated: so exactly 1 or exactly 10 entries.
 */
export function storedStatTimes(
  dn: DatanodeRecord,
  leaderSinceMs: number,
  nowMs: number,
  /** v1.1.4 keeps `flush_stats_factor` (3) entries instead of 10. */
  batch: number = STATS_BATCH,
): number[] {
  const first = firstIndexFrom(dn, leaderSinceMs);
  const last = lastIndexUpTo(dn, nowMs);
  const received = last - first + 1;
  if (received <= 0) return [];
  if (received <= batch) return [heartbeatTime(dn, first)];
  const flushedCount = 1 + batch * Math.floor((received - 1) / batch);
  const times: number[] = [];
  for (let j = flushedCount - batch; j < flushedCount; j += 1) {
    times.push(heartbeatTime(dn, first + j));
  }
  return times;
}
