/**
 * The regions each running datanode reports right now (what v1 heartbeats carry and
 * region_statistics shows): the regions it leads — `Leader(Downgrading)` while a migration has
 * downgraded it, `Leader(EnteringStaging)` / `Leader(Staging)` while a repartition stages it —
 * plus candidates it opened and sources still closing (`Follower`).
 */
import type { EmulatedCluster } from '../../model/cluster.ts';
import type { PhysicalTable, RegionRecord } from '../../model/types.ts';

/** `RegionRoleState::as_str` (src/mito2/src/region.rs@v1.1.4): region_info.state. */
export type RegionRoleState =
  | 'Leader(Writable)'
  | 'Leader(Downgrading)'
  | 'Leader(EnteringStaging)'
  | 'Leader(Staging)'
  | 'Follower';

/** The coarse `RegionRole` Display: region_statistics.region_role, region_info.role. */
export type ReportedRole = 'Leader' | 'Follower' | 'Leader(Downgrading)' | 'Leader(Staging)';

export const ROLE_OF_STATE: Record<RegionRoleState, ReportedRole> = {
  'Leader(Writable)': 'Leader',
  'Leader(Downgrading)': 'Leader(Downgrading)',
  'Leader(EnteringStaging)': 'Leader',
  'Leader(Staging)': 'Leader(Staging)',
  Follower: 'Follower',
};

export interface ReportedRegion {
  peerId: number;
  table: PhysicalTable;
  region: RegionRecord;
  state: RegionRoleState;
  role: ReportedRole;
}

export function reportedRegions(cluster: EmulatedCluster): ReportedRegion[] {
  const now = cluster.clock.now();
  const out: ReportedRegion[] = [];
  const running = (id: number) => cluster.datanodes.get(id)?.running === true;
  const seen = new Set<string>();
  const tables = [...cluster.allTables()].sort((a, b) => a.tableId - b.tableId);
  for (const table of tables) {
    if (table.kind !== 'physical') continue;
    for (const region of table.regions) {
      if (region.leaderPeerId === null || !running(region.leaderPeerId)) continue;
      seen.add(`${region.leaderPeerId}/${region.regionId}`);
      const state: RegionRoleState =
        region.leaderStatus !== null
          ? 'Leader(Downgrading)'
          : (cluster.repartition.regionInfoStateOf(region.regionId, now) ?? 'Leader(Writable)');
      out.push({ peerId: region.leaderPeerId, table, region, state, role: ROLE_OF_STATE[state] });
    }
  }
  for (const report of cluster.extraReports) {
    if (report.fromMs > now || (report.untilMs !== null && report.untilMs < now)) continue;
    const key = `${report.peerId}/${report.regionId}`;
    if (seen.has(key) || !running(report.peerId)) continue;
    const found = cluster.regionWithTable(report.regionId);
    if (found === undefined) continue;
    seen.add(key);
    out.push({
      peerId: report.peerId,
      table: found.table,
      region: found.region,
      state: 'Follower',
      role: 'Follower',
    });
  }
  return out;
}
