/**
 * What a GreptimeDB version means for the SQL path (API.md §0, §3). The server builds its
 * statements from these facts and the browser labels its fields with them, so both read the
 * same table. Versions are compared as numbers: `0.9.10` is after `0.9.4`.
 */

export interface GreptimeVersion {
  major: number;
  minor: number;
  patch: number;
  /** As the cluster wrote it, without a leading `v` (e.g. `1.1.4`, `0.9.3-nightly`). */
  text: string;
}

const VERSION_TEXT = /^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})(?:[-+][0-9A-Za-z.-]{1,64})?$/;

/** `1.1.4`, `v0.9.3`, `0.10.0-nightly-20240801`; anything else is null. */
export function parseGreptimeVersion(text: string): GreptimeVersion | null {
  const match = VERSION_TEXT.exec(text.trim());
  if (match === null) return null;
  const [, major = '', minor = '', patch = ''] = match;
  return {
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    text: text.trim().replace(/^v/, ''),
  };
}

/** Negative, zero or positive as `version` is before, at or after `major.minor.patch`. */
export function compareVersion(
  version: GreptimeVersion,
  major: number,
  minor: number,
  patch: number,
): number {
  return version.major - major || version.minor - minor || version.patch - patch;
}

function atLeast(version: GreptimeVersion, major: number, minor: number, patch = 0): boolean {
  return compareVersion(version, major, minor, patch) >= 0;
}

/** The 4th argument of migrate_region: its meaning changed in v0.9.4 (API.md §3.2). */
export interface MigrateTimeoutArgument {
  meaning: 'replay' | 'overall';
  /** What the cluster uses when the argument is omitted. */
  defaultSeconds: number;
}

export interface SqlFacts {
  /** `SELECT migrate_region(...)` up to v0.9.2, `ADMIN migrate_region(...)` from v0.9.3. */
  statementForm: 'SELECT' | 'ADMIN';
  timeoutArgument: MigrateTimeoutArgument;
  /** v0.15+: migrating to the current leader is an error, before it returned null. */
  isAlreadyMigratedAnError: boolean;
  /** v0.14+: region_peers has follower rows and table_catalog/schema/name columns. */
  hasRegionPeerFollowers: boolean;
  /** Leader status text of a demoted leader in region_peers (renamed in v0.9.4). */
  downgradedStatus: 'DOWNGRADED' | 'DOWNGRADING';
  /** information_schema.region_statistics exists from v0.9.4. */
  hasRegionStatistics: boolean;
  /** information_schema.region_info (region states, writable) exists from v1.1.0. */
  hasRegionInfo: boolean;
  /** greptime_private.events records every region move from v0.16. */
  hasEvents: boolean;
  /**
   * Repartitions write `repartition` / `repartition_group` events from v1.2 (API.md §6.2,
   * §7.6: v0.16 → v1.1.4 record region migrations only).
   */
  hasRepartitionEvents: boolean;
  /** MetaSrv's admin API moved to its HTTP port (4000) in v0.16; the leader still reports 3002. */
  isMetasrvAdminOnHttpPort: boolean;
  /** `/admin/maintenance` exists from v0.7.2; v0.16 added `/status`, `/enable`, `/disable`. */
  maintenanceApi: 'legacy-query' | 'status-enable-disable';
  /**
   * Up to v0.9, migration needs remote (Kafka) WAL and shared object storage; v0.9.4 began
   * migrating local-WAL regions ("feat: migrate local WAL regions"), and the docs drop the
   * requirement from v0.10, so the dialog states it only below that.
   */
  needsRemoteWalForMigration: boolean;
}

/** Facts of a version on the SQL path (v0.8.0 and later). */
export function sqlFacts(version: GreptimeVersion): SqlFacts {
  let timeoutArgument: MigrateTimeoutArgument = { meaning: 'replay', defaultSeconds: 10 };
  if (atLeast(version, 0, 14)) timeoutArgument = { meaning: 'overall', defaultSeconds: 300 };
  else if (atLeast(version, 0, 9, 4)) timeoutArgument = { meaning: 'overall', defaultSeconds: 30 };
  return {
    statementForm: atLeast(version, 0, 9, 3) ? 'ADMIN' : 'SELECT',
    timeoutArgument,
    isAlreadyMigratedAnError: atLeast(version, 0, 15),
    hasRegionPeerFollowers: atLeast(version, 0, 14),
    downgradedStatus: atLeast(version, 0, 9, 4) ? 'DOWNGRADING' : 'DOWNGRADED',
    hasRegionStatistics: atLeast(version, 0, 9, 4),
    hasRegionInfo: atLeast(version, 1, 1),
    hasEvents: atLeast(version, 0, 16),
    hasRepartitionEvents: atLeast(version, 1, 2),
    isMetasrvAdminOnHttpPort: atLeast(version, 0, 16),
    maintenanceApi: atLeast(version, 0, 16) ? 'status-enable-disable' : 'legacy-query',
    needsRemoteWalForMigration: !atLeast(version, 0, 10),
  };
}

/** True for versions served by the SQL path; v0.7.x also has SQL but keeps the HTTP API. */
export function isSqlGenerationVersion(version: GreptimeVersion): boolean {
  return atLeast(version, 0, 8);
}
