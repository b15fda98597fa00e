/** Table ids of the information_schema tables per version. */
import type { SqlApiVersion } from '../../model/types.ts';

/**
 * Every information_schema table GreptimeDB lists in catalog `greptime`, with its table id
 * (src/common/catalog/src/consts.rs; `information_schema.result@v1.1.4`: 38 tables, v1.2 adds
 * `flow_statistics`, API.md §3.5).
 */
const V11_TABLE_IDS: Record<string, number> = {
  tables: 3,
  columns: 4,
  engines: 5,
  column_privileges: 6,
  column_statistics: 7,
  build_info: 8,
  character_sets: 9,
  collations: 10,
  collation_character_set_applicability: 11,
  check_constraints: 12,
  events: 13,
  files: 14,
  schemata: 15,
  key_column_usage: 16,
  optimizer_trace: 17,
  parameters: 18,
  profiling: 19,
  referential_constraints: 20,
  routines: 21,
  schema_privileges: 22,
  table_privileges: 23,
  global_status: 25,
  session_status: 26,
  partitions: 28,
  region_peers: 29,
  table_constraints: 30,
  cluster_info: 31,
  views: 32,
  flows: 33,
  procedure_info: 34,
  region_statistics: 35,
  process_list: 36,
  ssts_manifest: 37,
  ssts_storage: 38,
  ssts_index_meta: 39,
  region_info: 41,
  table_semantics: 42,
  statistics: 43,
};

export const INFORMATION_SCHEMA_IDS: Record<SqlApiVersion, Record<string, number>> = {
  'v1.1': V11_TABLE_IDS,
  'v1.2': { ...V11_TABLE_IDS, flow_statistics: 45 },
};
