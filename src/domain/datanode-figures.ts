/**
 * Per-datanode figures for the datanodes panel and the migrate picker, from whichever sources
 * the cluster has:
 * - leases (both generations): alive/expired and lease age, by MetaSrv's clock;
 * - the heartbeat summary (legacy): regions of this table and of the cluster, approximate
 *   bytes, and rows and read/write units only where the cluster reports them (legacy
 *   datanodes report 0). It counts only regions a datanode reports as Leader: a source
 *   datanode keeps reporting a moved region (as Follower) for a while;
 * - SQL path: cluster_info (version, role, uptime, last active) and region_statistics (disk,
 *   memtable, SST, index and manifest sizes and rows, summed over the regions each datanode
 *   leads; the region counts come from the same rows, so counts and sizes agree).
 */
import type { NodeLeases } from './cluster-types';
import type { RegionDistribution } from '../../contract/region-distribution';
import type { ClusterNode, RegionSize } from '../../contract/sql-types';
import { livenessOf, type Liveness } from './datanode-liveness';
import { formatBytes } from '../components/format-bytes';
import { formatCount } from '../components/format-count';

/** region_statistics summed over the regions a datanode leads; sizes in bytes. */
export interface StorageFigures {
  diskSize: number;
  memtableSize: number;
  sstSize: number;
  indexSize: number;
  manifestSize: number;
  rows: number;
}

export interface DatanodeFigures {
  peerId: string;
  addr: string;
  liveness: Liveness;
  /** Leader regions of the open table here (null without a table or without counts). */
  tableRegions: number | null;
  /** Leader regions here in the whole cluster; null when unknown. */
  clusterRegions: number | null;
  /** Heartbeat approximate bytes (legacy); null when unknown or when `storage` has sizes. */
  bytes: number | null;
  /** Heartbeat rows, only when the cluster reports any. */
  rows: number | null;
  /** Heartbeat read/write capacity units, only when the cluster reports any. */
  units: { read: number; write: number } | null;
  /** cluster_info's row of this datanode (SQL path). */
  node: ClusterNode | null;
  /** region_statistics sums (SQL path, v0.9.4+). */
  storage: StorageFigures | null;
}

export interface FigureSources {
  leases?: NodeLeases | undefined;
  /** Heartbeat summary; ignored when `sizes` are given. */
  summary?: RegionDistribution | undefined;
  nodes?: readonly ClusterNode[] | undefined;
  sizes?: readonly RegionSize[] | undefined;
}

function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Leader rows of region_statistics, one per region (a just-moved region may show twice). */
export function leaderSizes(sizes: readonly RegionSize[]): RegionSize[] {
  const byRegion = new Map<string, RegionSize>();
  for (const size of sizes) {
    const isLeaderRow = size.role === null || size.role.startsWith('Leader');
    if (isLeaderRow && size.leaderPeerId !== null && !byRegion.has(size.regionId)) {
      byRegion.set(size.regionId, size);
    }
  }
  return [...byRegion.values()];
}

interface SizeSums {
  tableRegions: number;
  clusterRegions: number;
  storage: StorageFigures;
}

function sumSizes(sizes: readonly RegionSize[], tableId: number | null): Map<string, SizeSums> {
  const sums = new Map<string, SizeSums>();
  for (const size of leaderSizes(sizes)) {
    const peerId = size.leaderPeerId ?? '';
    const sum = sums.get(peerId) ?? {
      tableRegions: 0,
      clusterRegions: 0,
      storage: { diskSize: 0, memtableSize: 0, sstSize: 0, indexSize: 0, manifestSize: 0, rows: 0 },
    };
    sum.clusterRegions += 1;
    if (size.tableId === tableId) sum.tableRegions += 1;
    sum.storage.diskSize += size.diskSize ?? 0;
    sum.storage.memtableSize += size.memtableSize ?? 0;
    sum.storage.sstSize += size.sstSize ?? 0;
    sum.storage.indexSize += size.indexSize ?? 0;
    sum.storage.manifestSize += size.manifestSize ?? 0;
    sum.storage.rows += size.rows ?? 0;
    sums.set(peerId, sum);
  }
  return sums;
}

