/**
 * Values read from the SQL path about regions at run time: their state as datanodes report it,
 * and which metric-engine regions are real (reported) ones. Browser and server both read them.
 */

/** The `state` values of information_schema.region_info (`RegionRoleState::as_str`, API.md §3.5). */
export const REGION_INFO_STATES = [
  'Follower',
  'Leader(Writable)',
  'Leader(Staging)',
  'Leader(EnteringStaging)',
  'Leader(Altering)',
  'Leader(Dropping)',
  'Leader(Truncating)',
  'Leader(Editing)',
  'Leader(Downgrading)',
] as const;

/** One region replica as a datanode reports it in information_schema.region_info (v1.1+). */
export interface RegionState {
  regionId: string;
  /** The reporting datanode; null when region_info leaves it empty. */
  nodeId: string | null;
  /** `Leader(Downgrading)`, `Leader(Writable)`, …; a value newer versions add is kept as is. */
  state: string;
  /** The coarse role: `Leader`, `Follower`, `Leader(Staging)`, `Leader(Downgrading)`. */
  role: string;
  isWritable: boolean;
}

/** One region of a metric-engine table (sql-metric-table-regions). */
export interface MetricRegion {
  tableId: number;
  catalog: string;
  schema: string;
  name: string;
  regionId: string;
  /** The leader's datanode id from region_peers; null without a leader. */
  leaderPeerId: string | null;
  /** Whether a datanode reports this region (region_statistics): logical ids never are. */
  isReported: boolean;
}
