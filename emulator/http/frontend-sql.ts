/**
 * The frontend's HTTP SQL API (v1.1.4 src/servers/src/http.rs, http/handler.rs,
 * http/authorize.rs, http/result/{greptime_result_v1,error_result}.rs), as a pure function from
 * request to response:
 * - `/v1/sql`, GET or POST (other methods 405); `sql`, `db`, `format`, `limit` from the query
 *   string or a form body, the query winning; a POST must be form-encoded (axum `Form`);
 * - optional basic auth on `/v1/*` except `/v1/health`: `x-greptime-auth` then `Authorization`,
 *   every failure 401 with the error JSON;
 * - success `{"output":[...],"execution_time_ms":n}`, errors `{"code","error","execution_time_ms"}`
 *   with `x-greptime-err-code`/`x-greptime-err-msg` and the HTTP status of the code;
 * - a statement that waits for a procedure (`ALTER TABLE … SPLIT PARTITION …` with the default
 *   `WAIT = true`) makes the answer a promise, settled when the procedure ends.
 * Only the greptimedb_v1 format is produced; other known formats are refused by name.
 */
import type { EmulatedCluster } from '../model/cluster.ts';
import type { SqlApiVersion } from '../model/types.ts';
import type { FrontendIdentity, QueryContext } from '../sql/context.ts';
import { SqlError, StatusCode, httpStatusFor, outputMessage } from '../sql/errors.ts';
import type { StatusCodeValue } from '../sql/errors.ts';
import { executeStatement } from '../sql/executor.ts';
import type { QueryOutput, StatementOutput } from '../sql/executor.ts';
import { parseSql } from '../sql/parser.ts';
import type { Statement } from '../sql/ast.ts';
import type { SqlValue } from '../sql/values.ts';
import type { HttpExchange } from './http-listener.ts';
import type { AdminResponse } from './legacy-admin.ts';

export interface FrontendCredentials {
  user: string;
  password: string;
}

export interface FrontendEnv {
  cluster: EmulatedCluster;
  version: SqlApiVersion;
  frontend: FrontendIdentity;
  /** null: no user provider, no auth. */
  auth: FrontendCredentials | null;
}

const JSON_TYPE = 'application/json';
const OTHER_FORMATS = new Set([
  'influxdb_v1',
  'csv',
  'csvwithnames',
  'csvwithnamesandtypes',
  'arrow',
  'table',
  'json',
  'null',
]);

/** `from_err_code_msg_to_header`: the message goes raw when it is a valid header value. */
function errorHeaderValue(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const valid = [...bytes].every((b) => (b >= 32 && b < 127) || b === 9);
  if (valid) return text;
  // std::ascii::escape_default of every byte (non-ASCII is escaped too so Node can send it).
  return [...bytes]
    .map((b) => {
      if (b === 9) return '\\t';
      if (b === 10) return '\\n';
      if (b === 13) return '\\r';
      if (b === 0x27) return "\\'";
      if (b === 0x22) return '\\"';
      if (b === 0x5c) return '\\\\';
      if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
      return `\\x${b.toString(16).padStart(2, '0')}`;
    })
    .join('');
}

export function errorResponse(
  code: number,
  message: string,
  executionMs: number,
  status?: number,
): AdminResponse {
  return {
    status: status ?? httpStatusFor(code),
    headers: {
      'content-type': JSON_TYPE,
      'x-greptime-err-code': String(code),
      'x-greptime-err-msg': errorHeaderValue(
        `error: ${message}, execution_time_ms: ${executionMs}`,
      ),
    },
    body: `{"code":${code},"error":${JSON.stringify(message)},"execution_time_ms":${executionMs}}`,
  };
}

