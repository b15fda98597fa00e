/**
 * The admin functions (`ADMIN f(...)` and `SELECT f(...)`): migrate_region, procedure_state,
 * flush_region, compact_region, flush_table, compact_table (v1.1.4 src/common/function/src/admin,
 * src/operator/src/statement/admin.rs). Argument checks, their order and texts follow the source;
 * MetaSrv errors arrive wrapped as the meta client and the admin layer wrap them (API.md §3.2).
 */
import { MetasrvError } from '../model/errors.ts';
import type { SqlApiVersion } from '../model/types.ts';
import type { QueryContext } from './context.ts';
import { SqlError, StatusCode } from './errors.ts';
import type { DataTypeName, SqlValue } from './values.ts';

/**
 * How `args_to_vector` checks the literal arguments before the function runs. `literals` passes
 * every literal through for the function to check: API.md §5 gives those functions' grammar but
 * not the texts of every argument-shape error.
 */
export type AdminSignature = 'numeric1' | 'string1' | 'numeric3or4' | 'stringVariadic' | 'literals';

export interface AdminFunction {
  name: string;
  returns: DataTypeName;
  signature: AdminSignature;
  /** First version that registers it (absent = every v1 version the emulator runs). */
  since?: SqlApiVersion;
  /** `register_admin_only` (v1.2): no `SELECT` form. */
  isAdminOnly?: boolean;
  run(args: SqlValue[], ctx: QueryContext): SqlValue;
}

/** A failure inside the function body: `Failed to execute admin function f: <text>`. */
export class AdminFunctionError extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

export const execution = (message: string) => new AdminFunctionError(`Execution error: ${message}`);

/** MetaSrv's StatusCode per error (v1.1.4 src/meta-srv/src/error.rs), by its Display prefix. */
function metaStatus(message: string): { name: string; tonic: string } {
  const invalid =
    message.startsWith('Invalid arguments') ||
    message.startsWith("Region's leader peer changed") ||
    message.startsWith('Procedure not found') ||
    message.startsWith('Failed to parse procedure id') ||
    // v1.2 `Error::ManualGcRejected` is InvalidArguments (API.md §3.1, fixture sql-errors-v1.json).
    message.startsWith('Manual GC is rejected');
  return invalid
    ? { name: 'InvalidArguments', tonic: 'Client specified an invalid argument' }
    : { name: 'Unexpected', tonic: 'Internal error' };
}

/** A MetaSrv error as the frontend's meta client reports it (`MetaServer` Display). */
export function fromMetasrv(error: unknown): never {
  if (error instanceof MetasrvError) {
    const status = metaStatus(error.message);
    throw execution(`${error.message}, code: ${status.name}, tonic code: ${status.tonic}`);
  }
  throw error;
}

export function u64(value: SqlValue): bigint | null {
  if (typeof value === 'bigint')
    return value >= 0n && value <= 0xffff_ffff_ffff_ffffn ? value : null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  return null;
}

export function invalidArgs(message: string): AdminFunctionError {
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
      const procedureId = ctx.cluster.submitRegionMigrationSql({
        regionId,
        fromPeerId: from,
        toPeerId: to,
        timeoutMs: Number(seconds) * 1000,
      });
      ctx.cluster.events.setActor(procedureId, ctx.user);
      return procedureId;
    } catch (error) {
      return fromMetasrv(error);
    }
  },
};

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The forms `Uuid::parse_str` accepts (simple, hyphenated, braced, urn), as the hyphenated id. */
function canonicalUuid(text: string): string | null {
  const inner =
    /^\{(.*)\}$/s.exec(text)?.[1] ?? (text.startsWith('urn:uuid:') ? text.slice(9) : null);
  if (inner !== null) return UUID.test(inner) ? inner.toLowerCase() : null;
  if (UUID.test(text)) return text.toLowerCase();
  const simple =
    /^([0-9a-fA-F]{8})([0-9a-fA-F]{4})([0-9a-fA-F]{4})([0-9a-fA-F]{4})([0-9a-fA-F]{12})$/.exec(
      text,
    );
  return simple === null ? null : simple.slice(1).join('-').toLowerCase();
}
const GROUP_STARTS = [0, 9, 14, 19, 24];
const GROUP_LENGTHS = [8, 4, 4, 4, 12];

