/**
 * Errors of the emulated frontend, as GreptimeDB's `StatusCode` plus the `output_msg()` text
 * the HTTP API puts in `error` (v1.1.4 src/common/error/src/{status_code,ext}.rs).
 */

/** The StatusCode values the emulator produces (numbers are GreptimeDB's). */
export const StatusCode = {
  Unknown: 1000,
  Unsupported: 1001,
  Unexpected: 1002,
  Internal: 1003,
  InvalidArguments: 1004,
  Cancelled: 1005,
  IllegalState: 1006,
  InvalidSyntax: 2000,
  PlanQuery: 3000,
  EngineExecuteQuery: 3001,
  TableNotFound: 4001,
  DatabaseNotFound: 4004,
  UserNotFound: 7000,
  UserPasswordMismatch: 7002,
  AuthHeaderNotFound: 7003,
  InvalidAuthHeader: 7004,
  AccessDenied: 7005,
  PermissionDenied: 7006,
} as const;
export type StatusCodeValue = (typeof StatusCode)[keyof typeof StatusCode];

const EMULATOR_REFUSAL = 'Not supported by the GreptimeDB emulator: ';

export class SqlError extends Error {
  override readonly name = 'SqlError';
  constructor(
    readonly code: StatusCodeValue,
    message: string,
  ) {
    super(message);
  }

  static tokenizer(message: string, at: { line: number; column: number }): SqlError {
    return new SqlError(
      StatusCode.InvalidSyntax,
      `Invalid SQL syntax: sql parser error: ${message} at Line: ${at.line}, Column: ${at.column}`,
    );
  }

  static syntax(expected: string, found: string, at: { line: number; column: number }): SqlError {
    return new SqlError(
      StatusCode.InvalidSyntax,
      `Invalid SQL syntax: sql parser error: Expected: ${expected}, found: ${found} at Line: ${at.line}, Column: ${at.column}`,
    );
  }

  /** A statement GreptimeDB would run but the emulator does not model; names what is missing. */
  static unsupported(what: string): SqlError {
    return new SqlError(StatusCode.Unsupported, `${EMULATOR_REFUSAL}${what}`);
  }

  /** The emulator's own refusal (no GreptimeDB answer): nothing GreptimeDB would record. */
  get isEmulatorRefusal(): boolean {
    return this.code === StatusCode.Unsupported && this.message.startsWith(EMULATOR_REFUSAL);
  }

  static plan(message: string): SqlError {
    return new SqlError(StatusCode.PlanQuery, `Failed to plan SQL: ${message}`);
  }

  static tableNotFound(fullName: string): SqlError {
    return new SqlError(
      StatusCode.TableNotFound,
      `Failed to plan SQL: Table not found: ${fullName}`,
    );
  }
}

/** `status_code_to_http_status` (v1.1.4 src/servers/src/error.rs) for the codes used here. */
export function httpStatusFor(code: number): number {
  switch (code) {
    case StatusCode.Unsupported:
    case StatusCode.InvalidArguments:
    case StatusCode.InvalidSyntax:
    case StatusCode.PlanQuery:
    case StatusCode.TableNotFound:
    case StatusCode.DatabaseNotFound:
      return 400;
    case StatusCode.UserNotFound:
    case StatusCode.UserPasswordMismatch:
    case StatusCode.AuthHeaderNotFound:
    case StatusCode.InvalidAuthHeader:
      return 401;
    case StatusCode.AccessDenied:
    case StatusCode.PermissionDenied:
      return 403;
    case StatusCode.Cancelled:
      return 504;
    default:
      return 500;
  }
}

/** `output_msg()`: Internal and Unknown errors are masked from the client. */
export function outputMessage(error: SqlError): string {
  if (error.code === StatusCode.Internal || error.code === StatusCode.Unknown) {
    return `Internal error: ${error.code}`;
  }
  return error.message;
}
