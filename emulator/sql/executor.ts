/**
 * Runs parsed statements against the cluster model. SELECT: resolve FROM/JOIN to system tables,
 * filter with SQL three-valued logic, project (names as DataFusion derives them), order
 * (ASC nulls last, DESC nulls first, DataFusion's defaults), then OFFSET/LIMIT. ADMIN: check the
 * literal arguments as `args_to_vector` does, then run the function; the result column is the
 * statement re-printed. ALTER TABLE repartitioning: alter-table.ts.
 */
import type { AdminStatement, Expr, SelectStatement, Statement, TableRef } from './ast.ts';
import { invokeAdmin } from './admin-functions.ts';
import { adminFunctionIn, adminFunctionNames } from './admin-registry.ts';
import { executeRepartition } from './alter-table.ts';
import type { AdminFunction } from './admin-functions.ts';
import type { QueryContext, SystemTable } from './context.ts';
import { SqlError, StatusCode } from './errors.ts';
import { eventsTable } from './events-table.ts';
import { INFORMATION_SCHEMA } from './information-schema/index.ts';
import { INFORMATION_SCHEMA_IDS } from './information-schema/table-ids.ts';
import { exprToSql } from './parser.ts';
import { writeJson } from '../http/json.ts';
import type { JsonValue } from '../http/json.ts';
import { compareValues, dataFusionLiteralName, likeMatches, numberValue } from './values.ts';
import type { ColumnDef, DataTypeName, Row, SqlValue } from './values.ts';

export interface QueryOutput {
  columns: ColumnDef[];
  rows: Row[];
}

/** A query's records, or a DDL's affected rows (`{"affectedrows":n}` on the wire). */
export type StatementOutput = QueryOutput | { affectedRows: number };

interface Source {
  qualifier: string;
  columns: ColumnDef[];
}

/** One joined input row: a row (or null for an unmatched LEFT JOIN side) per source. */
type Frame = (Row | null)[];

interface Typed {
  value: SqlValue;
  type: DataTypeName;
}

function resolveTable(ref: TableRef, ctx: QueryContext): SystemTable {
  const [catalog, schema, name] =
    ref.parts.length === 3
      ? ref.parts
      : ref.parts.length === 2
        ? [ctx.catalog, ref.parts[0], ref.parts[1]]
        : [ctx.catalog, ctx.schema, ref.parts[0]];
  const full = `${catalog}.${schema ?? ''}.${name ?? ''}`;
  if (catalog === 'greptime' && schema === 'information_schema' && name !== undefined) {
    const emulated = INFORMATION_SCHEMA[ctx.version];
    const table = emulated[name];
    if (table !== undefined) return table;
    if (name in INFORMATION_SCHEMA_IDS[ctx.version]) {
      throw SqlError.unsupported(
        `information_schema.${name} (emulated: ${Object.keys(emulated).join(', ')})`,
      );
    }
  }
  if (catalog === 'greptime' && schema === 'greptime_private' && name === 'events') {
    // The recorder creates the table with its first insert.
    const events = eventsTable(ctx);
    if (events !== null) return events;
  }
  if (ctx.cluster.tableByName(catalog, schema ?? '', name ?? '') !== undefined) {
    throw SqlError.unsupported(
      `reading rows of ${full} (the emulator models cluster metadata, not table data)`,
    );
  }
  throw SqlError.tableNotFound(full);
}

class Scope {
  constructor(readonly sources: Source[]) {}

  resolve(
    qualifier: string | null,
    name: string,
  ): { source: number; column: number; type: DataTypeName } {
    const hits: { source: number; column: number; type: DataTypeName }[] = [];
    this.sources.forEach((s, source) => {
      if (qualifier !== null && s.qualifier !== qualifier) return;
      s.columns.forEach((c, column) => {
        if (c.name === name) hits.push({ source, column, type: c.type });
      });
    });
    const [hit] = hits;
    if (hits.length > 1)
      throw SqlError.plan(`Schema error: Ambiguous reference to unqualified field ${name}`);
    if (hit === undefined) {
      const valid = this.sources.flatMap((s) => s.columns.map((c) => `${s.qualifier}.${c.name}`));
      const shown = qualifier === null ? name : `${qualifier}.${name}`;
      throw SqlError.plan(
        valid.length === 0
          ? `No field named ${shown}.`
          : `No field named ${shown}. Valid fields are ${valid.join(', ')}.`,
      );
    }
    return hit;
  }
}

