/**
 * The audit trail: one JSON line per mutating request, written whatever the outcome (refused
 * by a guard, refused by MetaSrv, accepted). Lines are self-contained so they can be shipped
 * to any log system as they are. Request bodies of mutating endpoints hold ids and durations,
 * never secrets; login requests are logged without their body.
 */
import { MAX_JSON_DEPTH, valueNestsDeeperThan } from './json-nesting.ts';

export interface AuditEntry {
  /** Client address (X-Forwarded-For only from a trusted proxy: client-address.ts). */
  from: string;
  /** Null when auth is off. */
  user: string | null;
  method: string;
  path: string;
  /** The request's parameters as received (JSON body). */
  request: unknown;
  outcome: {
    status: number;
    /** Who decided: a guard of this server, the proxy, or MetaSrv itself. */
    answeredBy: 'guard' | 'proxy' | 'metasrv' | 'frontend';
    metasrv: string | null;
    /** MetaSrv's answer or the refusal, cut to a bounded length. */
    answer: string;
  };
}

const MAX_ANSWER_CHARS = 2000;

/**
 * Bodies are refused past this depth before they reach an endpoint (request-body.ts), but the
 * log is written for refusals too and must never be what throws: a value nested deeper than
 * JSON.stringify's stack allows is logged as this marker instead.
 */
export const TOO_DEEP_TO_LOG = `[not logged: nested deeper than ${MAX_JSON_DEPTH} levels]`;

export type AuditLog = (entry: AuditEntry) => void;

export function createAuditLog(
  write: (line: string) => void,
  now: () => Date = () => new Date(),
): AuditLog {
  return (entry) => {
    const answer =
      entry.outcome.answer.length > MAX_ANSWER_CHARS
        ? `${entry.outcome.answer.slice(0, MAX_ANSWER_CHARS)}…`
        : entry.outcome.answer;
    write(
      JSON.stringify({
        type: 'audit',
        at: now().toISOString(),
        ...entry,
        request: valueNestsDeeperThan(entry.request, MAX_JSON_DEPTH)
          ? TOO_DEEP_TO_LOG
          : entry.request,
        outcome: { ...entry.outcome, answer },
      }),
    );
  };
}
