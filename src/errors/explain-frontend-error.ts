/**
 * A plain explanation of a GreptimeDB frontend's JSON error (API.md §3.4, §3.2, §3.3, §5;
 * exact texts in fixtures/sql-errors-v1.json). MetaSrv errors reach SQL users wrapped
 * ("Failed to execute admin function migrate_region: Execution error: <MetaSrv text>, code: …"),
 * so their known texts are explained as in legacy mode; errors the frontend raises itself
 * (auth, database, argument shape, flush/compact lookups) get their own rules here.
 */
import {
  explainMetasrvError,
  unwrapAdminFunctionError,
  type MetasrvErrorContext,
} from './explain-metasrv-error';

export interface FrontendErrorExplanation {
  title: string;
  explanation: string;
}

export function isFrontendAuthFailure(status: number, code: number | null): boolean {
  return status === 401 || (code !== null && code >= 7000 && code <= 7004);
}

const SET_CREDENTIALS =
  'Set FRONTEND_USER and FRONTEND_PASSWORD (or FRONTEND_AUTH) on the console server to a ' +
  'GreptimeDB user; the browser never holds them.';

const CONSOLE_BUG =
  'The console builds every statement itself, so this is a console bug: please report it with the text above.';

/**
 * The auth layer answers every failure with 401 and one of these texts (API.md §3.4 table);
 * the console server holds the credentials, so each one says what to fix there.
 */
const AUTH_RULES: readonly (readonly [
  RegExp,
  (match: RegExpExecArray) => FrontendErrorExplanation,
])[] = [
  [
    /^Not found http or grpc authorization header/,
    () => ({
      title: 'The console server sent no credentials',
      explanation: `This frontend requires a user, and the console server is not configured with one. ${SET_CREDENTIALS}`,
    }),
  ],
  [
    /^User not found, username: (.*)$/,
    (match) => ({
      title: `GreptimeDB has no user ${match[1] ?? ''}`,
      explanation: `The frontend’s user provider does not know the user the console server logs in as. ${SET_CREDENTIALS}`,
    }),
  ],
  [
    /^Username and password does not match, username: (.*)$/,
    (match) => ({
      title: `Wrong password for user ${match[1] ?? ''}`,
      explanation: `The user exists but the console server’s password for it is wrong (or was changed on the cluster). ${SET_CREDENTIALS}`,
    }),
  ],
  [
    /^(Unsupported http auth scheme|Invalid http authorization header|Invalid base64 value|Invalid utf-8 value|Invalid visibility ASCII chars)/,
    () => ({
      title: 'The frontend could not read the console’s credentials',
      explanation: `The Authorization header was malformed: a user name without a password, a colon missing, or characters GreptimeDB does not accept. Check the value of FRONTEND_AUTH (name:password) on the console server. ${SET_CREDENTIALS}`,
    }),
  ],
];

function explainAuthFailure(message: string): FrontendErrorExplanation {
  for (const [pattern, explain] of AUTH_RULES) {
    const match = pattern.exec(message);
    if (match !== null) return explain(match);
  }
  return {
    title: 'The frontend refused the console’s credentials',
    explanation: `The credentials the console server sends to GreptimeDB are missing or wrong. ${SET_CREDENTIALS}`,
  };
}

