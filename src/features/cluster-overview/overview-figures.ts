/**
 * The overview's figures of the whole cluster, from the same sources and rules as the cluster
 * view, so both pages say the same: datanodes (leases, MetaSrv's clock), leader regions and
 * their count and byte skew over the datanodes that hold regions or could take them
 * (domain/datanode-skew.ts), from our server's heartbeat summary.
 */
import type { RegionDistribution } from '../../../contract/region-distribution';
import type { NodeLeases } from '../../domain/cluster-types';
import { buildDatanodeFigures } from '../../domain/datanode-figures';
import { livenessOf } from '../../domain/datanode-liveness';
import { skewOverDatanodes } from '../../domain/datanode-skew';
import type { Skew } from '../../domain/planner/skew';

export interface OverviewFigures {
  /** Null while the leases are unknown. */
  datanodesAlive: number | null;
  /** Every datanode MetaSrv holds a lease or a heartbeat for. */
  datanodesTotal: number;
  regionCount: number;
  tableCount: number;
  countSkew: Skew;
  byteSkew: Skew;
}

export function overviewFigures(
  summary: RegionDistribution,
  leases: NodeLeases | undefined,
): OverviewFigures {
  const figures = buildDatanodeFigures({ leases, summary }, null);
  const weights = summary.datanodes.map((d) => ({
    // As the cluster view counts them: unreadable leases leave every datanode a candidate.
    canTakeRegions:
      leases === undefined ||
      livenessOf(
        leases.leases.find((l) => l.peerId === d.peerId),
        leases.metasrvNowMs,
      ).kind === 'alive',
    regionCount: d.regionCount,
    bytes: d.bytes,
  }));
  return {
    datanodesAlive:
      leases === undefined ? null : figures.filter((f) => f.liveness.kind === 'alive').length,
    datanodesTotal: figures.length,
    regionCount: summary.regionCount,
    tableCount: summary.tables.length,
    countSkew: skewOverDatanodes(weights.map((w) => ({ ...w, weight: w.regionCount }))),
    byteSkew: skewOverDatanodes(weights.map((w) => ({ ...w, weight: w.bytes }))),
  };
}
