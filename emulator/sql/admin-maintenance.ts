/**
 * The other maintenance admin functions of API.md §5: `build_index`, `gc_regions`, `gc_table`,
 * `reconcile_table` / `reconcile_database` / `reconcile_catalog`, `flush_flow` and (v1.2,
 * ADMIN-only) `discard_unflushed` (`src/common/function/src/admin.rs@v1.1.4` /
 * `@v1.2.0-beta.2`, `admin/gc.rs`, `admin/reconcile_*.rs`, `admin/build_index_table.rs`,
 * `flush_flow.rs`, `admin/discard_unflushed_data.rs@v1.2.0-beta.2`).
 *
 * Only what API.md states is answered as GreptimeDB; every case it leaves open (an argument
 * shape it gives no error for, an unknown region or table where it names no text, the reconcile
 * procedures' type and states, flows) is refused with 1001 `Not supported by the GreptimeDB
 * emulator: …` naming the gap, so no invented text reaches a console.
 */
import { MetasrvError } from '../model/errors.ts';
import type { PhysicalTable, RegionRecord } from '../model/types.ts';
import { execution, fromMetasrv, invalidArgs, tableNamed, u64 } from './admin-functions.ts';
import type { AdminFunction } from './admin-functions.ts';
import type { QueryContext } from './context.ts';
import { SqlError } from './errors.ts';
import type { SqlValue } from './values.ts';

/** A case API.md §5 does not describe: refused, naming what is missing. */
function unmodelled(fn: string, what: string): SqlError {
  return SqlError.unsupported(`${fn}: ${what} (API.md §5 gives no answer for it)`);
}

function describeArgs(args: SqlValue[]): string {
  return args.map((a) => (a === null ? 'NULL' : typeof a)).join(', ');
}

/**
 * API.md §5 (build_index): `Table not found: <catalog>.<schema>.<table>` as the innermost error
 * for an unknown table (sqlness `build_index_table_error.result@v1.1.4`); a logical table is not
 * described.
 */
function physicalTableFor(ctx: QueryContext, fn: string, name: string): PhysicalTable {
  const { fullName, found } = tableNamed(ctx, name);
  if (found === undefined) throw execution(`Table not found: ${fullName}`);
  if (found.kind !== 'physical') throw unmodelled(fn, `the metric logical table ${fullName}`);
  return found;
}

/** API.md §5 `build_index`: one string (fixed arity, `string1`), UInt64; 0 as sqlness shows. */
const buildIndex: AdminFunction = {
  name: 'build_index',
  returns: 'UInt64',
  signature: 'string1',
  run(args, ctx) {
    physicalTableFor(ctx, 'build_index', typeof args[0] === 'string' ? args[0] : '');
    // `ADMIN BUILD_INDEX('test')` → 0 (sqlness build_index_table.result, same directory as the
    // error file API.md §5 cites); the index size itself is not modelled.
    return 0n;
  },
};

/**
 * API.md §5: gc_* need MetaSrv GC (`[gc] enable`), else the MetaSrv error
 * `Unexpected, violated: GC ticker not available`; v1.2 under maintenance mode
 * `Manual GC is rejected because maintenance mode is enabled` (InvalidArguments, §3.1,
 * `src/meta-srv/src/gc/scheduler.rs@v1.2.0-beta.2`). Both cross the meta client, so the /v1/sql
 * text carries its suffix (fixture sql-errors-v1.json). Order when both hold (derived): without GC
 * there is no ticker, so the request never reaches the scheduler that checks maintenance.
 */
function ensureManualGc(ctx: QueryContext): void {
  try {
    if (!ctx.cluster.repartition.settings.isMetasrvGcEnabled) {
      throw new MetasrvError('Unexpected, violated: GC ticker not available');
    }
    if (ctx.version === 'v1.2' && ctx.cluster.maintenance) {
      throw new MetasrvError('Manual GC is rejected because maintenance mode is enabled');
    }
  } catch (error) {
    fromMetasrv(error);
  }
}

