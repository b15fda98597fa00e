/**
 * The admin functions (`ADMIN f(...)` and `SELECT f(...)`): migrate_region, procedure_state,
 * flush_region, compact_region, flush_table, compact_table (v1.1.4 src/common/function/src/admin,
 * src/operator/src/statement/admin.rs). Argument checks, their order and texts follow the source;
 * MetaSrv errors arrive wrapped as the meta client and the admin layer wrap them (API.md §3.2).
 */
import { MetasrvError } from '../model/errors.ts';
import type { QueryContext } from './context.ts';
import { SqlError, StatusCode } from './errors.ts';
import type { DataTypeName, SqlValue } from './values.ts';

/** How `args_to_vector` checks the literal arguments before the function runs. */
export type AdminSignature = 'numeric1' | 'string1' | 'numeric3or4' | 'stringVariadic';

export interface AdminFunction {
  name: string;
  returns: DataTypeName;
  signature: AdminSignature;
  run(args: SqlValue[], ctx: QueryContext): SqlValue;
}

/** A failure inside the function body: `Failed to execute admin function f: <text>`. */
export class AdminFunctionError extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

const execution = (message: string) => new AdminFunctionError(`Execution error: ${message}`);

/** MetaSrv's StatusCode per error (v1.1.4 src/meta-srv/src/error.rs), by its Display prefix. */
function metaStatus(message: string): { name: string; tonic: string } {
  const invalid =
    message.startsWith('Invalid arguments') ||
    message.startsWith("Region's leader peer changed") ||
    message.startsWith('Procedure not found') ||
    message.startsWith('Failed to parse procedure id');
  return invalid
    ? { name: 'InvalidArguments', tonic: 'Client specified an invalid argument' }
    : { name: 'Unexpected', tonic: 'Internal error' };
}

/** A MetaSrv error as the frontend's meta client reports it (`MetaServer` Display). */
function fromMetasrv(error: unknown): never {
  if (error instanceof MetasrvError) {
    const status = metaStatus(error.message);
    throw execution(`${error.message}, code: ${status.name}, tonic code: ${status.tonic}`);
  }
  throw error;
}

function u64(value: SqlValue): bigint | null {
  if (typeof value === 'bigint')
    return value >= 0n && value <= 0xffff_ffff_ffff_ffffn ? value : null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  return null;
}

function invalidArgs(message: string): AdminFunctionError {
  return execution(`Invalid function args: ${message}`);
}

const migrateRegion: AdminFunction = {
  name: 'migrate_region',
  returns: 'String',
  signature: 'numeric3or4',
  run(args, ctx) {
    if (args.length !== 3 && args.length !== 4) {
      throw invalidArgs(
        `The length of the args is not correct, expect exactly 3 or 4, have: ${args.length}`,
      );
    }
    const [regionId, from, to, timeout] = args.map(u64);
    // DEFAULT_TIMEOUT_SECS = 300 since v0.14.
    const seconds = args.length === 3 ? 300n : timeout;
    if (
      regionId === null ||
      from === null ||
      to === null ||
      seconds === null ||
      seconds === undefined
    ) {
      return null;
    }
    if (regionId === undefined || from === undefined || to === undefined) return null;
    try {
      return ctx.cluster.submitRegionMigrationSql({
        regionId,
        fromPeerId: from,
        toPeerId: to,
        timeoutMs: Number(seconds) * 1000,
      });
    } catch (error) {
      return fromMetasrv(error);
    }
  },
};

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const procedureState: AdminFunction = {
  name: 'procedure_state',
  returns: 'String',
  signature: 'string1',
  run(args, ctx) {
    const [pid] = args;
    if (typeof pid !== 'string') {
      throw new AdminFunctionError(
        'Execution error: Unsupported input datatypes [Int64Type] in function procedure_state',
      );
    }
    try {
      if (!UUID.test(pid)) {
        throw new MetasrvError(`Failed to parse procedure id: ${Buffer.from(pid).toString('hex')}`);
      }
      const p = ctx.cluster.knownProcedure(pid.toLowerCase());
      if (p === undefined) throw new MetasrvError(`Procedure not found: ${pid}`);
      // ProcedureStateJson: `error` only when non-empty.
      return p.error === null || p.error === ''
        ? JSON.stringify({ status: p.status })
        : JSON.stringify({ status: p.status, error: p.error });
    } catch (error) {
      return fromMetasrv(error);
    }
  },
};

function regionFor(ctx: QueryContext, value: SqlValue, fn: string) {
  const regionId = u64(value);
  if (regionId === null) {
    throw execution(`Unsupported input datatypes [StringType] in function ${fn}`);
  }
  const found = ctx.cluster.regionWithTable(regionId);
  // Derived texts: the frontend cannot find a leader for an unknown region.
  if (found?.region.leaderPeerId === null || found === undefined) {
    throw execution(`Failed to do table mutation: Region not found: ${regionId}`);
  }
  const leader = found.region.leaderPeerId;
  if (!ctx.cluster.isPeerReachable(leader)) {
    throw execution(`Failed to do table mutation: Datanode ${leader} is unavailable`);
  }
  return found;
}