/**
 * uuid 1.21's error for a string `Uuid::parse_str` rejects (`InvalidUuid::into_err` and the
 * Display texts in uuid-rs src/error.rs@v1.21.0, as API.md §3.3 quotes them); indexes are 1-based.
 */
function uuidError(text: string): string {
  const braced = /^\{.*\}$/s.test(text);
  const urn = text.startsWith('urn:uuid:');
  const body = braced ? text.slice(1, -1) : urn ? text.slice(9) : text;
  const offset = braced ? 1 : urn ? 9 : 0;
  const hyphens: number[] = [];
  let index = 0;
  for (const character of body) {
    if (character === '-') hyphens.push(index);
    else if (!/^[0-9a-fA-F]$/.test(character)) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${character}\` at ${offset + index + 1}`;
    }
    index += Buffer.byteLength(character);
  }
  if (hyphens.length === 0 && !braced && !urn) {
    return `invalid length: expected length 32 for simple format, found ${body.length}`;
  }
  if (hyphens.length !== 4) return `invalid group count: expected 5, found ${hyphens.length + 1}`;
  for (let group = 0; group < 4; group += 1) {
    const start = GROUP_STARTS[group] ?? 0;
    const bound = hyphens[group] ?? 0;
    if (bound !== (GROUP_STARTS[group + 1] ?? 0) - 1) {
      return `invalid group length in group ${group}: expected ${GROUP_LENGTHS[group] ?? 0}, found ${bound - start}`;
    }
  }
  // Sic: uuid-rs counts the whole input here, a brace or `urn:uuid:` prefix included.
  return `invalid group length in group 4: expected 12, found ${Buffer.byteLength(text) - 24}`;
}

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
      const id = canonicalUuid(pid);
      if (id === null) {
        // ParseProcedureId keeps the root uuid::Error after `: ` (output_msg, API.md §3.3).
        throw new MetasrvError(
          `Failed to parse procedure id: ${Buffer.from(pid).toString('hex')}: ${uuidError(pid)}`,
        );
      }
      const p = ctx.cluster.knownProcedures().find((known) => known.procedureId === id);
      // ProcedureId Display: the hyphenated lower-case form.
      if (p === undefined) throw new MetasrvError(`Procedure not found: ${id}`);
      // ProcedureStateJson: `error` only when non-empty.
      return p.error === null || p.error === ''
        ? JSON.stringify({ status: p.status })
        : JSON.stringify({ status: p.status, error: p.error });
    } catch (error) {
      return fromMetasrv(error);
    }
  },
};

/**
 * `find_region_leader` in the frontend's partition manager (API.md §5): the region id's table
 * route — a logical table's resolves through its physical table — then the region's leader.
 */