/** A trailing boolean `full_file_listing` (default false), API.md §5. */
function splitFullFileListing(args: SqlValue[]): {
  rest: SqlValue[];
  fullFileListing: boolean;
} {
  const last = args[args.length - 1];
  return typeof last === 'boolean'
    ? { rest: args.slice(0, -1), fullFileListing: last }
    : { rest: args, fullFileListing: false };
}

/** A region id of a physical table's route (logical ids and unknown ids are not described). */
function routedRegion(
  ctx: QueryContext,
  fn: string,
  regionId: bigint,
): { table: PhysicalTable; region: RegionRecord } {
  const table = ctx.cluster.table(Number(regionId >> 32n));
  const region =
    table?.kind === 'physical' ? table.regionsByNumber.get(Number(regionId & 0xffff_ffffn)) : null;
  if (table?.kind !== 'physical' || region === undefined || region === null) {
    throw unmodelled(fn, `region ${regionId}, which is not in a physical table's route`);
  }
  return { table, region };
}

/**
 * API.md §5 `gc_regions`: one or more numeric region ids, optionally followed by a boolean
 * `full_file_listing`; UInt64 = number of processed regions (here: every region named).
 */
const gcRegions: AdminFunction = {
  name: 'gc_regions',
  returns: 'UInt64',
  signature: 'literals',
  run(args, ctx) {
    // full_file_listing changes what a real GC lists, not the answer; no GC run is modelled
    // (API.md §6.3 does not give the batch_gc rows' timeout, region list form or triggers).
    const { rest } = splitFullFileListing(args);
    const ids = rest.map(u64);
    if (rest.length === 0 || ids.some((id) => id === null)) {
      throw unmodelled('gc_regions', `arguments (${describeArgs(args)})`);
    }
    const regionIds = ids.filter((id): id is bigint => id !== null);
    if (new Set(regionIds).size !== regionIds.length) {
      throw unmodelled('gc_regions', 'a region id given twice');
    }
    const regions = regionIds.map((id) => routedRegion(ctx, 'gc_regions', id));
    ensureManualGc(ctx);
    return BigInt(regions.length);
  },
};

/**
 * API.md §5 `gc_table`: `'<table>'[, <bool full_file_listing>]`; UInt64 = processed regions
 * (here: the table's regions).
 */
const gcTable: AdminFunction = {
  name: 'gc_table',
  returns: 'UInt64',
  signature: 'literals',
  run(args, ctx) {
    const { rest } = splitFullFileListing(args);
    const [name] = rest;
    if (rest.length !== 1 || typeof name !== 'string') {
      throw unmodelled('gc_table', `arguments (${describeArgs(args)})`);
    }
    const { fullName, found } = tableNamed(ctx, name);
    if (found?.kind !== 'physical') {
      throw unmodelled(
        'gc_table',
        `${found === undefined ? 'unknown' : 'logical'} table ${fullName}`,
      );
    }
    ensureManualGc(ctx);
    return BigInt(found.regions.length);
  },
};

/** `ResolveStrategy::from_str_name` (API.md §5): the proto names, exact case. */
const RESOLVE_STRATEGIES = ['UseLatest', 'UseMetasrv', 'AbortOnConflict'];

/**
 * The reconcile functions' arguments (API.md §5): a bad strategy is
 * `Invalid function args: Invalid resolve strategy: <s>`; the arguments are read before the
 * procedure is submitted. The submission itself is refused: API.md gives its result type (a
 * procedure id) but not the procedure's type, steps, states or events.
 */
