/**
 * The frontend's HTTP SQL API (v1.1.4 src/servers/src/http.rs, http/handler.rs,
 * http/authorize.rs, http/result/{greptime_result_v1,error_result}.rs), as a pure function from
 * request to response:
 * - `/v1/sql`, GET or POST (other methods 405); `sql`, `db`, `format`, `limit` from the query
 *   string or a form body, the query winning; a POST must be form-encoded (axum `Form`);
 * - optional basic auth on `/v1/*` except `/v1/health`: `x-greptime-auth` then `Authorization`,
 *   every failure 401 with the error JSON;
 * - success `{"output":[...],"execution_time_ms":n}`, errors `{"code","error","execution_time_ms"}`
 *   with `x-greptime-err-code`/`x-greptime-err-msg` and the HTTP status of the code.
 * Only the greptimedb_v1 format is produced; other known formats are refused by name.
 */
import type { EmulatedCluster } from '../model/cluster.ts';
import type { FrontendIdentity, QueryContext } from '../sql/context.ts';
import { SqlError, StatusCode, httpStatusFor, outputMessage } from '../sql/errors.ts';
import type { StatusCodeValue } from '../sql/errors.ts';
import { executeStatement } from '../sql/executor.ts';
import type { QueryOutput } from '../sql/executor.ts';
import { parseSql } from '../sql/parser.ts';
import type { SqlValue } from '../sql/values.ts';
import type { HttpExchange } from './http-listener.ts';
import type { AdminResponse } from './legacy-admin.ts';

export interface FrontendCredentials {
  user: string;
  password: string;
}

export interface FrontendEnv {
  cluster: EmulatedCluster;
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
  const rows = output.rows.map((r) => `[${r.map(valueJson).join(',')}]`).join(',');
  return `{"records":{"schema":{"column_schemas":[${schemas}]},"rows":[${rows}],"total_rows":${output.rows.length}}}`;
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
  // HeaderValue::to_str: visible ASCII only.
  if (!/^[\x20-\x7e]*$/.test(raw)) {
    return { code: StatusCode.InvalidAuthHeader, message: 'Invalid visibility ASCII chars' };
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
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(credential) || credential.length % 4 === 1) {
    return { code: StatusCode.InvalidAuthHeader, message: 'Invalid base64 value' };
  }
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
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

/** `parse_catalog_and_schema_from_db_string`: `catalog-schema` or `schema`. */
function catalogAndSchema(db: string | undefined): { catalog: string; schema: string } {
  if (db === undefined) return { catalog: 'greptime', schema: 'public' };
  const dash = db.indexOf('-');
  return dash < 0
    ? { catalog: 'greptime', schema: db.toLowerCase() }
    : { catalog: db.slice(0, dash).toLowerCase(), schema: db.slice(dash + 1).toLowerCase() };
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

function sqlEndpoint(env: FrontendEnv, exchange: HttpExchange, startedAt: number): AdminResponse {
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
  const db = param(query, form, 'db');
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
  const ctx: QueryContext = { cluster: env.cluster, catalog, schema, frontend: env.frontend };
  const outputs: string[] = [];
  try {
    // GreptimeDB parses every statement first, then runs them in order, stopping at the first
    // error; one error answers for the whole request.
    for (const statement of parseSql(sql)) {
      const output = executeStatement(statement, ctx);
      const limit = limitRaw === undefined ? undefined : Number(limitRaw);
      outputs.push(
        recordsJson(
          limit === undefined ? output : { ...output, rows: output.rows.slice(0, limit) },
        ),
      );
    }
  } catch (error) {
    if (error instanceof SqlError)
      return errorResponse(error.code, outputMessage(error), elapsed());
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse(
      StatusCode.Internal,
      outputMessage(new SqlError(StatusCode.Internal, message)),
      elapsed(),
    );
  }
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
}

export function handleFrontendRequest(env: FrontendEnv, exchange: HttpExchange): AdminResponse {
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