function regionFor(ctx: QueryContext, value: SqlValue, fn: string) {
  const regionId = u64(value);
  if (regionId === null) {
    throw execution(`Unsupported input datatypes [StringType] in function ${fn}`);
  }
  const tableId = Number(regionId >> 32n);
  const regionNumber = Number(regionId & 0xffff_ffffn);
  const named = ctx.cluster.table(tableId);
  const table = named?.kind === 'logical' ? ctx.cluster.table(named.physicalTableId) : named;
  if (table?.kind !== 'physical') throw execution(`Failed to find table route: ${tableId}`);
  const region = table.regionsByNumber.get(regionNumber);
  if (region?.leaderPeerId === null || region === undefined) {
    throw execution(
      `Failed to find leader of table id ${tableId} region ${regionId}(${tableId}, ${regionNumber})`,
    );
  }
  const found = { table, region };
  const leader = region.leaderPeerId;
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

/** `table_name_to_full_name`: `t`, `schema.t` or `catalog.schema.t`, and the table it names. */
export function tableNamed(ctx: QueryContext, name: string) {
  const parts = name.split('.');
  const [catalog, schema, table] =
    parts.length === 3
      ? parts
      : parts.length === 2
        ? [ctx.catalog, parts[0], parts[1]]
        : [ctx.catalog, ctx.schema, name];
  const fullName = `${catalog}.${schema ?? ''}.${table ?? ''}`;
  return { fullName, found: ctx.cluster.tableByName(catalog, schema ?? '', table ?? '') };
}

function physicalTableNamed(ctx: QueryContext, name: string) {
  const { fullName, found } = tableNamed(ctx, name);
  // handle_table_flush → TableNotFound; only the innermost error is kept (API.md §5).
  if (found === undefined) throw execution(`Table not found: ${fullName}`);
  const physical = found.kind === 'physical' ? found : ctx.cluster.table(found.physicalTableId);
  if (physical?.kind !== 'physical') throw execution(`Table not found: ${fullName}`);
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

/** `key=value`: v1.1 splits on every `=` (so `a=b=c` is invalid), v1.2 at the first. */
function splitPair(pair: string, version: SqlApiVersion): [string, string] | null {
  if (version === 'v1.1') {
    const kv = pair.split('=');
    return kv.length === 2 ? [kv[0] ?? '', kv[1] ?? ''] : null;
  }
  const eq = pair.indexOf('=');
  return eq < 0 ? null : [pair.slice(0, eq), pair.slice(eq + 1)];
}

/** A v1.2 `start_time`/`end_time` value; API.md names the option but not its accepted forms. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timeOption(key: string, value: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidArgs(`Invalid value for ${key}: ${value}`);
  return ms;
}

/** `parse_compact_options`: the strict-window window (seconds), or null for regular. */
export function parseCompactOptions(
  type: string,
  options: string | undefined,
  version: SqlApiVersion,
): number | null {
  const strict = ['strict_window', 'swcs'].includes(type.toLowerCase());
  if (options === undefined) return strict ? 0 : null;
  if (strict && /^[+-]?[0-9]+$/.test(options)) return Number(options);
  let window = 0;
  let start: number | null = null;
  let end: number | null = null;
  for (const pair of options.split(',')) {
    const kv = splitPair(pair.trim(), version);
    if (kv === null) throw invalidArgs(`Invalid key-value pair: ${pair.trim()}`);
    const key = kv[0].trim();
    const value = kv[1].trim();
    if (version === 'v1.2' && key === 'start_time') {
      start = timeOption(key, value);
    } else if (version === 'v1.2' && key === 'end_time') {
      end = timeOption(key, value);
    } else if (strict && (key === 'window' || key === 'window_seconds')) {
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
  if ((start === null) !== (end === null)) {
    throw invalidArgs('start_time and end_time must be specified together');
  }
  if (start !== null && end !== null && start >= end) {
    throw invalidArgs('start_time must be earlier than end_time');
  }
  return strict ? window : null;
}

const compactTable: AdminFunction = {
  name: 'compact_table',
  returns: 'UInt64',
  signature: 'stringVariadic',
  run(args, ctx) {
    if (args.length === 0 || args.length > 3) {
      // Sic: v1.1.4 says "expect 1-4" although 3 is the maximum; v1.2 says "1-3".
      const range = ctx.version === 'v1.1' ? '1-4' : '1-3';
      throw invalidArgs(
        `The length of the args is not correct, expect ${range}, have: ${args.length}`,
      );
    }
    const [name, type, options] = args.map((a) => (typeof a === 'string' ? a : ''));
    const window = type === undefined ? null : parseCompactOptions(type, options, ctx.version);
    const table = physicalTableNamed(ctx, name ?? '');
    for (const region of table.regions) {
      ctx.cluster.storage.compact(region, table, ctx.cluster.clock.now(), window);
    }
    return 0n;
  },
};

/** The functions of this file; `admin-registry.ts` adds the rest and answers per version. */
export const CORE_ADMIN_FUNCTIONS: AdminFunction[] = [
  migrateRegion,
  procedureState,
  flushRegion,
  compactRegion,
  flushTable,
  compactTable,
];

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
