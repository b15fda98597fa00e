/**
 * What legacy MetaSrv says about a migration's target datanode, beyond the route: its lease
 * (`/admin/node-lease`, API.md §1.7) and whether its heartbeat reports the region
 * (`/admin/heartbeat?addr=`, §1.8). The procedure opens a candidate region on the target in its
 * second step (OpenCandidateRegion), so the target's next heartbeat reports the region; a
 * target whose lease stops being renewed has lost its heartbeat stream, which fails the
 * procedure (follow-rules.ts, README.md). Bodies are outside input: lossless JSON and zod.
 */
import { z } from 'zod';
import { DATANODE_LEASE_MS } from '../../contract/lease.ts';
import type { TargetEvidence, TrackedMigration } from '../../contract/tracked-migration.ts';
import { adminPath } from '../proxy/endpoints.ts';
import type { LeaderReadResult } from './migration-tracker.ts';
import { parseLosslessJson } from '../../contract/lossless-json.ts';
import { IdSchema } from './route-evidence.ts';

type ReadFromLeader = (pathAndQuery: string) => Promise<LeaderReadResult>;

const MillisSchema = z.union([z.number().int(), z.bigint()]).transform((value) => Number(value));

const NodeLeasesSchema = z.array(
  z.object({
    name: z.object({ node_id: IdSchema }),
    lease: z.object({ timestamp_millis: MillisSchema, node_addr: z.string() }),
  }),
);

const StatsSchema = z.array(
  z.array(
    z.object({
      timestamp_millis: MillisSchema,
      addr: z.string(),
      region_stats: z.array(z.object({ id: IdSchema })),
    }),
  ),
);

export interface TargetLease {
  timestampMs: number;
  addr: string;
}

async function readBody(
  read: ReadFromLeader,
  pathAndQuery: string,
): Promise<{ body: unknown; dateMs: number | null }> {
  const answer = await read(pathAndQuery);
  if (answer.kind !== 'response' || answer.status !== 200) return { body: undefined, dateMs: null };
  const dateMs = answer.dateMs ?? null;
  try {
    return { body: parseLosslessJson(answer.body), dateMs };
  } catch {
    return { body: undefined, dateMs };
  }
}

/** One read of the leases: the target's (null when the leader holds none) and MetaSrv's now. */
export interface LeaseReading {
  lease: TargetLease | null;
  /** MetaSrv's clock at the answer, the one lease timestamps are on; null when not given. */
  metasrvNowMs: number | null;
}

/**
 * The target's lease as the MetaSrv leader holds it, or null when the read failed: absence
 * is then no evidence (e.g. right after a MetaSrv leader change).
 */
export async function readTargetLease(
  read: ReadFromLeader,
  targetPeerId: string,
): Promise<LeaseReading | null> {
  // Datanodes always register with cluster 0 in v0.6-v0.7 (API.md §1.6).
  const { body, dateMs } = await readBody(
    read,
    adminPath('/admin/node-lease', [['cluster_id', '0']]),
  );
  const parsed = NodeLeasesSchema.safeParse(body);
  if (!parsed.success) return null;
  const lease = parsed.data.find((l) => l.name.node_id === targetPeerId)?.lease;
  return {
    lease:
      lease === undefined ? null : { timestampMs: lease.timestamp_millis, addr: lease.node_addr },
    metasrvNowMs: dateMs,
  };
}

/**
 * The earliest stored heartbeat of `addr` later than `afterMs` that reports the region, or
 * null. Earlier entries prove nothing: the target may have held the region before.
 */
async function readRegionReport(
  read: ReadFromLeader,
  addr: string,
  regionId: string,
  afterMs: number,
): Promise<number | null> {
  const parsed = StatsSchema.safeParse(
    (await readBody(read, adminPath('/admin/heartbeat', [['addr', addr]]))).body,
  );
  if (!parsed.success) return null;
  const times = parsed.data
    .flat()
    .filter((stat) => stat.addr === addr && stat.timestamp_millis > afterMs)
    .filter((stat) => stat.region_stats.some((r) => r.id === regionId))
    .map((stat) => stat.timestamp_millis);
  return times.length === 0 ? null : Math.min(...times);
}

export function evidenceAtSubmission(lease: TargetLease | null): TargetEvidence {
  return {
    addr: lease?.addr ?? null,
    leaseAtSubmissionMs: lease?.timestampMs ?? null,
    lastLeaseMs: lease?.timestampMs ?? null,
    leaseLostAtMs: null,
    reportedRegionAtMs: null,
  };
}

/** A newer lease means the target heartbeats again: a lost lease is no longer evidence. */
export function withLease(
  evidence: TargetEvidence,
  lease: TargetLease | null,
  nowMs: number,
): TargetEvidence {
  const lastLeaseMs =
    lease === null
      ? evidence.lastLeaseMs
      : Math.max(lease.timestampMs, evidence.lastLeaseMs ?? lease.timestampMs);
  const expiresAtMs = lastLeaseMs === null ? null : lastLeaseMs + DATANODE_LEASE_MS;
  return {
    ...evidence,
    addr: lease?.addr ?? evidence.addr,
    lastLeaseMs,
    leaseLostAtMs: expiresAtMs !== null && nowMs >= expiresAtMs ? expiresAtMs : null,
  };
}

/** One evidence read while following: the lease, then (until seen) the region report. */
export async function observeTarget(
  record: TrackedMigration,
  read: ReadFromLeader,
  nowMs: () => number,
): Promise<TargetEvidence> {
  const before = record.target ?? evidenceAtSubmission(null);
  const reading = await readTargetLease(read, record.request.to_peer_id).catch(() => null);
  // Lease timestamps are on MetaSrv's clock, so their age is too: against the console's own
  // clock, a MetaSrv running ahead would keep a dead target's lease "alive" for as long.
  const evidence =
    reading === null ? before : withLease(before, reading.lease, reading.metasrvNowMs ?? nowMs());
  if (evidence.reportedRegionAtMs !== null || evidence.addr === null) return evidence;
  const reportedRegionAtMs = await readRegionReport(
    read,
    evidence.addr,
    record.request.region_id,
    record.submittedAtMs,
  ).catch(() => null);
  return { ...evidence, reportedRegionAtMs };
}
