import { DATANODE_LEASE_MS, isLeaseAlive } from '../../contract/lease';
import type { DatanodeLease } from './cluster-types';
import { formatDuration } from '../components/format-duration';

export type Liveness =
  | { kind: 'alive'; ageMs: number }
  | { kind: 'expired'; expiredForMs: number }
  /** A peer named in the route that MetaSrv holds no lease for at all. */
  | { kind: 'no-lease' };

/** Ages are differences of two MetaSrv timestamps, never the browser's clock. */
export function livenessOf(lease: DatanodeLease | undefined, metasrvNowMs: number): Liveness {
  if (lease === undefined) return { kind: 'no-lease' };
  const ageMs = metasrvNowMs - lease.timestampMs;
  if (isLeaseAlive(lease.timestampMs, metasrvNowMs)) return { kind: 'alive', ageMs };
  return { kind: 'expired', expiredForMs: ageMs - DATANODE_LEASE_MS };
}

export function describeLiveness(liveness: Liveness): string {
  switch (liveness.kind) {
    case 'alive':
      return `alive (last heartbeat ${formatDuration(liveness.ageMs)} ago)`;
    case 'expired':
      return `lease expired ${formatDuration(liveness.expiredForMs)} ago`;
    case 'no-lease':
      return 'no lease: MetaSrv has never heard from it';
  }
}