function reconcile(
  fn: string,
  args: SqlValue[],
  shape: { leadingNames: number; maxArgs: number },
): never {
  if (args.length < shape.leadingNames || args.length > shape.maxArgs) {
    throw unmodelled(fn, `${args.length} arguments`);
  }
  const names = args.slice(0, shape.leadingNames);
  const [strategy, parallelism] = args.slice(shape.leadingNames);
  if (names.some((n) => typeof n !== 'string')) {
    throw unmodelled(fn, `arguments (${describeArgs(args)})`);
  }
  if (strategy !== undefined) {
    if (typeof strategy !== 'string') throw unmodelled(fn, `arguments (${describeArgs(args)})`);
    if (!RESOLVE_STRATEGIES.includes(strategy)) {
      throw invalidArgs(`Invalid resolve strategy: ${strategy}`);
    }
  }
  if (parallelism !== undefined) {
    const p = u64(parallelism);
    if (p === null || p > 0xffff_ffffn) throw unmodelled(fn, `parallelism ${String(parallelism)}`);
  }
  throw unmodelled(fn, 'the reconcile procedure (its type, states and events)');
}

/** `reconcile_table('<table>'[, '<strategy>'])`. */
const reconcileTable: AdminFunction = {
  name: 'reconcile_table',
  returns: 'String',
  signature: 'literals',
  run: (args) => reconcile('reconcile_table', args, { leadingNames: 1, maxArgs: 2 }),
};

/** `reconcile_database('<db>'[, '<strategy>'[, <parallelism u32>]])`. */
const reconcileDatabase: AdminFunction = {
  name: 'reconcile_database',
  returns: 'String',
  signature: 'literals',
  run: (args) => reconcile('reconcile_database', args, { leadingNames: 1, maxArgs: 3 }),
};

/** `reconcile_catalog(['<strategy>'[, <parallelism u32>]])`. */
const reconcileCatalog: AdminFunction = {
  name: 'reconcile_catalog',
  returns: 'String',
  signature: 'literals',
  run: (args) => reconcile('reconcile_catalog', args, { leadingNames: 0, maxArgs: 2 }),
};

/** API.md §5 `flush_flow` (one string, a flow name): no flows are modelled. */
const flushFlow: AdminFunction = {
  name: 'flush_flow',
  returns: 'UInt64',
  signature: 'literals',
  run() {
    throw unmodelled('flush_flow', 'flows (none exist in the emulated cluster)');
  },
};

/**
 * v1.2 `discard_unflushed` (API.md §0, §5): ADMIN-only; one numeric region id or one string table
 * name; drops the memtable/WAL data not yet flushed, persisted SSTs stay; `0` as sqlness
 * `discard_unflushed_data.result@v1.2.0-beta.2` shows; a metric-engine logical table fails with
 * `Not supported: discarding unflushed data from a Metric Engine logical table`.
 */
const discardUnflushed: AdminFunction = {
  name: 'discard_unflushed',
  returns: 'UInt64',
  signature: 'literals',
  since: 'v1.2',
  isAdminOnly: true,
  run(args, ctx) {
    const [target] = args;
    const fn = 'discard_unflushed';
    if (args.length !== 1 || (typeof target !== 'string' && u64(target ?? null) === null)) {
      throw unmodelled(fn, `arguments (${describeArgs(args)})`);
    }
    const now = ctx.cluster.clock.now();
    const discard = (table: PhysicalTable, region: RegionRecord) => {
      if (region.leaderPeerId === null || !ctx.cluster.isPeerReachable(region.leaderPeerId)) {
        throw unmodelled(fn, `region ${region.regionId} without a reachable leader`);
      }
      ctx.cluster.storage.discardUnflushed(region, table, now);
    };
    if (typeof target === 'string') {
      const { fullName, found } = tableNamed(ctx, target);
      if (found === undefined) throw unmodelled(fn, `unknown table ${fullName}`);
      if (found.kind === 'logical') {
        throw execution(
          'Not supported: discarding unflushed data from a Metric Engine logical table',
        );
      }
      for (const region of found.regions) discard(found, region);
      return 0n;
    }
    const { table, region } = routedRegion(ctx, fn, u64(target ?? null) ?? 0n);
    discard(table, region);
    return 0n;
  },
};

export const MAINTENANCE_ADMIN_FUNCTIONS: AdminFunction[] = [
  buildIndex,
  gcRegions,
  gcTable,
  reconcileTable,
  reconcileDatabase,
  reconcileCatalog,
  flushFlow,
  discardUnflushed,
];
