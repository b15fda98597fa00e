/**
 * Submits one region migration to the leader MetaSrv, re-sending only when MetaSrv certainly
 * did not start a procedure: the follower refused it (API.md §1.6 step 1: no redirect, the
 * client must find the leader and resend), or no connection was made so nothing was sent.
 * After a timeout or a reset once the request was written, a procedure may be running;
 * re-sending could start a second one, so the answer is `submission-outcome-unknown` and the
 * UI re-reads the table route instead.
 */
import type { LeaderTracker } from './leader-tracker.ts';
import type { MetasrvAnswer, ProxyError } from './responses.ts';
import type { SendToMetasrv, UpstreamResult } from './upstream.ts';

export const FOLLOWER_REFUSAL =
  'Unexpected, violated: Trying to submit a region migration procedure to non-leader meta server';

/** One per configured node is enough for a 3-node cluster; more would only repeat refusals. */
export const MAX_SUBMISSION_ATTEMPTS = 3;

export type SubmissionOutcome =
  | { kind: 'answered'; answer: MetasrvAnswer }
  | { kind: 'proxy-error'; status?: number; error: ProxyError };

export function isFollowerRefusal(answer: MetasrvAnswer): boolean {
  return answer.status === 500 && answer.body.toString('utf8').trim() === FOLLOWER_REFUSAL;
}

export interface SubmissionDeps {
  tracker: LeaderTracker;
  send: SendToMetasrv;
  timeoutMs: number;
}

function outcomeUnknown(addr: string, status: number, what: string): SubmissionOutcome {
  return {
    kind: 'proxy-error',
    status,
    error: {
      code: 'submission-outcome-unknown',
      message:
        `The region-migration request reached MetaSrv ${addr}, but ${what}. MetaSrv may have ` +
        'started a procedure, so the request was not sent again. The console re-reads the ' +
        'table route to see whether the region moves.',
      metasrv: addr,
    },
  };
}

export async function submitRegionMigration(
  pathAndQuery: string,
  { tracker, send, timeoutMs }: SubmissionDeps,
): Promise<SubmissionOutcome> {
  // Each node gets the request at most once: if a re-resolved leader is a node that already
  // refused or could not be reached, the cluster has not settled and repeating cannot help.
  const tried = new Set<string>();
  let lastRefusal: MetasrvAnswer | null = null;
  let lastConnectFailure: Extract<UpstreamResult, { kind: 'connect-failed' }> | null = null;

  for (let attempt = 0; attempt < MAX_SUBMISSION_ATTEMPTS; attempt += 1) {
    const resolution = await tracker.current();
    if (!resolution.ok) return { kind: 'proxy-error', error: resolution.error };
    const addr = resolution.leader.addr;
    if (tried.has(addr)) break;
    tried.add(addr);

    const result = await send({
      addr,
      pathAndQuery,
      method: 'POST',
      timeoutMs,
      // A fresh connection: see UpstreamRequest.agent.
      agent: false,
    });
    switch (result.kind) {
      case 'response':
        if (!isFollowerRefusal(result)) return { kind: 'answered', answer: result };
        lastRefusal = result;
        tracker.forget(addr);
        continue;
      case 'connect-failed':
        lastConnectFailure = result;
        tracker.forget(addr);
        continue;
      case 'timeout':
        tracker.forget(addr);
        return outcomeUnknown(addr, 504, `no answer came within ${timeoutMs} ms`);
      case 'reset-after-send':
        tracker.forget(addr);
        return outcomeUnknown(addr, 502, `the connection broke before the answer (${result.code})`);
    }
  }

  // MetaSrv's own refusal is the most precise thing to show; the UI explains the text.
  if (lastRefusal !== null) return { kind: 'answered', answer: lastRefusal };
  const failure = lastConnectFailure;
  return {
    kind: 'proxy-error',
    error: {
      code: 'metasrv-unreachable',
      message:
        failure === null
          ? 'No MetaSrv leader could be reached; the migration was not submitted.'
          : `Could not connect to the MetaSrv leader ${failure.addr}: ${failure.message} ` +
            `(${failure.code}); the migration was not submitted.`,
      ...(failure === null ? {} : { metasrv: failure.addr }),
    },
  };
}