function truthy(value: SqlValue): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  throw SqlError.plan(`Cannot use a non-boolean value as a predicate`);
}

function literalTyped(expr: Extract<Expr, { kind: 'literal' }>): Typed {
  const l = expr.literal;
  switch (l.kind) {
    case 'string':
      return { value: l.value, type: 'String' };
    case 'boolean':
      return { value: l.value, type: 'Boolean' };
    case 'null':
      return { value: null, type: 'Null' };
    case 'number': {
      const v = numberValue(l.text);
      if (typeof v === 'number') return { value: v, type: 'Float64' };
      return { value: v, type: v > 9_223_372_036_854_775_807n ? 'UInt64' : 'Int64' };
    }
  }
}

/** An admin function in its `SELECT f(…)` form. */
function adminFunction(name: string, ctx: QueryContext): AdminFunction {
  const fn = adminFunctionIn(name, ctx.version);
  if (fn?.isAdminOnly === true) {
    // API.md §0/§5 (v1.2): an ADMIN-only function is no SQL function, so the planner does not
    // know it (sqlness discard_unflushed_data.result@v1.2.0-beta.2).
    throw SqlError.plan(`Error during planning: Invalid function '${fn.name}'.`);
  }
  if (fn === undefined) {
    throw SqlError.unsupported(
      `function ${name}() (emulated functions: ${adminFunctionNames(ctx.version)
        .filter((n) => adminFunctionIn(n, ctx.version)?.isAdminOnly !== true)
        .join(', ')})`,
    );
  }
  return fn;
}

/** Evaluates an expression on a frame (checking columns even when there are no rows). */
function evaluate(expr: Expr, scope: Scope, frame: Frame, ctx: QueryContext): Typed {
  switch (expr.kind) {
    case 'literal':
      return literalTyped(expr);
    case 'column': {
      const hit = scope.resolve(expr.qualifier, expr.name);
      return { value: frame[hit.source]?.[hit.column] ?? null, type: hit.type };
    }
    case 'negate': {
      const inner = evaluate(expr.expr, scope, frame, ctx);
      if (typeof inner.value === 'bigint') return { value: -inner.value, type: 'Int64' };
      if (typeof inner.value === 'number') return { value: -inner.value, type: inner.type };
      return { value: null, type: inner.type };
    }
    case 'not': {
      const t = truthy(evaluate(expr.expr, scope, frame, ctx).value);
      return { value: t === null ? null : !t, type: 'Boolean' };
    }
    case 'binary': {
      if (expr.op === 'AND' || expr.op === 'OR') {
        const l = truthy(evaluate(expr.left, scope, frame, ctx).value);
        const r = truthy(evaluate(expr.right, scope, frame, ctx).value);
        if (expr.op === 'AND') {
          return {
            value: l === false || r === false ? false : l === null || r === null ? null : true,
            type: 'Boolean',
          };
        }
        return {
          value: l === true || r === true ? true : l === null || r === null ? null : false,
          type: 'Boolean',
        };
      }
      const c = compareValues(
        evaluate(expr.left, scope, frame, ctx).value,
        evaluate(expr.right, scope, frame, ctx).value,
      );
      if (c === null) return { value: null, type: 'Boolean' };
      const result = {
        '=': c === 0,
        '!=': c !== 0,
        '<': c < 0,
        '<=': c <= 0,
        '>': c > 0,
        '>=': c >= 0,
      }[expr.op];
      return { value: result, type: 'Boolean' };
    }
    case 'isNull': {
      const isNull = evaluate(expr.expr, scope, frame, ctx).value === null;
      return { value: expr.negated ? !isNull : isNull, type: 'Boolean' };
    }
    case 'inList': {
      const v = evaluate(expr.expr, scope, frame, ctx).value;
      let sawNull = v === null;
      let found = false;
      for (const item of expr.list) {
        const c = compareValues(v, evaluate(item, scope, frame, ctx).value);
        if (c === null) sawNull = true;
        else if (c === 0) found = true;
      }
      const value = found ? !expr.negated : sawNull ? null : expr.negated;
      return { value, type: 'Boolean' };
    }
    case 'like': {
      const v = evaluate(expr.expr, scope, frame, ctx).value;
      const p = evaluate(expr.pattern, scope, frame, ctx).value;
      if (v === null || p === null) return { value: null, type: 'Boolean' };
      const m = likeMatches(String(v), String(p));
      return { value: expr.negated ? !m : m, type: 'Boolean' };
    }
    case 'cast': {
      const inner = evaluate(expr.expr, scope, frame, ctx);
      if (inner.value === null) return { value: null, type: expr.type };
      if (expr.type === 'String') return { value: String(inner.value), type: 'String' };
      const text = String(inner.value).trim();
      if (!/^-?[0-9]+$/.test(text)) {
        throw new SqlError(
          StatusCode.EngineExecuteQuery,
          `Cast error: Cannot cast string '${text}' to value of ${expr.type} type`,
        );
      }
      return { value: BigInt(text), type: expr.type };
    }
    case 'call': {
      const fn = adminFunction(expr.name, ctx);
      const args = expr.args.map((a) => evaluate(a, scope, frame, ctx).value);
      return { value: invokeAdmin(fn, args, ctx), type: fn.returns };
    }
  }
}