export function explainFrontendError(
  status: number,
  code: number | null,
  message: string,
  context: MetasrvErrorContext,
): FrontendErrorExplanation {
  if (isFrontendAuthFailure(status, code)) return explainAuthFailure(message);
  if (status === 403 || code === 7005 || code === 7006) {
    return {
      title: 'The frontend denied permission',
      explanation:
        'The GreptimeDB user the console server logs in as may not run this statement. Admin ' +
        'functions need a user allowed in catalog greptime.',
    };
  }
  const database = /^Database not found: (.*)$/.exec(message);
  if (code === 4004 && database !== null) {
    return {
      title: `Database ${database[1] ?? ''} was not found`,
      explanation:
        'The frontend has no such schema. GreptimeDB compares database names case-sensitively ' +
        '(PUBLIC is not public), and admin functions run in catalog greptime.',
    };
  }
  if (code === 4001) {
    return {
      title: 'Table not found',
      explanation: 'The cluster has no such table (it may have been dropped).',
    };
  }
  const rule = firstMatch(FRONTEND_RULES, message);
  if (rule !== null) return rule;
  if (unwrapAdminFunctionError(message) !== message) return explainMetasrvError(message, context);
  return {
    title: `The frontend answered with an error (HTTP ${status}${code === null ? '' : `, code ${code}`})`,
    explanation: 'GreptimeDB’s own message is quoted above.',
  };
}

type FrontendRule = readonly [RegExp, (match: RegExpExecArray) => FrontendErrorExplanation];

/**
 * Texts the frontend raises itself: argument shapes checked before the call (400/1004), and
 * flush_* / compact_* lookups in the frontend's partition manager (API.md §5), not in MetaSrv.
 */
const FRONTEND_RULES: readonly FrontendRule[] = [
  [
    /^(Expected \d+ args, but actual \d+|Failed to build admin function args: )/,
    () => ({
      title: 'GreptimeDB refused the statement’s arguments',
      explanation: `The frontend rejected the number or type of arguments before running anything. ${CONSOLE_BUG}`,
    }),
  ],
  [
    /admin function (?:flush|compact)_region: .*Region not found: (\d+)/,
    (match) => ({
      title: `Region ${match[1] ?? ''} was not found`,
      explanation:
        'The frontend found no leader for this region: it no longer exists (the table was ' +
        'dropped or re-partitioned) or has no leader right now. Re-read the table and try again.',
    }),
  ],
  [
    /admin function (?:flush|compact)_region: Execution error: Failed to find table route: (\d+)$/,
    (match) => ({
      title: `Table ${match[1] ?? ''} has no route`,
      explanation:
        'The frontend found no table route for the table this region id belongs to: the table ' +
        'was dropped after the grid was loaded. Nothing was flushed or compacted.',
    }),
  ],
  [
    /admin function (?:flush|compact)_region: Execution error: Failed to find leader of table id (\d+) region (\d+)\(\d+, (\d+)\)/,
    (match) => ({
      title: `Region ${match[2] ?? ''} has no leader the frontend can find`,
      explanation: `Table ${match[1] ?? ''} exists, but region number ${match[3] ?? ''} is not in its route (it was merged away by a repartition) or has no leader right now (a failover or migration is under way). Nothing ran; re-read the table and try again.`,
    }),
  ],
  [
    /admin function (?:flush|compact)_table: .*Table not found: (\S+)/,
    (match) => ({
      title: `Table ${match[1] ?? ''} was not found`,
      explanation:
        'The frontend has no table by this name: it was dropped or renamed after the grid ' +
        'was loaded. Open the table again by name.',
    }),
  ],
  [
    /admin function (?:flush|compact)_\w+: .*Datanode (\d+) is unavailable/,
    (match) => ({
      title: `Datanode ${match[1] ?? ''} is unavailable`,
      explanation:
        'Flush and compaction run on the datanode that leads the region, and the frontend ' +
        'could not reach it. Nothing was flushed or compacted there; check that the datanode ' +
        'is running, or migrate the region first.',
    }),
  ],
  [
    /admin function (?:flush|compact)_\w+: .*Invalid function args: (.*)$/,
    (match) => ({
      title: 'GreptimeDB refused the arguments',
      explanation: `The frontend did not accept the statement’s arguments (${match[1] ?? ''}). Nothing ran.`,
    }),
  ],
];

function firstMatch(
  rules: readonly FrontendRule[],
  message: string,
): FrontendErrorExplanation | null {
  for (const [pattern, explain] of rules) {
    const match = pattern.exec(message);
    if (match !== null) return explain(match);
  }
  return null;
}
