/**
 * A plain explanation of a GreptimeDB frontend's JSON error (API.md §3.4). MetaSrv errors
 * reach SQL users wrapped ("Failed to execute admin function migrate_region: Execution
 * error: <MetaSrv text>, code: …"), so their known texts are explained as in legacy mode.
 */
import { explainMetasrvError, type MetasrvErrorContext } from './explain-metasrv-error';

export interface FrontendErrorExplanation {
  title: string;
  explanation: string;
}

export function isFrontendAuthFailure(status: number, code: number | null): boolean {
  return status === 401 || (code !== null && code >= 7000 && code <= 7004);
}

export function explainFrontendError(
  status: number,
  code: number | null,
  message: string,
  context: MetasrvErrorContext,
): FrontendErrorExplanation {
  if (isFrontendAuthFailure(status, code)) {
    return {
      title: 'The frontend refused the console’s credentials',
      explanation:
        'The credentials the console server sends to GreptimeDB are missing or wrong. Set ' +
        'FRONTEND_USER and FRONTEND_PASSWORD (or FRONTEND_AUTH) on the console server to a ' +
        'GreptimeDB user; the browser never holds them.',
    };
  }
  if (status === 403 || code === 7005 || code === 7006) {
    return {
      title: 'The frontend denied permission',
      explanation:
        'The GreptimeDB user the console server logs in as may not run this statement. Admin ' +
        'functions need a user allowed in catalog greptime.',
    };
  }
  if (code === 4001) {
    return {
      title: 'Table not found',
      explanation: 'The cluster has no such table (it may have been dropped).',
    };
  }
  const maintenance = explainMaintenanceError(message);
  if (maintenance !== null) return maintenance;
  const inner = /Execution error: (.*?)(?:, code: \w+, tonic code: .*)?$/.exec(message)?.[1];
  if (inner !== undefined) return explainMetasrvError(inner, context);
  return {
    title: `The frontend answered with an error (HTTP ${status}${code === null ? '' : `, code ${code}`})`,
    explanation: 'GreptimeDB’s own message is quoted above.',
  };
}

/**
 * flush_* and compact_* fail in the frontend itself (finding the region's leader or the
 * table), not in MetaSrv, so their texts get their own explanations.
 */
const MAINTENANCE_RULES: readonly (readonly [
  RegExp,
  (match: RegExpExecArray) => FrontendErrorExplanation,
])[] = [
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

function explainMaintenanceError(message: string): FrontendErrorExplanation | null {
  for (const [pattern, explain] of MAINTENANCE_RULES) {
    const match = pattern.exec(message);
    if (match !== null) return explain(match);
  }
  return null;
}