/** The output field name DataFusion gives an unaliased expression. */
function exprName(expr: Expr): string {
  switch (expr.kind) {
    case 'column':
      return expr.name;
    case 'literal':
      return dataFusionLiteralName(literalTyped(expr).value);
    case 'cast':
      return exprName(expr.expr);
    case 'call':
      return `${expr.name.toLowerCase()}(${expr.args.map(exprName).join(',')})`;
    default:
      return exprToSql(expr);
  }
}

function sortValues(
  a: SqlValue,
  b: SqlValue,
  descending: boolean,
  nullsFirst: boolean | null,
): number {
  const nf = nullsFirst ?? descending;
  if (a === null && b === null) return 0;
  if (a === null) return nf ? -1 : 1;
  if (b === null) return nf ? 1 : -1;
  const c = compareValues(a, b) ?? 0;
  return descending ? -c : c;
}

/** The `AND`ed parts of an ON condition. */
function conjuncts(expr: Expr): Expr[] {
  return expr.kind === 'binary' && expr.op === 'AND'
    ? [...conjuncts(expr.left), ...conjuncts(expr.right)]
    : [expr];
}

/** The source a column expression reads, or null for any other expression. */
function sourceOf(expr: Expr, scope: Scope): number | null {
  return expr.kind === 'column' ? scope.resolve(expr.qualifier, expr.name).source : null;
}

/**
 * The rows of the joined table (source `joined`) that may meet ON for a frame of the tables
 * before it. Where ON holds `x = y`, with `y` a column of the joined table and `x` one of an
 * earlier table, the rows are indexed by `y` once (a hash join, as DataFusion plans it), so
 * region_statistics ⋈ region_peers at 100k regions is 10^5 steps, not 10^10. Every candidate
 * still has the whole ON evaluated, so the answer is the nested loop's; only where keys of
 * different JS types would meet (compareValues coerces them) is every row a candidate.
 */
