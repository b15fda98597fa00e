/**
 * The rows of `information_schema.region_statistics` the hot-regions sampler reads (API.md §3.5),
 * as the console's statement returns them: `SELECT r.peer_id AS leader_peer_id, s.* …`
 * (contract/sql/statements.ts), each row keyed by column name by `SqlKeyedRowsSchema`
 * (contract/sql/sql-records.ts). Every load column is optional because the set grew over versions; which ones a
 * cluster lacks is reported so the page can name them instead of drawing zeros.
 *
 * Values arrive from the lossless JSON parser: u64 ids beyond 2^53 are bigint and become
 * decimal strings here; counters and sizes become numbers (a counter beyond 2^53 bytes loses
 * less than one part in 2^53 of a rate, which no chart shows).
 */
import { z } from 'zod';
import type { GreptimeVersion } from '../../contract/greptime-version.ts';
import { compareVersion } from '../../contract/greptime-version.ts';
import type { LoadColumn } from '../../contract/hot-regions.ts';
import { LOAD_COLUMNS } from '../../contract/hot-regions.ts';

// One predicate per value, no transforms: zod 4 runs a union's members, their checks and any
// transform per value, several times the cost of a predicate at 100k rows; `toReading` reshapes
// the checked row once. A number beyond 2^53 was rounded by whoever parsed it (the lossless
// parser gives bigint there), so it is refused rather than read as another region's id.
const U64IdSchema = z.custom<number | bigint>(
  (value) =>
    typeof value === 'bigint'
      ? value >= 0n
      : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
  'expected an unsigned integer',
);
const U32Schema = z.number().int().nonnegative().max(0xffff_ffff);
const CountSchema = z.custom<number | bigint>(
  (value) => (typeof value === 'bigint' ? value >= 0n : typeof value === 'number' && value >= 0),
  'expected a non-negative number',
);

/** A row as the wire gives it; absent and null columns alike are older versions' gaps. */
export const RawRegionLoadRowSchema = z.object({
  region_id: U64IdSchema,
  table_id: U32Schema,
  region_number: U32Schema,
  leader_peer_id: U64IdSchema.nullish(),
  region_rows: CountSchema.nullish(),
  written_bytes_since_open: CountSchema.nullish(),
  query_cpu_time_millis: CountSchema.nullish(),
  query_scanned_bytes: CountSchema.nullish(),
  region_role: z.string().nullish(),
});
type RawRegionLoadRow = z.infer<typeof RawRegionLoadRowSchema>;

export interface RegionLoadReading {
  /** Decimal u64. */
  regionId: string;
  tableId: number;
  regionNumber: number;
  /** The datanode leading the region (region_peers' leader row); null when it has none. */
  datanodeId: string | null;
  rows: number | null;
  writtenBytesSinceOpen: number | null;
  queryCpuMs: number | null;
  queryScannedBytes: number | null;
  role: string | null;
}

function countOf(value: number | bigint | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toReading(row: RawRegionLoadRow): RegionLoadReading {
  return {
    regionId: String(row.region_id),
    tableId: row.table_id,
    regionNumber: row.region_number,
    datanodeId:
      row.leader_peer_id === null || row.leader_peer_id === undefined
        ? null
        : String(row.leader_peer_id),
    rows: countOf(row.region_rows),
    writtenBytesSinceOpen: countOf(row.written_bytes_since_open),
    queryCpuMs: countOf(row.query_cpu_time_millis),
    queryScannedBytes: countOf(row.query_scanned_bytes),
    role: row.region_role ?? null,
  };
}

/**
 * Load columns per version, where API.md §3.5 lists them: v1.1 has 13 columns without the
 * query counters, v1.2 adds them (15). For older versions (the table exists since v0.9.4
 * "with fewer columns", v1.0 included) API.md gives no list: null, and the rows decide.
 */
export function documentedLoadColumns(version: GreptimeVersion): readonly LoadColumn[] | null {
  if (compareVersion(version, 1, 2, 0) >= 0) return LOAD_COLUMNS;
  if (compareVersion(version, 1, 1, 0) >= 0) return ['written_bytes_since_open', 'region_rows'];
  return null;
}

export interface RegionLoadRows {
  /** One reading per region id: its leader's row (see `pickLeaderRows`), in answer order. */
  readings: Map<string, RegionLoadReading>;
  /** Load columns the answer lacks, to be named on the page. */
  missingColumns: LoadColumn[];
  /** Rows that did not pass the schema (counted, not trusted). */
  rejectedRows: number;
}

/**
 * region_role text (API.md §3.5): a region has one row per replica, and the console's join puts
 * the *leader's* datanode on every one of them, so only leader rows can be attributed. During a
 * migration the old leader reports `Leader(Downgrading)` beside the new one: the rank prefers
 * the region's current leader.
 */
const LEADER_ROLE_RANK: ReadonlyMap<string, number> = new Map([
  ['Leader', 3],
  ['Leader(Staging)', 2],
  ['Leader(Downgrading)', 1],
]);

/** Below every leader role, above followers: an answer without region_role cannot say. */
const UNKNOWN_ROLE_RANK = 0.5;

function roleRank(role: string | null): number {
  if (role === null) return UNKNOWN_ROLE_RANK;
  return LEADER_ROLE_RANK.get(role) ?? 0;
}

function pickLeaderRows(readings: RegionLoadReading[]): Map<string, RegionLoadReading> {
  const byRegion = new Map<string, RegionLoadReading>();
  for (const reading of readings) {
    const rank = roleRank(reading.role);
    if (rank === 0) continue;
    const kept = byRegion.get(reading.regionId);
    if (kept === undefined || rank > roleRank(kept.role)) byRegion.set(reading.regionId, reading);
  }
  return byRegion;
}

/**
 * Rows keyed by column name -> one reading per region and the load columns absent from the
 * answer. The envelope keys every row by every column of the answer, so a column is present
 * when the first row has its key; an empty answer falls back to API.md's list for the version.
 */
export function parseRegionLoadRows(
  records: ReadonlyArray<Record<string, unknown>>,
  version: GreptimeVersion,
): RegionLoadRows {
  const parsed: RegionLoadReading[] = [];
  let rejectedRows = 0;
  for (const record of records) {
    const result = RawRegionLoadRowSchema.safeParse(record);
    if (result.success) parsed.push(toReading(result.data));
    else rejectedRows += 1;
  }
  const [first] = records;
  // An empty answer of a version API.md lists no columns for claims nothing missing.
  const present =
    first === undefined
      ? (documentedLoadColumns(version) ?? LOAD_COLUMNS)
      : LOAD_COLUMNS.filter((column) => column in first);
  return {
    readings: pickLeaderRows(parsed),
    missingColumns: LOAD_COLUMNS.filter((column) => !present.includes(column)),
    rejectedRows,
  };
}