const flushRegion: AdminFunction = {
  name: 'flush_region',
  returns: 'UInt64',
  signature: 'numeric1',
  run(args, ctx) {
    const { region, table } = regionFor(ctx, args[0] ?? null, 'flush_region');
    ctx.cluster.storage.flush(region, table, ctx.cluster.clock.now());
    return 0n;
  },
};

const compactRegion: AdminFunction = {
  name: 'compact_region',
  returns: 'UInt64',
  signature: 'numeric1',
  run(args, ctx) {
    const { region, table } = regionFor(ctx, args[0] ?? null, 'compact_region');
    ctx.cluster.storage.compact(region, table, ctx.cluster.clock.now(), null);
    return 0n;
  },
};

/** `table_name_to_full_name`: `t`, `schema.t` or `catalog.schema.t`. */
function physicalTableNamed(ctx: QueryContext, name: string) {
  const parts = name.split('.');
  const [catalog, schema, table] =
    parts.length === 3
      ? parts
      : parts.length === 2
        ? [ctx.catalog, parts[0], parts[1]]
        : [ctx.catalog, ctx.schema, name];
  const found = ctx.cluster.tableByName(catalog, schema ?? '', table ?? '');
  if (found === undefined) {
    throw execution(
      `Failed to do table mutation: Table not found: ${catalog}.${schema ?? ''}.${table ?? ''}`,
    );
  }
  const physical = found.kind === 'physical' ? found : ctx.cluster.table(found.physicalTableId);
  if (physical?.kind !== 'physical')
    throw execution(`Failed to do table mutation: Table not found: ${name}`);
  return physical;
}

const flushTable: AdminFunction = {
  name: 'flush_table',
  returns: 'UInt64',
  signature: 'string1',
  run(args, ctx) {
    const table = physicalTableNamed(ctx, typeof args[0] === 'string' ? args[0] : '');
    for (const region of table.regions)
      ctx.cluster.storage.flush(region, table, ctx.cluster.clock.now());
    return 0n;
  },
};

/** `parse_compact_options`: the strict-window window (seconds), or null for regular. */
export function parseCompactOptions(type: string, options: string | undefined): number | null {
  const strict = ['strict_window', 'swcs'].includes(type.toLowerCase());
  if (options === undefined) return strict ? 0 : null;
  if (strict && /^[+-]?[0-9]+$/.test(options)) return Number(options);
  let window = 0;
  for (const pair of options.split(',')) {
    const kv = pair.trim().split('=');
    if (kv.length !== 2) throw invalidArgs(`Invalid key-value pair: ${pair.trim()}`);
    const key = (kv[0] ?? '').trim();
    const value = (kv[1] ?? '').trim();
    if (strict && (key === 'window' || key === 'window_seconds')) {
      if (!/^[+-]?[0-9]+$/.test(value)) throw invalidArgs(`Invalid value for window: ${value}`);
      window = Number(value);
    } else if (key === 'parallelism') {
      if (!/^\+?[0-9]+$/.test(value) || Number(value) > 0xffff_ffff) {
        throw invalidArgs(`Invalid value for parallelism: ${value}`);
      }
    } else {
      throw invalidArgs(`Unknown parameter: ${key}`);
    }
  }
  return strict ? window : null;
}

const compactTable: AdminFunction = {
  name: 'compact_table',
  returns: 'UInt64',
  signature: 'stringVariadic',
  run(args, ctx) {
    if (args.length === 0 || args.length > 3) {
      // Sic: "expect 1-4" although 3 is the maximum (v1.1.4).
      throw invalidArgs(`The length of the args is not correct, expect 1-4, have: ${args.length}`);
    }
    const [name, type, options] = args.map((a) => (typeof a === 'string' ? a : ''));
    const window = type === undefined ? null : parseCompactOptions(type, options);
    const table = physicalTableNamed(ctx, name ?? '');
    for (const region of table.regions) {
      ctx.cluster.storage.compact(region, table, ctx.cluster.clock.now(), window);
    }
    return 0n;
  },
};

export const ADMIN_FUNCTIONS = new Map<string, AdminFunction>(
  [migrateRegion, procedureState, flushRegion, compactRegion, flushTable, compactTable].map((f) => [
    f.name,
    f,
  ]),
);

/**
 * Runs an admin function with `ensure_greptime!` first, wrapping failures as the statement layer
 * does: `ExecuteAdminFunction` is StatusCode Unexpected whatever the cause.
 */
export function invokeAdmin(fn: AdminFunction, args: SqlValue[], ctx: QueryContext): SqlValue {
  try {
    if (ctx.catalog !== 'greptime') {
      throw new AdminFunctionError('Permission denied: current catalog is not greptime');
    }
    return fn.run(args, ctx);
  } catch (error) {
    if (error instanceof AdminFunctionError) {
      throw new SqlError(
        StatusCode.Unexpected,
        `Failed to execute admin function ${fn.name}: ${error.text}`,
      );
    }
    throw error;
  }
}