function equalityIndex(
  on: Expr,
  scope: Scope,
  joined: number,
  rows: readonly Row[],
  ctx: QueryContext,
): (frame: Frame) => readonly Row[] {
  const everyRow = () => rows;
  const equality = conjuncts(on).find(
    (part) =>
      part.kind === 'binary' &&
      part.op === '=' &&
      ((sourceOf(part.right, scope) === joined &&
        (sourceOf(part.left, scope) ?? joined) < joined) ||
        (sourceOf(part.left, scope) === joined &&
          (sourceOf(part.right, scope) ?? joined) < joined)),
  );
  if (equality?.kind !== 'binary') return everyRow;
  const [outer, inner] =
    sourceOf(equality.right, scope) === joined
      ? [equality.left, equality.right]
      : [equality.right, equality.left];
  const width = joined + 1;
  const byKey = new Map<string, Row[]>();
  let keyType: string | null = null;
  for (const row of rows) {
    const frame: Frame = new Array<Row | null>(width).fill(null);
    frame[joined] = row;
    const value = evaluate(inner, scope, frame, ctx).value;
    if (value === null) continue; // `= NULL` is never true
    keyType ??= typeof value;
    if (typeof value !== keyType) return everyRow;
    const key = String(value);
    const bucket = byKey.get(key);
    if (bucket === undefined) byKey.set(key, [row]);
    else bucket.push(row);
  }
  return (frame) => {
    const value = evaluate(outer, scope, [...frame, null], ctx).value;
    if (value === null) return [];
    if (keyType !== null && typeof value !== keyType) return rows;
    return byKey.get(String(value)) ?? [];
  };
}

function executeSelect(stmt: SelectStatement, ctx: QueryContext): QueryOutput {
  const refs = stmt.from === null ? [] : [stmt.from, ...stmt.joins.map((j) => j.table)];
  const tables = refs.map((ref) => resolveTable(ref, ctx));
  const sources: Source[] = refs.map((ref, i) => ({
    qualifier: ref.alias ?? ref.parts[ref.parts.length - 1] ?? '',
    columns: tables[i]?.columns ?? [],
  }));
  const qualifiers = new Set<string>();
  for (const s of sources) {
    if (qualifiers.has(s.qualifier)) {
      throw SqlError.plan(
        `Projections require unique expression names but the expression "${s.qualifier}" appears more than once (give each table its own alias)`,
      );
    }
    qualifiers.add(s.qualifier);
  }
  const scope = new Scope(sources);
  let frames: Frame[] = stmt.from === null ? [[]] : (tables[0]?.rows(ctx) ?? []).map((r) => [r]);
  stmt.joins.forEach((join, j) => {
    const right = tables[j + 1]?.rows(ctx) ?? [];
    const width = j + 2;
    const probe: Frame = new Array<Row | null>(width).fill(null);
    // Check ON's columns even if there are no rows.
    evaluate(join.on, scope, probe, ctx);
    const candidatesFor = equalityIndex(join.on, scope, j + 1, right, ctx);
    const next: Frame[] = [];
    for (const frame of frames) {
      let matched = false;
      for (const row of candidatesFor(frame)) {
        const candidate = [...frame, row];
        if (truthy(evaluate(join.on, scope, candidate, ctx).value) === true) {
          next.push(candidate);
          matched = true;
        }
      }
      if (!matched && join.kind === 'left') next.push([...frame, null]);
    }
    frames = next;
  });
  const empty: Frame = new Array<Row | null>(sources.length).fill(null);
  if (stmt.where !== null) {
    const where = stmt.where;
    evaluate(where, scope, empty, ctx);
    frames = frames.filter((f) => truthy(evaluate(where, scope, f, ctx).value) === true);
  }
  // Projection: wildcards expand to every column of their source(s).
  const outputs: { name: string; expr: Expr }[] = [];
  for (const item of stmt.items) {
    if (item.kind === 'wildcard') {
      if (stmt.from === null) throw SqlError.plan('SELECT * with no tables specified is not valid');
      const chosen = sources.filter(
        (s) => item.qualifier === null || s.qualifier === item.qualifier,
      );
      if (chosen.length === 0) throw SqlError.plan(`Invalid qualifier ${item.qualifier ?? ''}`);
      for (const s of chosen) {
        for (const c of s.columns)
          outputs.push({
            name: c.name,
            expr: { kind: 'column', qualifier: s.qualifier, name: c.name },
          });
      }
    } else {
      outputs.push({ name: item.alias ?? exprName(item.expr), expr: item.expr });
    }
  }
  const columns: ColumnDef[] = outputs.map((o) => ({
    name: o.name,
    type: evaluateType(o.expr, scope, ctx),
  }));
  // ORDER BY an output name (alias) uses the projected value; anything else the input row.
  const orderKeys = stmt.orderBy.map((item) => {
    if (item.expr.kind === 'column' && item.expr.qualifier === null) {
      const name = item.expr.name;
      const index = outputs.findIndex((o) => o.name === name);
      if (index >= 0) return { ...item, output: index };
    }
    if (item.expr.kind === 'literal' && item.expr.literal.kind === 'number') {
      const position = Number(item.expr.literal.text);
      if (!Number.isInteger(position) || position < 1 || position > outputs.length) {
        throw SqlError.plan(
          `Order by column out of bounds, specified: ${item.expr.literal.text}, max: ${outputs.length}`,
        );
      }
      return { ...item, output: position - 1 };
    }
    evaluate(item.expr, scope, empty, ctx);
    return { ...item, output: -1 };
  });
  let rows = frames.map((frame) => ({
    frame,
    out: outputs.map((o) => evaluate(o.expr, scope, frame, ctx).value),
  }));
  if (orderKeys.length > 0) {
    const keyed = rows.map((r) => ({
      r,
      keys: orderKeys.map((k) =>
        k.output >= 0 ? (r.out[k.output] ?? null) : evaluate(k.expr, scope, r.frame, ctx).value,
      ),
    }));
    keyed.sort((a, b) => {
      for (let i = 0; i < orderKeys.length; i += 1) {
        const k = orderKeys[i];
        if (k === undefined) continue;
        const c = sortValues(a.keys[i] ?? null, b.keys[i] ?? null, k.descending, k.nullsFirst);
        if (c !== 0) return c;
      }
      return 0;
    });
    rows = keyed.map((k) => k.r);
  }
  const start = stmt.offset ?? 0;
  const end = stmt.limit === null ? undefined : start + stmt.limit;
  return { columns, rows: rows.slice(start, end).map((r) => r.out) };
}

