/**
 * Which datanodes the migrate dialog offers as targets. Every known datanode is listed so the
 * user sees why one is missing: the current leader and datanodes without a live lease are
 * disabled, each with its reason. Liveness uses MetaSrv's clock (`metasrvNowMs`).
 */
import type { NodeLeases } from '../../domain/cluster-types';
import { describeLiveness, livenessOf } from '../../domain/datanode-liveness';

export interface TargetOption {
  peerId: string;
  addr: string;
  /** Null when the datanode can be chosen. */
  disabledReason: string | null;
  /** Shown under the label: the reason when disabled, the lease age otherwise. */
  description: string;
}

export function buildTargetOptions(
  leases: NodeLeases,
  currentLeaderPeerId: string | null,
  /** Peers the route names that may have no lease at all. */
  routePeers: ReadonlyArray<{ id: string; addr: string }> = [],
): TargetOption[] {
  const byId = new Map(leases.leases.map((lease) => [lease.peerId, lease]));
  const addrs = new Map<string, string>();
  for (const lease of leases.leases) addrs.set(lease.peerId, lease.addr);
  for (const peer of routePeers) if (!addrs.has(peer.id)) addrs.set(peer.id, peer.addr);

  return [...addrs.entries()]
    .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([peerId, addr]): TargetOption => {
      const liveness = livenessOf(byId.get(peerId), leases.metasrvNowMs);
      const livenessText = describeLiveness(liveness);
      if (peerId === currentLeaderPeerId) {
        return {
          peerId,
          addr,
          disabledReason: 'current leader',
          description: `current leader; ${livenessText}`,
        };
      }
      if (liveness.kind !== 'alive') {
        return { peerId, addr, disabledReason: livenessText, description: livenessText };
      }
      return { peerId, addr, disabledReason: null, description: livenessText };
    });
}

/**
 * After a "Failed (inferred)" outcome: the datanode a one-click retry goes to. An alive
 * datanode other than the failed target and the region's source (the lowest id, so the
 * choice is stable between refreshes); null when none is alive.
 */
export function pickRetryTarget(
  leases: NodeLeases,
  failedTargetPeerId: string,
  sourcePeerId: string,
): string | null {
  const alive = buildTargetOptions(leases, sourcePeerId).filter(
    (option) => option.disabledReason === null && option.peerId !== failedTargetPeerId,
  );
  return alive[0]?.peerId ?? null;
}
