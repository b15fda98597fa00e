/**
 * When GreptimeDB can repartition, and what it checks before and while doing it, in its order
 * (API.md §0, §7.2, §7.3), with its exact error texts. The browser shows the list and checks
 * what it can before sending; the server refuses what it knows will fail; the emulator answers
 * with the same texts.
 */
import { compareVersion, sqlFacts } from '../greptime-version.ts';
import type { GreptimeVersion } from '../greptime-version.ts';

export interface RepartitionFacts {
  /** `ALTER TABLE … SPLIT / MERGE PARTITION` exists (v1.0.0-rc.1+, API.md §0). */
  canSplitAndMerge: boolean;
  /** v1.2: every repartition fails unless MetaSrv GC is enabled (API.md §7.2 step 9). */
  requiresMetasrvGc: boolean;
  /** v1.2: `repartition` / `repartition_group` rows in greptime_private.events (§7.6). */
  writesEvents: boolean;
}

const FIRST_RELEASE_CANDIDATE = /^1\.0\.0-rc\.([1-9]\d*)/;

export function repartitionFacts(version: GreptimeVersion): RepartitionFacts {
  const isPrerelease = /^\d+\.\d+\.\d+-/.test(version.text);
  // 1.0.0's betas came before the parser had SPLIT; rc.1 is the first tag with it.
  const since10 =
    compareVersion(version, 1, 0, 0) > 0 ||
    (compareVersion(version, 1, 0, 0) === 0 &&
      (!isPrerelease || FIRST_RELEASE_CANDIDATE.test(version.text)));
  const since12 = compareVersion(version, 1, 2, 0) >= 0;
  return {
    canSplitAndMerge: since10,
    requiresMetasrvGc: since12,
    writesEvents: sqlFacts(version).hasRepartitionEvents,
  };
}

/** `SubmitDdlTaskRequest::default_timeout` (API.md §7.1): the whole procedure's budget. */
export const REPARTITION_DEFAULT_TIMEOUT_MS = 60_000;

/** What the frontend appends to an error that crossed the gRPC hop to MetaSrv (API.md §3.2). */
export const META_CLIENT_INVALID_ARGUMENTS_SUFFIX =
  ', code: InvalidArguments, tonic code: Client specified an invalid argument';

/** GreptimeDB's texts (API.md §7.2, §7.3); `table` is `<catalog>.<schema>.<table>`. */
export const repartitionErrors = {
  schemaReadOnly: (schema: string) => `Schema \`${schema}\` is read-only`,
  tableNotFound: (table: string) => `Table not found: ${table}`,
  logicalTable: () => 'Not supported: REPARTITION on logical tables',
  noPartitionColumns: (table: string) =>
    `Invalid partition rule: table ${table} does not have partition columns, cannot repartition`,
  columnNotFound: (column: string) => `Cannot find column by name: ${column}`,
  expressionNotFound: (expr: string, table: string) =>
    `Invalid partition rule: partition expression '${expr}' does not exist in table ${table}`,
  invalidWait: (value: string) => `Invalid SQL, error: invalid DDL option 'wait': '${value}'`,
  invalidTimeout: (value: string, humantimeError: string) =>
    `Invalid SQL, error: invalid DDL option 'timeout': '${value}': ${humantimeError}`,
  unknownOption: (key: string) => `Unrecognized table option key: ${key}`,
  standalone: () => 'Repartition procedure is not supported in standalone mode',
  /** As sqlness prints it; `/v1/sql` appends META_CLIENT_INVALID_ARGUMENTS_SUFFIX. */
  metasrvGcDisabled: () => 'Invalid arguments: Repartition requires metasrv GC to be enabled',
  /** `region` is the RegionId Display `<u64>(<table_id>, <region_number>)`. */
  objectStorageRequired: (region: string) =>
    `Region ${region} does not satisfy requirement 'object storage': region data must be accessible from another datanode`,
  groupsFailed: (tableId: number, failed: number, unknown: number) =>
    `Unexpected, violated: Repartition groups failed or became unknown, table_id: ${tableId}, failed: ${failed}, unknown: ${unknown}`,
  deadlineExceeded: (operation: string) => `Exceeded deadline, operation: ${operation}`,
};

export type RepartitionPreconditionId =
  | 'schema-writable'
  | 'table-exists'
  | 'physical-table'
  | 'partition-columns'
  | 'source-expressions-exist'
  | 'rule-covers-once'
  | 'options-valid'
  | 'cluster-mode'
  | 'metasrv-gc'
  | 'object-storage'
  | 'table-lock';