/** The column type of a projected expression, derived without running admin functions. */
function evaluateType(expr: Expr, scope: Scope, ctx: QueryContext): DataTypeName {
  switch (expr.kind) {
    case 'column':
      return scope.resolve(expr.qualifier, expr.name).type;
    case 'call':
      return adminFunction(expr.name, ctx).returns;
    case 'cast':
      return expr.type;
    case 'negate':
      return evaluateType(expr.expr, scope, ctx);
    case 'literal':
      return literalTyped(expr).type;
    default:
      return 'Boolean';
  }
}

/** `args_to_vector`: literal arguments only, checked against the function's signature. */
function adminArgs(stmt: AdminStatement, fn: AdminFunction): SqlValue[] {
  const buildError = (msg: string) =>
    new SqlError(StatusCode.InvalidArguments, `Failed to build admin function args: ${msg}`);
  const values = stmt.args.map((arg) => {
    if (arg.kind !== 'literal')
      throw buildError(`unsupported function arg ${exprToSql(arg)} for ${fn.name}`);
    return arg.literal;
  });
  const numeric = (l: (typeof values)[number]) =>
    l.kind === 'number' || (l.kind === 'string' && /^[+-]?[0-9]+(\.[0-9]+)?$/.test(l.value.trim()));
  const toValue = (l: (typeof values)[number]): SqlValue =>
    l.kind === 'number'
      ? numberValue(l.text)
      : l.kind === 'string'
        ? l.value
        : l.kind === 'boolean'
          ? l.value
          : null;
  const printed = (l: (typeof values)[number]) => exprToSql({ kind: 'literal', literal: l });
  switch (fn.signature) {
    case 'numeric1':
    case 'string1': {
      if (values.length !== 1) {
        throw new SqlError(
          StatusCode.InvalidArguments,
          `Expected 1 args, but actual ${values.length}`,
        );
      }
      const [l] = values;
      if (l === undefined) return [];
      if (fn.signature === 'numeric1') {
        if (!numeric(l)) throw buildError(`failed to cast ${printed(l)}`);
        return [l.kind === 'string' ? numberValue(l.value.trim()) : toValue(l)];
      }
      if (l.kind !== 'string') throw buildError(`failed to cast ${printed(l)}`);
      return [l.value];
    }
    case 'numeric3or4':
      if ((values.length !== 3 && values.length !== 4) || !values.every(numeric)) {
        throw buildError('function signature not match');
      }
      return values.map((l) => (l.kind === 'string' ? numberValue(l.value.trim()) : toValue(l)));
    case 'stringVariadic':
      return values.map((l) => {
        if (l.kind !== 'string') throw buildError(`failed to cast ${printed(l)}`);
        return l.value;
      });
    case 'literals':
      return values.map(toValue);
  }
}

