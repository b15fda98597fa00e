/**
 * Pure: what a repartition record becomes after the frontend answered its statement, and after
 * each `procedure_state` read (API.md §3.3, §7.3). The tracker does the I/O; these decide.
 */
import { formatHumantimeDuration } from '../../contract/duration.ts';
import { RepartitionProcedureStatusSchema } from '../../contract/repartition/repartition-api.ts';
import type {
  RepartitionOutcome,
  RepartitionProcedureStatus,
  TrackedRepartition,
} from '../../contract/repartition/repartition-api.ts';
import type { Read } from '../migrations/sql-migration.ts';
import {
  explainFrontendError,
  isAuthFailure,
  readFirstRecords,
  readFrontendError,
} from '../sql/frontend-answer.ts';
import type { SqlAnswer } from '../sql/sql-api.ts';

/**
 * How long past its TIMEOUT a procedure is still followed. The deadline stops the datanode
 * steps (`Exceeded deadline`), but the rollback that follows (restoring the rule, dropping the
 * allocated regions) still runs, and a repartition queued behind another one's table lock
 * (API.md §7.2 step 11) starts late.
 */
export const REPARTITION_GIVE_UP_GRACE_MS = 60_000;

/** The failure text of a datanode step that used up the statement's TIMEOUT (API.md §7.1). */
const DEADLINE_TEXT = 'Exceeded deadline';

export type ProcedureRead = Read<{ json: string; status: string; error: string | null }>;

function finished(
  record: TrackedRepartition,
  outcome: RepartitionOutcome,
  atMs: number,
): TrackedRepartition {
  return { ...record, phase: 'finished', outcome, finishedAtMs: atMs };
}

function durationText(ms: number): string {
  return formatHumantimeDuration(BigInt(ms) * 1_000_000n);
}

/** The WAIT = false answer: one row, one String column `Procedure ID` (API.md §7.1). */
function procedureIdOf(text: string): string | null {
  const rows = readFirstRecords(text);
  const id = rows?.length === 1 ? rows[0]?.['Procedure ID'] : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The record once the frontend answered the `ALTER TABLE` statement (or did not). */
export function submissionResult(
  record: TrackedRepartition,
  answer: SqlAnswer,
  atMs: number,
): TrackedRepartition {
  if (answer.kind === 'proxy-error') {
    if (answer.error.code === 'submission-outcome-unknown') {
      // It may have run: never re-sent, and without an id nothing can be read.
      return {
        ...record,
        phase: 'following',
        lastReadError: `${answer.error.message} Without the procedure id, procedure_state cannot be read.`,
      };
    }
    return finished(
      record,
      { kind: 'not-submitted', code: answer.error.code, message: answer.error.message },
      atMs,
    );
  }
  if (answer.kind !== 'frontend') {
    return finished(
      record,
      { kind: 'not-submitted', code: 'unexpected', message: 'unexpected answer' },
      atMs,
    );
  }
  const { addr, status, body } = answer.answer;
  const sent: TrackedRepartition = { ...record, frontendAddr: addr };
  const text = body.toString('utf8');
  if (status !== 200) {
    const error = readFrontendError(text);
    if (isAuthFailure(status, error)) {
      // Refused before anything ran: certainly not started.
      return finished(
        sent,
        {
          kind: 'not-submitted',
          code: 'frontend-auth',
          message: explainFrontendError(status, error),
        },
        atMs,
      );
    }
    return finished(
      sent,
      {
        kind: 'refused',
        httpStatus: status,
        code: error?.code ?? null,
        message: error?.error ?? text,
      },
      atMs,
    );
  }
  const procedureId = procedureIdOf(text);
  if (procedureId === null) {
    return {
      ...sent,
      phase: 'following',
      lastReadError:
        `The frontend ${addr} answered 200 with a body the console cannot read ` +
        `(${text.slice(0, 120)}); a procedure may have started, but without its id ` +
        'procedure_state cannot be read.',
    };
  }
  return { ...sent, phase: 'following', procedureId };
}

function outcomeOf(
  status: RepartitionProcedureStatus,
  error: string | null,
): RepartitionOutcome | null {
  if (status === 'Done') return { kind: 'done' };
  if (status !== 'Failed' && status !== 'Poisoned') return null;
  if (error?.includes(DEADLINE_TEXT) === true) {
    return { kind: 'timed-out', byProcedure: true, message: error };
  }
  return { kind: 'failed', reason: error ?? '' };
}

/** When the console stops following a procedure that has not ended. */
export function giveUpAtMs(record: TrackedRepartition): number {
  return record.submittedAtMs + record.timeoutMs + REPARTITION_GIVE_UP_GRACE_MS;
}

export function giveUpIfPastBound(record: TrackedRepartition, atMs: number): TrackedRepartition {
  if (record.phase !== 'following' || atMs < giveUpAtMs(record)) return record;
  const last = record.states.at(-1);
  const seen =
    last === undefined
      ? 'procedure_state never gave its status'
      : `procedure_state last said ${last.status}`;
  const why = record.lastReadError === null ? '' : ` (${record.lastReadError})`;
  const check =
    record.procedureId === null
      ? 'the table’s partitions tell'
      : `ADMIN procedure_state('${record.procedureId}') tells`;
  return finished(
    record,
    {
      kind: 'timed-out',
      byProcedure: false,
      message:
        `No end state ${durationText(REPARTITION_GIVE_UP_GRACE_MS)} after the ` +
        `${durationText(record.timeoutMs)} timeout: ${seen}${why}. The console stopped ` +
        `following it; it may still end (${check}).`,
    },
    atMs,
  );
}

/** One follow step: the procedure_state read (null without a procedure id), then the bound. */
export function applyProcedureRead(
  record: TrackedRepartition,
  read: ProcedureRead | null,
  atMs: number,
): TrackedRepartition {
  if (record.phase !== 'following') return record;
  let next = record;
  if (read?.ok === false) next = { ...record, lastReadError: read.problem };
  if (read?.ok === true) {
    const { status, error } = read.value;
    const known = RepartitionProcedureStatusSchema.safeParse(status);
    if (!known.success) {
      next = {
        ...record,
        lastReadError: `procedure_state answered ${read.value.json}, a status this console does not know`,
      };
    } else {
      const isNew = record.states.at(-1)?.status !== known.data;
      next = {
        ...record,
        lastReadError: null,
        states: isNew ? [...record.states, { status: known.data, atMs }] : record.states,
      };
      const outcome = outcomeOf(known.data, error);
      if (outcome !== null) return finished(next, outcome, atMs);
    }
  }
  return giveUpIfPastBound(next, atMs);
}