export interface RepartitionPrecondition {
  id: RepartitionPreconditionId;
  /** The step number in API.md §7.2 (the order GreptimeDB checks them in). */
  step: number;
  checkedBy: 'frontend' | 'metasrv' | 'procedure';
  /** `[major, minor]` of the first version that checks it. */
  since: readonly [number, number];
  /** GreptimeDB's status code and HTTP status on `/v1/sql`; null where API.md does not say. */
  code: number | null;
  httpStatus: number | null;
  /** The error as API.md writes it, placeholders in angle brackets. */
  error: string;
  /** True when the console checks it from information_schema before sending. */
  isCheckedBeforeSending: boolean;
  summary: string;
}

export const REPARTITION_PRECONDITIONS: readonly RepartitionPrecondition[] = [
  {
    id: 'schema-writable',
    step: 1,
    checkedBy: 'frontend',
    since: [1, 0],
    code: null,
    httpStatus: null,
    error: repartitionErrors.schemaReadOnly('<schema>'),
    isCheckedBeforeSending: false,
    summary: 'The schema is not read-only.',
  },
  {
    id: 'table-exists',
    step: 2,
    checkedBy: 'frontend',
    since: [1, 0],
    code: 4001,
    httpStatus: 400,
    error: repartitionErrors.tableNotFound('<catalog>.<schema>.<table>'),
    isCheckedBeforeSending: true,
    summary: 'The table exists.',
  },
  {
    id: 'physical-table',
    step: 3,
    checkedBy: 'frontend',
    since: [1, 0],
    code: 1001,
    httpStatus: 400,
    error: repartitionErrors.logicalTable(),
    isCheckedBeforeSending: true,
    summary: 'It is not a metric-engine logical table (its physical table can be repartitioned).',
  },
  {
    id: 'partition-columns',
    step: 4,
    checkedBy: 'frontend',
    since: [1, 0],
    code: 1004,
    httpStatus: 400,
    error: `${repartitionErrors.noPartitionColumns('<catalog>.<schema>.<table>')} / ${repartitionErrors.columnNotFound('<column>')}`,
    isCheckedBeforeSending: true,
    summary: 'The table has partition columns, and the expressions use only them.',
  },
  {
    id: 'source-expressions-exist',
    step: 5,
    checkedBy: 'frontend',
    since: [1, 0],
    code: 1004,
    httpStatus: 400,
    error: repartitionErrors.expressionNotFound('<expr>', '<catalog>.<schema>.<table>'),
    isCheckedBeforeSending: true,
    summary: "Each partition split or merged is one of the table's current rules.",
  },
  {
    id: 'rule-covers-once',
    step: 6,
    checkedBy: 'frontend',
    since: [1, 0],
    code: 1004,
    httpStatus: 400,
    error: 'Checkpoint `<checkpoint>` is not covered / Checkpoint `<checkpoint>` is overlapped',
    isCheckedBeforeSending: true,
    summary: 'The new rules cover every value exactly once.',
  },
  {
    id: 'options-valid',
    step: 7,
    checkedBy: 'frontend',
    since: [1, 0],
    code: 1004,
    httpStatus: 400,
    error: `${repartitionErrors.invalidWait('<v>')} / ${repartitionErrors.invalidTimeout('<v>', '<humantime error>')}`,
    isCheckedBeforeSending: true,
    summary: 'WAIT and TIMEOUT are valid (the console always sends WAIT = false).',
  },
  {
    id: 'cluster-mode',
    step: 8,
    checkedBy: 'metasrv',
    since: [1, 0],
    code: 1001,
    httpStatus: 400,
    error: repartitionErrors.standalone(),
    isCheckedBeforeSending: false,
    summary: 'GreptimeDB runs as a cluster, not standalone.',
  },
  {
    id: 'metasrv-gc',
    step: 9,
    checkedBy: 'metasrv',
    since: [1, 2],
    code: 1004,
    httpStatus: 400,
    error: repartitionErrors.metasrvGcDisabled() + META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
    isCheckedBeforeSending: false,
    summary: 'MetaSrv GC is enabled ([gc] enable = true, and the same on every datanode).',
  },
  {
    id: 'object-storage',
    step: 10,
    checkedBy: 'procedure',
    since: [1, 0],
    code: null,
    httpStatus: null,
    error: repartitionErrors.objectStorageRequired('<region>'),
    isCheckedBeforeSending: false,
    summary: 'Datanodes keep region data on shared object storage (the procedure fails otherwise).',
  },
  {
    id: 'table-lock',
    step: 11,
    checkedBy: 'metasrv',
    since: [1, 0],
    code: null,
    httpStatus: null,
    error: '',
    isCheckedBeforeSending: false,
    summary: 'Another repartition or DDL on the table runs first; this one waits for its lock.',
  },
];

/** The preconditions a version checks, in GreptimeDB's order. */
export function repartitionPreconditionsFor(version: GreptimeVersion): RepartitionPrecondition[] {
  return REPARTITION_PRECONDITIONS.filter(
    (p) => compareVersion(version, p.since[0], p.since[1], 0) >= 0,
  );
}