function runAdmin(stmt: AdminStatement, ctx: QueryContext): QueryOutput {
  const fn = adminFunctionIn(stmt.name, ctx.version);
  if (fn === undefined) {
    throw new SqlError(
      StatusCode.InvalidArguments,
      `Admin function not found: ${stmt.name.toLowerCase()}`,
    );
  }
  const value = invokeAdmin(fn, adminArgs(stmt, fn), ctx);
  return { columns: [{ name: stmt.display, type: fn.returns }], rows: [[value]] };
}

/**
 * v1.2 `admin_function` payload (API.md §6.3): literal arguments as JSON values, anything else
 * as its SQL text; keys sorted as the Json column returns them.
 */
function adminFunctionPayload(stmt: AdminStatement): string {
  const values: JsonValue[] = stmt.args.map((arg) => {
    if (arg.kind !== 'literal') return exprToSql(arg);
    const l = arg.literal;
    return l.kind === 'number'
      ? numberValue(l.text)
      : l.kind === 'string' || l.kind === 'boolean'
        ? l.value
        : null;
  });
  return writeJson({ arguments: { type: 'list', value: values }, version: 1 });
}

/**
 * An ADMIN statement; in v1.2 the frontend also records an `admin_function` event with its
 * outcome (API.md §6.3, `src/operator/src/statement/admin/{event,layer}.rs@v1.2.0-beta.2`).
 * `error` is the Debug text; API.md gives it for an unknown function
 * (`0: Admin function not found: <name>`), other failures use the same one-layer form (derived).
 * The emulator's own refusals (a case it does not model) record nothing.
 */
function executeAdmin(stmt: AdminStatement, ctx: QueryContext): QueryOutput {
  const record = (status: 'Succeeded' | 'Failed', output: JsonValue) => {
    if (ctx.version !== 'v1.2') return;
    ctx.cluster.events.recordAdminFunction(
      {
        atMs: ctx.cluster.clock.now(),
        actor: ctx.user,
        name: stmt.name.toLowerCase(),
        status,
        payload: adminFunctionPayload(stmt),
        output: writeJson(output),
      },
      0,
    );
  };
  try {
    const output = runAdmin(stmt, ctx);
    record('Succeeded', { result: output.rows[0]?.[0] ?? null });
    return output;
  } catch (error) {
    if (error instanceof SqlError && !error.isEmulatorRefusal) {
      record('Failed', { error: `0: ${error.message}` });
    }
    throw error;
  }
}

/** A promise only for a statement that waits for a procedure (`WITH (WAIT = true)`). */
export function executeStatement(
  stmt: Statement,
  ctx: QueryContext,
): StatementOutput | Promise<StatementOutput> {
  switch (stmt.kind) {
    case 'select':
      return executeSelect(stmt, ctx);
    case 'admin':
      return executeAdmin(stmt, ctx);
    case 'repartition':
      return executeRepartition(stmt, ctx);
  }
}
