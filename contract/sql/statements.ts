/**
 * Every SQL statement the console sends to a frontend, built from validated parameters
 * (contract/sql-path-contract.ts) through sql-literals.ts. Nothing here accepts SQL text.
 * Column lists are explicit where every SQL-path version has the columns, and `*` where the
 * set grew over versions (cluster_info, region_statistics, events): the browser reads rows
 * by column name and tolerates absent columns.
 */
import type { MaintenanceRequest, RegionMigrationSqlRequest } from '../sql-contract.ts';
import { EVENTS_ROW_LIMIT, SQL_ROW_LIMIT } from '../sql-contract.ts';
import type { SqlFacts } from '../greptime-version.ts';
import { objectNameText, sqlString, sqlUnsigned } from './sql-literals.ts';

/**
 * The `db` every statement runs in: admin functions live in catalog `greptime`, and
 * information_schema is readable from any schema.
 */
export const SQL_DB = 'greptime-public';

/** Region ids of table T are T << 32 | n: the table's regions are one id range. */
function regionIdRange(tableId: string): { first: string; end: string } {
  const table = BigInt(sqlUnsigned(tableId));
  return { first: (table << 32n).toString(), end: ((table + 1n) << 32n).toString() };
}

/** Version and role of every node; the frontend's version decides the statement forms. */
export const CLUSTER_VERSION_STATEMENT =
  'SELECT peer_type, peer_addr, version FROM information_schema.cluster_info';

/**
 * Region-migration procedures the MetaSrv leader knows (information_schema.procedure_info,
 * v0.9.4+, API.md §3.3); `lock_keys` is comma-joined and holds `__region_lock/<region id>`
 * (src/common/meta/src/lock_key.rs@v1.1.4).
 */
export const MIGRATION_PROCEDURES_STATEMENT =
  'SELECT procedure_id, status, lock_keys FROM information_schema.procedure_info ' +
  "WHERE procedure_type = 'metasrv-procedure::RegionMigration'";

export const CLUSTER_INFO_STATEMENT =
  'SELECT * FROM information_schema.cluster_info ORDER BY peer_type, peer_id';

export const TABLES_STATEMENT =
  'SELECT table_catalog, table_schema, table_name, table_id, table_type, engine ' +
  "FROM information_schema.tables WHERE table_type = 'BASE TABLE' " +
  `ORDER BY table_catalog, table_schema, table_name LIMIT ${SQL_ROW_LIMIT}`;

/** The one base table of that name, with its id (the finder's "open by name"). */
export function tableByNameStatement(catalog: string, schema: string, table: string): string {
  return (
    'SELECT table_catalog, table_schema, table_name, table_id, table_type, engine ' +
    `FROM information_schema.tables WHERE table_catalog = ${sqlString(catalog)} ` +
    `AND table_schema = ${sqlString(schema)} AND table_name = ${sqlString(table)} ` +
    "AND table_type = 'BASE TABLE'"
  );
}

/** One row per region peer (leader, and followers from v0.14), with the region's partition. */
export function tableRegionsStatement(tableId: string): string {
  const { first, end } = regionIdRange(tableId);
  return (
    'SELECT r.region_id, r.peer_id, r.peer_addr, r.is_leader, r.status, r.down_seconds, ' +
    'p.partition_name, p.partition_expression, p.partition_description ' +
    'FROM information_schema.region_peers r ' +
    'LEFT JOIN information_schema.partitions p ON p.greptime_partition_id = r.region_id ' +
    `WHERE r.region_id >= ${first} AND r.region_id < ${end} ` +
    `ORDER BY r.region_id, r.is_leader DESC LIMIT ${SQL_ROW_LIMIT}`
  );
}

/**
 * Tells a metric-engine logical table from a physical one (API.md §3.5): `partitions` lists a
 * logical table's regions under its own id, rebuilt from the physical route, and those ids are
 * not datanode regions, so region_statistics (what datanodes report) never has them. The rows
 * are this table's regions plus every reported metric region, with its leader, so the
 * physical table can be matched by region numbers and leaders. (API.md names no column that
 * links a logical table to its physical table over SQL.)
 */
export function metricTableRegionsStatement(tableId: string): string {
  return (
    'SELECT t.table_id, t.table_catalog, t.table_schema, t.table_name, ' +
    'p.greptime_partition_id AS region_id, r.peer_id, s.region_id AS reported_region_id ' +
    'FROM information_schema.tables t ' +
    'JOIN information_schema.partitions p ON p.table_catalog = t.table_catalog ' +
    'AND p.table_schema = t.table_schema AND p.table_name = t.table_name ' +
    'LEFT JOIN information_schema.region_peers r ' +
    "ON r.region_id = p.greptime_partition_id AND r.is_leader = 'Yes' " +
    'LEFT JOIN information_schema.region_statistics s ON s.region_id = p.greptime_partition_id ' +
    `WHERE t.engine = 'metric' AND (t.table_id = ${sqlUnsigned(tableId)} ` +
    'OR s.region_id IS NOT NULL) ' +
    `ORDER BY t.table_id, p.greptime_partition_id LIMIT ${SQL_ROW_LIMIT}`
  );
}

