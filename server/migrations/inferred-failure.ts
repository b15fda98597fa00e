/**
 * "Failed (inferred)" on the legacy API. MetaSrv v0.6/v0.7 gives no procedure state over HTTP,
 * so when the route still shows the source leading with no Downgraded mark, the console reasons
 * from the target's lease and heartbeat (target-evidence.ts) and from GreptimeDB's retry rules.
 * Each rule and its source is in README.md. Pure: follow-rules.ts calls it on each route read.
 */
import { formatHumantimeDuration } from '../../contract/duration.ts';
import {
  GIVE_UP_MARGIN_MS,
  OPEN_CANDIDATE_RETRY_BUDGET_MS,
  type TrackedMigration,
} from '../../contract/tracked-migration.ts';

const NO_PROCEDURE_STATE = 'MetaSrv gives no procedure state over HTTP.';

function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

function duration(ms: number): string {
  return formatHumantimeDuration(BigInt(Math.max(0, Math.round(ms))) * 1_000_000n);
}

/**
 * The latest a procedure that never downgraded the source could still change the route:
 * OpenCandidateRegion's whole retry budget, then every later step's own bound.
 */
export function lastPossibleRouteChangeMs(m: TrackedMigration): number {
  return m.submittedAtMs + OPEN_CANDIDATE_RETRY_BUDGET_MS + m.boundMs + GIVE_UP_MARGIN_MS;
}

/**
 * The whole "Failed (inferred): …" sentence when the evidence says the procedure cannot have
 * succeeded and has most likely ended, else null. Only for a route read showing the source
 * still leading, not Downgraded, and no Downgraded mark seen before.
 */
export function inferFailure(m: TrackedMigration, nowMs: number): string | null {
  if (m.sql !== undefined) return null;
  const { region_id: region, from_peer_id: source, to_peer_id: target } = m.request;
  const stays = `region ${region} stays on datanode ${source}`;
  const evidence = m.target;
  const lostAt = evidence?.leaseLostAtMs ?? null;
  const reportedAt = evidence?.reportedRegionAtMs ?? null;
  if (lostAt !== null) {
    // Rule 1: the lease expired, so the heartbeat stream had ended: OpenCandidateRegion and
    // UpgradeCandidateRegion then find no pusher, which is not retried.
    if (reportedAt === null) {
      return `Failed (inferred): datanode ${target} lost its lease at ${clockTime(lostAt)} and never reported the region; the route is unchanged, so ${stays}. ${NO_PROCEDURE_STATE}`;
    }
    return `Failed (inferred): datanode ${target} reported the region at ${clockTime(reportedAt)}, then lost its lease at ${clockTime(lostAt)}; the route shows datanode ${source} leading with no Downgraded mark, so the procedure failed or rolled back and ${stays}. ${NO_PROCEDURE_STATE}`;
  }
  // Rule 2: past OpenCandidateRegion's retry budget the procedure has left that step; without
  // a Downgraded mark it cannot have gone on to Downgrade.
  const elapsed = nowMs - m.submittedAtMs;
  if (elapsed > OPEN_CANDIDATE_RETRY_BUDGET_MS + GIVE_UP_MARGIN_MS) {
    const report =
      reportedAt === null
        ? `datanode ${target} never reported the region`
        : `datanode ${target} reported the region at ${clockTime(reportedAt)}`;
    return `Failed (inferred): ${duration(elapsed)} after submission the route still shows datanode ${source} leading with no Downgraded mark, past the ${duration(OPEN_CANDIDATE_RETRY_BUDGET_MS)} GreptimeDB allows OpenCandidateRegion to retry, and ${report}; ${stays}. ${NO_PROCEDURE_STATE}`;
  }
  return null;
}

/** The evidence in words, for a "not progressing" outcome; null when there is none. */
export function describeEvidence(m: TrackedMigration): string | null {
  const evidence = m.target;
  if (m.sql !== undefined || evidence === undefined) return null;
  const target = m.request.to_peer_id;
  const parts: string[] = [];
  if (evidence.leaseLostAtMs !== null) {
    parts.push(`datanode ${target} lost its lease at ${clockTime(evidence.leaseLostAtMs)}`);
  } else if (evidence.lastLeaseMs !== null) {
    parts.push(
      `datanode ${target} holds a lease (last heartbeat ${clockTime(evidence.lastLeaseMs)})`,
    );
  } else {
    parts.push(`the console has read no lease of datanode ${target}`);
  }
  parts.push(
    evidence.reportedRegionAtMs === null
      ? `datanode ${target} has not reported the region since submission`
      : `datanode ${target} reported the region at ${clockTime(evidence.reportedRegionAtMs)}`,
  );
  return `${parts.join('; ')}.`;
}