const NO_STORAGE: StorageFigures = {
  diskSize: 0,
  memtableSize: 0,
  sstSize: 0,
  indexSize: 0,
  manifestSize: 0,
  rows: 0,
};

export function buildDatanodeFigures(
  { leases, summary, nodes, sizes }: FigureSources,
  tableId: number | null,
): DatanodeFigures[] {
  const datanodes = nodes?.filter((n) => n.peerType === 'DATANODE') ?? [];
  const addrs = new Map<string, string>();
  for (const lease of leases?.leases ?? []) addrs.set(lease.peerId, lease.addr);
  for (const node of datanodes) if (!addrs.has(node.peerId)) addrs.set(node.peerId, node.addr);
  const heartbeat = sizes === undefined ? summary : undefined;
  for (const dn of heartbeat?.datanodes ?? [])
    if (!addrs.has(dn.peerId)) addrs.set(dn.peerId, dn.addr);
  const table = tableId === null ? undefined : heartbeat?.tables.find((t) => t.tableId === tableId);
  const sums = sizes === undefined ? undefined : sumSizes(sizes, tableId);

  return [...addrs.entries()]
    .sort(([a], [b]) => compareDecimal(a, b))
    .map(([peerId, addr]): DatanodeFigures => {
      const lease = leases?.leases.find((l) => l.peerId === peerId);
      const liveness: Liveness =
        leases === undefined ? { kind: 'no-lease' } : livenessOf(lease, leases.metasrvNowMs);
      const node = datanodes.find((n) => n.peerId === peerId) ?? null;
      if (sums !== undefined) {
        const sum = sums.get(peerId);
        return {
          peerId,
          addr,
          liveness,
          tableRegions: tableId === null ? null : (sum?.tableRegions ?? 0),
          clusterRegions: sum?.clusterRegions ?? 0,
          bytes: null,
          rows: null,
          units: null,
          node,
          storage: sum?.storage ?? NO_STORAGE,
        };
      }
      const index = heartbeat?.datanodes.findIndex((dn) => dn.peerId === peerId) ?? -1;
      const stat = index >= 0 ? heartbeat?.datanodes[index] : undefined;
      return {
        peerId,
        addr,
        liveness,
        tableRegions:
          tableId === null || heartbeat === undefined
            ? null
            : (table?.datanodeIndexes.filter((i) => i === index).length ?? 0),
        clusterRegions: heartbeat === undefined ? null : (stat?.regionCount ?? 0),
        bytes: heartbeat === undefined ? null : (stat?.bytes ?? 0),
        rows: heartbeat?.rowsReported === true ? (stat?.rows ?? 0) : null,
        units:
          heartbeat?.unitsReported === true
            ? { read: stat?.readUnits ?? 0, write: stat?.writeUnits ?? 0 }
            : null,
        node,
        storage: null,
      };
    });
}

/**
 * One line for the migrate picker, beside each choice (the lease age is said separately):
 * regions of the open table and of the cluster, then sizes: region_statistics' disk size and
 * rows on the SQL path, approximate bytes on legacy, with rows and read/write units only where
 * the cluster reports them. Null while no counts are known.
 */
export function describeLoad(figures: DatanodeFigures | undefined): string | null {
  if (figures === undefined || figures.clusterRegions === null) return null;
  const regions =
    figures.tableRegions === null
      ? `${figures.clusterRegions} leader regions in the cluster`
      : `leader regions: ${figures.tableRegions} of this table, ${figures.clusterRegions} in the cluster`;
  const { storage, units } = figures;
  const parts =
    storage === null
      ? [
          figures.bytes === null ? null : `≈ ${formatBytes(figures.bytes)}`,
          figures.rows === null ? null : `${formatCount(figures.rows)} rows`,
          units === null ? null : `${units.read} RCU / ${units.write} WCU`,
        ]
      : [`disk ${formatBytes(storage.diskSize)}`, `${formatCount(storage.rows)} rows`];
  return [regions, ...parts].filter((p) => p !== null).join(' · ');
}
