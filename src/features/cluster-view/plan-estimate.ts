/**
 * How long a plan would take, from this cluster's own past: the median duration of its
 * migrations that finished as done, times the rounds the concurrency allows. Without such
 * history the only bound the console knows is the replay timeout per move, so that is what
 * the estimate says (an upper figure, named as such).
 */
import { parseHumantimeDuration } from '../../../contract/duration';
import type { TrackedMigration } from '../../../contract/tracked-migration';

export type PlanEstimate =
  | { kind: 'history'; medianMs: number; sampleCount: number; totalMs: number }
  | { kind: 'timeout'; perMoveMs: number; totalMs: number };

export function medianMs(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function estimatePlanDuration(
  migrations: readonly TrackedMigration[],
  moveCount: number,
  concurrency: number,
  replayTimeout: string,
): PlanEstimate | null {
  const rounds = Math.ceil(moveCount / Math.max(1, concurrency));
  const durations = migrations
    .filter((m) => m.outcome?.kind === 'done' && m.finishedAtMs !== null)
    .map((m) => (m.finishedAtMs ?? m.submittedAtMs) - m.submittedAtMs);
  const median = medianMs(durations);
  if (median !== null) {
    return {
      kind: 'history',
      medianMs: median,
      sampleCount: durations.length,
      totalMs: median * rounds,
    };
  }
  const parsed = parseHumantimeDuration(replayTimeout);
  if (!parsed.ok) return null;
  const perMoveMs = Number(parsed.nanos / 1_000_000n);
  return { kind: 'timeout', perMoveMs, totalMs: perMoveMs * rounds };
}

/** The datanodes a set of moves leaves and reaches, each sorted by id. */
export function movedDatanodes(moves: readonly { fromPeerId: string; toPeerId: string }[]): {
  sources: string[];
  targets: string[];
} {
  const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return {
    sources: [...new Set(moves.map((m) => m.fromPeerId))].sort(byId),
    targets: [...new Set(moves.map((m) => m.toPeerId))].sort(byId),
  };
}

/** "datanode 2" or "datanodes 0, 1 and 3". */
export function datanodeList(ids: readonly string[]): string {
  if (ids.length === 1) return `datanode ${ids[0] ?? ''}`;
  const head = ids.slice(0, -1).join(', ');
  return `datanodes ${head} and ${ids[ids.length - 1] ?? ''}`;
}