/** serde_json writing of a row value; bigint stays exact, floats keep a fraction. */
function valueJson(value: SqlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    return Number.isInteger(value) ? `${value}.0` : String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

export function recordsJson(output: QueryOutput): string {
  const schemas = output.columns
    .map((c) => `{"name":${JSON.stringify(c.name)},"data_type":"${c.type}"}`)
    .join(',');
  // A Json column's value goes out as the JSON value itself, not as a string (API.md §3.4); the
  // model keeps it as compact JSON text with sorted keys, as JSONB returns it.
  const json = output.columns.map((c) => c.type === 'Json');
  const rows = output.rows
    .map(
      (r) =>
        `[${r.map((v, i) => (json[i] === true && typeof v === 'string' ? v : valueJson(v))).join(',')}]`,
    )
    .join(',');
  return `{"records":{"schema":{"column_schemas":[${schemas}]},"rows":[${rows}],"total_rows":${output.rows.length}}}`;
}

/** One element of `output`; `limit` cuts records only. */
function outputJson(output: StatementOutput, limit: number | undefined): string {
  if ('affectedRows' in output) return `{"affectedrows":${output.affectedRows}}`;
  return recordsJson(
    limit === undefined ? output : { ...output, rows: output.rows.slice(0, limit) },
  );
}

/**
 * Runs the statements in order, stopping at the first error. From the first statement that waits
 * for a procedure on, the rest run once it has finished, and the result is a promise.
 */
function runStatements(
  statements: Statement[],
  ctx: QueryContext,
  limit: number | undefined,
  done: string[] = [],
): string[] | Promise<string[]> {
  const outputs = [...done];
  for (const [i, statement] of statements.entries()) {
    const result = executeStatement(statement, ctx);
    if (result instanceof Promise) {
      return result.then((output) =>
        runStatements(statements.slice(i + 1), ctx, limit, [...outputs, outputJson(output, limit)]),
      );
    }
    outputs.push(outputJson(result, limit));
  }
  return outputs;
}

function param(query: URLSearchParams, form: URLSearchParams, key: string): string | undefined {
  return query.get(key) ?? form.get(key) ?? undefined;
}

function header(exchange: HttpExchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The auth layer (authorize.rs); null when the request may pass. */
function authFailure(
  exchange: HttpExchange,
  auth: FrontendCredentials,
): { code: StatusCodeValue; message: string } | null {
  const raw = header(exchange, 'x-greptime-auth') ?? header(exchange, 'authorization');
  if (raw === undefined) {
    return {
      code: StatusCode.AuthHeaderNotFound,
      message: 'Not found http or grpc authorization header',
    };
  }
  // HeaderValue::to_str: visible ASCII only; output_msg appends the ToStrError.
  if (!/^[\x20-\x7e]*$/.test(raw)) {
    return {
      code: StatusCode.InvalidAuthHeader,
      message: 'Invalid visibility ASCII chars: failed to convert header to a str',
    };
  }
  const invalid = {
    code: StatusCode.InvalidAuthHeader,
    message: 'Invalid http authorization header',
  };
  const space = raw.indexOf(' ');
  if (space < 0) return invalid;
  const scheme = raw.slice(0, space);
  const credential = raw.slice(space + 1);
  if (credential.includes(' ')) return invalid;
  if (scheme.toLowerCase() !== 'basic') {
    return {
      code: StatusCode.InvalidAuthHeader,
      message: `Unsupported http auth scheme, name: ${scheme.toLowerCase()}`,
    };
  }
  const decodeError = base64Error(credential);
  if (decodeError !== null) {
    // output_msg appends the foreign root error (API.md §3.4).
    return { code: StatusCode.InvalidAuthHeader, message: `Invalid base64 value: ${decodeError}` };
  }
  const credentialBytes = Buffer.from(credential, 'base64');
  const utf8Error = fromUtf8Error(credentialBytes);
  if (utf8Error !== null) {
    return { code: StatusCode.InvalidAuthHeader, message: `Invalid utf-8 value: ${utf8Error}` };
  }
  const decoded = credentialBytes.toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return invalid;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (user !== auth.user)
    return { code: StatusCode.UserNotFound, message: `User not found, username: ${user}` };
  if (password !== auth.password) {
    return {
      code: StatusCode.UserPasswordMismatch,
      message: `Username and password does not match, username: ${user}`,
    };
  }
  return null;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d;

/**
 * The `DecodeError` Display of base64 0.22's `BASE64_STANDARD.decode` (canonical padding, no
 * trailing bits) for a header value, or null when it decodes: the last lone byte first, then the
 * complete quads, then the final quad (`complete_quads_len` in src/engine/general_purpose/decode.rs,
 * `decode_suffix.rs`, texts in src/decode.rs of marshallpierce/rust-base64@v0.22.1).
 */
function base64Error(text: string): string | null {
  const bytes = Buffer.from(text, 'latin1');
  const morselOf = (b: number) => BASE64_ALPHABET.indexOf(String.fromCharCode(b));
  const invalidByte = (offset: number, b: number) => `Invalid symbol ${b}, offset ${offset}.`;
  const rem = bytes.length % 4;
  const lastByte = bytes[bytes.length - 1] ?? 0;
  if (rem === 1 && lastByte !== PAD && morselOf(lastByte) < 0) {
    return invalidByte(bytes.length - 1, lastByte);
  }
  const quadsEnd = Math.max(0, bytes.length - rem - (rem === 0 ? 4 : 0));
  for (let i = 0; i < quadsEnd; i += 1) {
    const b = bytes[i] ?? 0;
    if (morselOf(b) < 0) return invalidByte(i, b);
  }
  const morsels: number[] = [];
  let padding = 0;
  let firstPad = 0;
  let lastSymbol = 0;
  for (let k = 0; quadsEnd + k < bytes.length; k += 1) {
    const b = bytes[quadsEnd + k] ?? 0;
    if (b === PAD) {
      if (k < 2) return invalidByte(quadsEnd + k, b);
      if (padding === 0) firstPad = k;
      padding += 1;
      continue;
    }
    if (padding > 0) return invalidByte(quadsEnd + firstPad, PAD);
    lastSymbol = b;
    const morsel = morselOf(b);
    if (morsel < 0) return invalidByte(quadsEnd + k, b);
    morsels.push(morsel);
  }
  if (bytes.length > 0 && morsels.length < 2) {
    return `Invalid input length: ${quadsEnd + morsels.length}`;
  }
  if ((padding + morsels.length) % 4 !== 0) return 'Invalid padding';
  const kept = Math.floor((morsels.length * 6) / 8);
  const bits = morsels.reduce((acc, m, i) => acc + m * 2 ** (26 - 6 * i), 0);
  const unused = bits % 2 ** (32 - kept * 8);
  if (morsels.length > 0 && unused !== 0) {
    return `Invalid last symbol ${lastSymbol}, offset ${quadsEnd + morsels.length - 1}.`;
  }
  return null;
}

/** Second-byte ranges of multi-byte UTF-8 sequences by lead byte (Rust `run_utf8_validation`). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** Rust's `FromUtf8Error` Display for bytes that are not UTF-8, or null when they are. */
function fromUtf8Error(bytes: Buffer): string | null {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const width =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (width === 0) return `invalid utf-8 sequence of 1 bytes from index ${i}`;
    for (let k = 1; k < width; k += 1) {
      const b = bytes[i + k];
      if (b === undefined) return `incomplete utf-8 byte sequence from index ${i}`;
      const [low, high] = k === 1 ? secondByteRange(lead) : [0x80, 0xbf];
      if (b < low || b > high) return `invalid utf-8 sequence of ${k} bytes from index ${i}`;
    }
    i += width;
  }
  return null;
}

/**
 * `parse_catalog_and_schema_from_db_string`: `catalog-schema` or `schema`, case-sensitive
 * (nothing is lower-cased, API.md §3.4).
 */
function catalogAndSchema(db: string | undefined): { catalog: string; schema: string } {
  if (db === undefined) return { catalog: 'greptime', schema: 'public' };
  const dash = db.indexOf('-');
  return dash < 0
    ? { catalog: 'greptime', schema: db }
    : { catalog: db.slice(0, dash), schema: db.slice(dash + 1) };
}

function schemaExists(cluster: EmulatedCluster, catalog: string, schema: string): boolean {
  if (
    catalog === 'greptime' &&
    ['public', 'information_schema', 'greptime_private'].includes(schema)
  )
    return true;
  for (const t of cluster.allTables())
    if (t.catalog === catalog && t.schema === schema) return true;
  return false;
}

function sqlEndpoint(
  env: FrontendEnv,
  exchange: HttpExchange,
  startedAt: number,
): AdminResponse | Promise<AdminResponse> {
  const elapsed = () => Math.max(0, Math.round(performance.now() - startedAt));
  const query = new URLSearchParams(exchange.query);
  let form: URLSearchParams;
  if (exchange.method === 'POST') {
    const type = header(exchange, 'content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return {
        status: 415,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Form requests must have `Content-Type: application/x-www-form-urlencoded`',
      };
    }
    form = new URLSearchParams(exchange.body);
  } else {
    // axum's Form on GET reads the query string as well.
    form = query;
  }
  const limitRaw = param(query, form, 'limit');
  if (limitRaw !== undefined && !/^[0-9]+$/.test(limitRaw)) {
    return {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Failed to deserialize query string: limit: invalid digit found in string',
    };
  }
  // The `db` parameter overrides the `x-greptime-db-name` header (handler.rs `sql`).
  const db = param(query, form, 'db') ?? header(exchange, 'x-greptime-db-name');
  const { catalog, schema } = catalogAndSchema(db);
  const sql = param(query, form, 'sql');
  const format = (param(query, form, 'format') ?? 'greptimedb_v1').toLowerCase();
  if (sql === undefined) {
    return errorResponse(StatusCode.InvalidArguments, 'sql parameter is required.', elapsed());
  }
  if (!schemaExists(env.cluster, catalog, schema)) {
    const dbString = catalog === 'greptime' ? schema : `${catalog}-${schema}`;
    return errorResponse(StatusCode.DatabaseNotFound, `Database not found: ${dbString}`, elapsed());
  }
  if (OTHER_FORMATS.has(format)) {
    return errorResponse(
      StatusCode.Unsupported,
      `Not supported by the GreptimeDB emulator: format=${format} (only greptimedb_v1)`,
      elapsed(),
    );
  }
  const ctx: QueryContext = {
    cluster: env.cluster,
    version: env.version,
    // userinfo_by_name(None) without a user provider.
    user: env.auth?.user ?? 'greptime',
    catalog,
    schema,
    frontend: env.frontend,
  };
  const fail = (error: unknown): AdminResponse => {
    if (error instanceof SqlError)
      return errorResponse(error.code, outputMessage(error), elapsed());
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse(
      StatusCode.Internal,
      outputMessage(new SqlError(StatusCode.Internal, message)),
      elapsed(),
    );
  };
  const succeed = (outputs: string[]): AdminResponse => {
    const ms = elapsed();
    const body =
      outputs.length === 0
        ? `{"execution_time_ms":${ms}}`
        : `{"output":[${outputs.join(',')}],"execution_time_ms":${ms}}`;
    return {
      status: 200,
      headers: {
        'content-type': JSON_TYPE,
        'x-greptime-format': 'greptimedb_v1',
        'x-greptime-execution-time': String(ms),
      },
      body,
    };
  };
  let outputs: string[] | Promise<string[]>;
  try {
    // GreptimeDB parses every statement first, then runs them in order, stopping at the first
    // error; one error answers for the whole request.
    outputs = runStatements(
      parseSql(sql),
      ctx,
      limitRaw === undefined ? undefined : Number(limitRaw),
    );
  } catch (error) {
    return fail(error);
  }
  return outputs instanceof Promise ? outputs.then(succeed, fail) : succeed(outputs);
}

export function handleFrontendRequest(
  env: FrontendEnv,
  exchange: HttpExchange,
): AdminResponse | Promise<AdminResponse> {
  const startedAt = performance.now();
  const { path, method } = exchange;
  if (path === '/health' || path === '/v1/health') {
    return { status: 200, headers: { 'content-type': JSON_TYPE }, body: '{}' };
  }
  if (env.auth !== null && path.startsWith('/v1/')) {
    const failure = authFailure(exchange, env.auth);
    // err_response forces 401 whatever the code.
    if (failure !== null) return errorResponse(failure.code, failure.message, 0, 401);
  }
  if (path === '/v1/sql') {
    if (method !== 'GET' && method !== 'POST')
      return { status: 405, headers: { allow: 'GET,HEAD,POST' }, body: '' };
    return sqlEndpoint(env, exchange, startedAt);
  }
  return { status: 404, headers: {}, body: '' };
}
