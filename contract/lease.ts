/**
 * MetaSrv treats a datanode as alive while its lease is younger than
 * DATANODE_LEASE_SECS = REGION_LEASE_SECS = 3 heartbeats x 3 s + 1 = 10 s
 * (v0.7.2 src/common/meta/src/distributed_time_constants.rs).
 */
export const DATANODE_LEASE_MS = 10_000;

/** Ages are measured against MetaSrv's clock, never the browser's. */
export function isLeaseAlive(leaseTimestampMs: number, metasrvNowMs: number): boolean {
  return metasrvNowMs - leaseTimestampMs < DATANODE_LEASE_MS;
}
