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
  const inner = /Execution error: (.*?)(?:, code: \w+, tonic code: .*)?$/.exec(message)?.[1];
  if (inner !== undefined) return explainMetasrvError(inner, context);
  return {
    title: `The frontend answered with an error (HTTP ${status}${code === null ? '' : `, code ${code}`})`,
    explanation: 'GreptimeDB’s own message is quoted above.',
  };
}