/**
 * Runtime state of one table's region replicas as each datanode reports them
 * (information_schema.region_info, v1.1+, API.md §3.5): `Leader(Downgrading)` during a
 * migration, `Leader(Staging)` during a repartition, `writable`.
 */
export function regionInfoStatement(tableId: string): string {
  return (
    'SELECT region_id, node_id, state, role, writable FROM information_schema.region_info ' +
    `WHERE table_id = ${sqlUnsigned(tableId)} ORDER BY region_id, node_id LIMIT ${SQL_ROW_LIMIT}`
  );
}

/**
 * Sizes and rows of every reported region, with the datanode that leads it: region_statistics
 * has no peer column, so region_peers' leader row names it (the datanodes panel sums per peer).
 * `fromRegionId` reads the page of rows from that region id on (keyset paging, for clusters
 * with more replicas than one statement's SQL_ROW_LIMIT).
 */
export function regionStatisticsStatement(
  tableId: string | undefined,
  fromRegionId?: string,
): string {
  const conditions = [
    ...(tableId === undefined ? [] : [`s.table_id = ${sqlUnsigned(tableId)}`]),
    ...(fromRegionId === undefined ? [] : [`s.region_id >= ${sqlUnsigned(fromRegionId)}`]),
  ];
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  return (
    'SELECT r.peer_id AS leader_peer_id, s.* FROM information_schema.region_statistics s ' +
    'LEFT JOIN information_schema.region_peers r ' +
    "ON r.region_id = s.region_id AND r.is_leader = 'Yes'" +
    `${where} ORDER BY s.region_id LIMIT ${SQL_ROW_LIMIT}`
  );
}

export function migrateRegionStatement(
  request: RegionMigrationSqlRequest,
  facts: Pick<SqlFacts, 'statementForm'>,
): string {
  const args = [request.region_id, request.from_peer_id, request.to_peer_id, request.timeout_secs]
    .map(sqlUnsigned)
    .join(', ');
  return `${facts.statementForm} migrate_region(${args})`;
}

export function procedureStateStatement(
  procedureId: string,
  facts: Pick<SqlFacts, 'statementForm'>,
): string {
  return `${facts.statementForm} procedure_state(${sqlString(procedureId)})`;
}

export function maintenanceStatement(
  request: MaintenanceRequest,
  facts: Pick<SqlFacts, 'statementForm'>,
): string {
  const call = (fn: string, args: string[]) => `${facts.statementForm} ${fn}(${args.join(', ')})`;
  switch (request.action) {
    case 'flush_region':
    case 'compact_region':
      return call(request.action, [sqlUnsigned(request.region_id)]);
    case 'flush_table':
      return call('flush_table', [sqlString(objectNameText([request.schema, request.table]))]);
    case 'compact_table': {
      const args = [sqlString(objectNameText([request.schema, request.table]))];
      if (request.strict_window === true) {
        args.push(sqlString('swcs'));
        if (request.window_secs !== undefined) {
          args.push(sqlString(`window=${sqlUnsigned(request.window_secs)}`));
        }
      }
      return call('compact_table', args);
    }
  }
}

/** Every region move the cluster recorded (v0.16+), newest first. */
export function migrationEventsStatement(tableId: string | undefined): string {
  const table = tableId === undefined ? '' : ` AND table_id = ${sqlUnsigned(tableId)}`;
  return (
    "SELECT * FROM greptime_private.events WHERE type = 'region_migration'" +
    `${table} ORDER BY timestamp DESC LIMIT ${EVENTS_ROW_LIMIT}`
  );
}

/**
 * Every repartition the cluster recorded (v1.2+, API.md §6.3, §7.6): the parent procedure's
 * `repartition` rows and its groups' `repartition_group` rows, newest first. `*` because the
 * table's columns are the union of the event types inserted so far (§6.1): naming a repartition
 * column fails on a cluster that has recorded only migrations. Null where the version writes no
 * repartition events (v1.1 and earlier, §6.2): there is nothing to read.
 */
export function repartitionEventsStatement(
  facts: Pick<SqlFacts, 'hasRepartitionEvents'>,
): string | null {
  if (!facts.hasRepartitionEvents) return null;
  return (
    "SELECT * FROM greptime_private.events WHERE type IN ('repartition', 'repartition_group') " +
    `ORDER BY timestamp DESC LIMIT ${EVENTS_ROW_LIMIT}`
  );
}
