/**
 * The server submits every split or merge and follows its procedure itself, so the outcome is
 * recorded whether or not a browser is watching; browsers only read the records. Like the
 * migration tracker (server/migrations): the intent is journaled before the statement is sent,
 * a repeated idempotency key returns the first record and sends nothing, and records still
 * followed when the server stopped are followed again after a restart.
 *
 * Before sending, the server re-reads the table and checks the change with the rules the
 * browser previewed with (contract/repartition), and sends only on versions that have
 * `ALTER TABLE … SPLIT / MERGE PARTITION`. The statement carries `WAIT = false`; its procedure
 * id is followed with `procedure_state` (API.md §3.3, §7.3) until Done or Failed.
 */
import { randomUUID } from 'node:crypto';
import { parseHumantimeDuration } from '../../contract/duration.ts';
import { parseGreptimeVersion } from '../../contract/greptime-version.ts';
import {
  REPARTITION_DEFAULT_TIMEOUT_MS,
  repartitionErrors,
  repartitionFacts,
} from '../../contract/repartition/preconditions.ts';
import type {
  SubmitRepartitionBody,
  TrackedRepartition,
} from '../../contract/repartition/repartition-api.ts';
import { repartitionStatement } from '../../contract/repartition/statements.ts';
import type { ConnectionInfo } from '../../contract/sql-contract.ts';
import { FollowedRecords, idempotencyKeyOf } from '../migrations/followed-records.ts';
import { JOURNAL_UNWRITABLE } from '../migrations/journal.ts';
import { UnknownClusterError } from '../migrations/migration-tracker.ts';
import { readProcedureState } from '../migrations/sql-migration.ts';
import type { SqlMigrationAccess } from '../migrations/sql-migration.ts';
import type { ProxyError } from '../proxy/responses.ts';
import {
  applyProcedureRead,
  giveUpAtMs,
  giveUpIfPastBound,
  submissionResult,
} from './follow-procedure.ts';
import type { ProcedureRead } from './follow-procedure.ts';
import { checkChange } from './plan-change.ts';
import type { RepartitionJournal } from './repartition-journal.ts';
import { readRepartitionTable } from './repartition-table.ts';

/** What the tracker needs from one cluster (api-handler.ts wires its SQL path). */
export interface RepartitionAccess extends Pick<SqlMigrationAccess, 'facts' | 'runStatement'> {
  /** The connection detector's answer (generation, version); `force` asks again. */
  connection: (force?: boolean) => Promise<ConnectionInfo>;
}

export interface RepartitionSubmitMeta {
  startedBy: string | null;
}

export type RepartitionSubmission =
  | { kind: 'tracked'; repartition: TrackedRepartition; isRepeat: boolean }
  /** Refused before any record: the cluster cannot repartition, or the request is wrong. */
  | { kind: 'refused'; error: ProxyError; status?: number | undefined };

export type RepartitionListener = (repartition: TrackedRepartition) => void;

export interface RepartitionTrackerOptions {
  journal: RepartitionJournal;
  now?: () => number;
  newId?: () => string;
  /** How often a running procedure's state is read. */
  pollIntervalMs?: number;
  /** The longest wait between reads while they keep failing. */
  maxPollIntervalMs?: number;
  log?: (message: string) => void;
}

export const REPARTITION_POLL_INTERVAL_MS = 1_000;
export const REPARTITION_MAX_POLL_INTERVAL_MS = 16_000;

/** The `not-submitted` code when the console's own check refused the change. */
export const PLAN_CHECK_REFUSED = 'plan-check';

const RESTART_NOTE =
  'The console server stopped before the frontend answered this statement, so whether a ' +
  'procedure started is unknown. It was not sent again, and without a procedure id ' +
  'procedure_state cannot be read.';

/** Journal only what a reader would see change, not every identical read. */
function isMeaningfulChange(before: TrackedRepartition, after: TrackedRepartition): boolean {
  return (
    before.phase !== after.phase ||
    before.states.length !== after.states.length ||
    before.lastReadError !== after.lastReadError
  );
}

function refused(error: ProxyError, status?: number): RepartitionSubmission {
  return { kind: 'refused', error, status };
}

/** The cluster speaks SQL and its version has SPLIT / MERGE PARTITION (API.md §0, §7). */
async function checkVersion(access: RepartitionAccess): Promise<RepartitionSubmission | null> {
  let info = await access.connection();
  if (info.generation === 'sql' && info.version === null) info = await access.connection(true);
  if (info.generation !== 'sql') {
    return refused({
      code: 'not-found',
      message:
        'Splitting and merging partitions needs GreptimeDB v1.0.0-rc.1 or later over SQL; this ' +
        'cluster speaks the legacy MetaSrv API (v0.6/v0.7), which has no such operation.',
    });
  }
  const version = info.version === null ? null : parseGreptimeVersion(info.version);
  if (version === null) {
    return refused(
      {
        code: info.frontendAddr === null ? 'frontend-not-configured' : 'frontend-unreachable',
        message:
          `The cluster's GreptimeDB version is unknown, so nothing was sent. ${info.problem?.message ?? ''}`.trim(),
      },
      info.problem?.status === 401 ? 401 : undefined,
    );
  }
  if (!repartitionFacts(version).canSplitAndMerge) {
    return refused({
      code: 'not-found',
      message: `GreptimeDB ${version.text} cannot split or merge partitions: ALTER TABLE … SPLIT / MERGE PARTITION exists from v1.0.0-rc.1.`,
    });
  }
  return null;
}

/** The statement's TIMEOUT in ms; null when the console cannot hold it as one. */
function timeoutMsOf(timeout: string | undefined): number | null {
  if (timeout === undefined) return REPARTITION_DEFAULT_TIMEOUT_MS;
  const parsed = parseHumantimeDuration(timeout);
  const ms = parsed.ok ? Number(parsed.nanos / 1_000_000n) : 0;
  return ms >= 1 && Number.isSafeInteger(ms) ? ms : null;
}

export class RepartitionTracker {
  private readonly followed: FollowedRecords<TrackedRepartition>;
  /** Submissions not yet recorded (version and table being read), by key: a repeat waits. */
  private readonly pending = new Map<string, Promise<RepartitionSubmission>>();
  private readonly clusters = new Map<string, RepartitionAccess>();
  /** Consecutive failed reads per record: the wait doubles with each. */
  private readonly failedReads = new Map<string, number>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly pollIntervalMs: number;
  private readonly maxPollIntervalMs: number;
  readonly skippedJournalLines: number;

  constructor(options: RepartitionTrackerOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.pollIntervalMs = options.pollIntervalMs ?? REPARTITION_POLL_INTERVAL_MS;
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? REPARTITION_MAX_POLL_INTERVAL_MS;
    this.followed = new FollowedRecords({
      journal: options.journal,
      noun: 'repartition',
      poll: (id) => this.poll(id),
      retryMs: this.pollIntervalMs,
      log: options.log ?? (() => undefined),
    });
    this.followed.subscribe((record) => {
      if (record.phase === 'finished') this.failedReads.delete(record.id);
    });
    const replay = options.journal.replay();
    this.skippedJournalLines = replay.skippedLines;
    // A statement cut off by a restart may have reached the frontend: follow, never re-send.
    this.followed.restore(replay.records, (record) =>
      record.phase === 'submitting'
        ? { ...record, phase: 'following', lastReadError: RESTART_NOTE }
        : record,
    );
  }

  /** Connects a cluster; its records still being followed are followed (again). */
  attachCluster(clusterId: string, access: RepartitionAccess): void {
    this.clusters.set(clusterId, access);
    for (const record of this.followed.all()) {
      if (record.clusterId === clusterId && record.phase === 'following')
        this.followed.schedule(record.id, 0);
    }
  }

  hasCluster(clusterId: string): boolean {
    return this.clusters.has(clusterId);
  }

  get(id: string): TrackedRepartition | undefined {
    return this.followed.get(id);
  }

  /** Newest first. */
  list(clusterId: string): TrackedRepartition[] {
    return this.followed.list(clusterId);
  }

  /** Called with every changed record. Returns the unsubscribe function. */
  subscribe(listener: RepartitionListener): () => void {
    return this.followed.subscribe(listener);
  }

  /** Resolves once the repartition is finished (at once if it already is). */
  waitForOutcome(id: string): Promise<TrackedRepartition> {
    return this.followed.waitForOutcome(id);
  }

  /**
   * Checks and submits one split or merge, then follows it. Resolves once the frontend has
   * answered the statement, or with why nothing was sent.
   */
  submit(
    clusterId: string,
    body: SubmitRepartitionBody,
    meta: RepartitionSubmitMeta,
  ): Promise<RepartitionSubmission> {
    const key = idempotencyKeyOf(clusterId, body.idempotency_key);
    const existing = this.followed.findByIdempotencyKey(clusterId, body.idempotency_key);
    if (existing !== undefined) {
      return Promise.resolve({ kind: 'tracked', repartition: existing, isRepeat: true });
    }
    const inFlight = this.pending.get(key);
    if (inFlight !== undefined) {
      return inFlight.then((first) =>
        first.kind === 'tracked' ? { ...first, isRepeat: true } : first,
      );
    }
    const access = this.clusters.get(clusterId);
    if (access === undefined)
      return Promise.reject(new UnknownClusterError(`no cluster ${clusterId}`));
    const submission = this.submitOnce(clusterId, access, body, meta).finally(() => {
      this.pending.delete(key);
    });
    this.pending.set(key, submission);
    return submission;
  }

  /** Stops following (the journal keeps unfinished records for the next start). */
  close(): void {
    this.followed.close();
  }

  private async submitOnce(
    clusterId: string,
    access: RepartitionAccess,
    body: SubmitRepartitionBody,
    meta: RepartitionSubmitMeta,
  ): Promise<RepartitionSubmission> {
    // Checked before the cluster is asked anything.
    const timeoutMs = timeoutMsOf(body.timeout);
    if (timeoutMs === null) {
      return refused({
        code: 'bad-request',
        message: 'Invalid request parameters.',
        issues: [`timeout: must be at least 1ms and at most ${Number.MAX_SAFE_INTEGER}ms`],
      });
    }
    const unsupported = await checkVersion(access);
    if (unsupported !== null) return unsupported;
    const read = await readRepartitionTable(body.table, access);
    if (read.kind === 'failed') {
      return refused({
        code: 'frontend-unreachable',
        message: `The table could not be read, so nothing was sent: ${read.problem}`,
      });
    }
    const { catalog, schema, name } = body.table;
    if (read.kind === 'missing') {
      return refused({
        code: 'bad-request',
        message: `There is no table ${catalog}.${schema}.${name}, so nothing was sent.`,
        issues: [`table: ${repartitionErrors.tableNotFound(`${catalog}.${schema}.${name}`)}`],
      });
    }
    const { change } = body;
    const check = checkChange(read.table, change);
    const id = this.newId();
    this.followed.claimKey(clusterId, body.idempotency_key, id);
    const record: TrackedRepartition = {
      id,
      clusterId,
      idempotencyKey: body.idempotency_key,
      table: { catalog, schema, name, tableId: read.tableId },
      kind: change.kind,
      statement: check.ok
        ? repartitionStatement(body.table, check.plan, { timeout: body.timeout })
        : '',
      sourceExprs: check.ok
        ? check.plan.sourceExprs
        : change.kind === 'split'
          ? [change.source]
          : change.sources,
      targetExprs: check.ok
        ? check.plan.targetExprs
        : change.kind === 'split'
          ? change.targets
          : [],
      replaced: check.ok ? check.plan.replaced : [],
      allocatedRegionIds: check.ok ? check.plan.allocatedRegionIds : [],
      deallocatedRegionIds: check.ok ? check.plan.deallocatedRegionIds : [],
      timeoutMs,
      startedBy: meta.startedBy,
      submittedAtMs: this.now(),
      phase: 'submitting',
      procedureId: null,
      frontendAddr: null,
      states: [],
      outcome: null,
      finishedAtMs: null,
      lastReadError: null,
    };
    if (!check.ok) {
      const notSent: TrackedRepartition = {
        ...record,
        phase: 'finished',
        outcome: {
          kind: 'not-submitted',
          code: PLAN_CHECK_REFUSED,
          message: `The console's check of ${name} refused the change, so nothing was sent: ${check.issues.map((issue) => issue.message).join('; ')}.`,
          issues: check.issues,
        },
        finishedAtMs: record.submittedAtMs,
      };
      this.followed.update(notSent);
      return { kind: 'tracked', repartition: notSent, isRepeat: false };
    }
    const intent = this.followed.update(record);
    if (!intent.ok) {
      // Nothing is sent unless its intent is on disk: after a crash, a procedure running in
      // the cluster would be missing from the history.
      const unsent: TrackedRepartition = {
        ...record,
        phase: 'finished',
        outcome: { kind: 'not-submitted', code: JOURNAL_UNWRITABLE, message: intent.reason },
        finishedAtMs: this.now(),
      };
      this.followed.update(unsent);
      return { kind: 'tracked', repartition: unsent, isRepeat: false };
    }
    let next: TrackedRepartition;
    try {
      next = submissionResult(
        record,
        await access.runStatement(record.statement, { isMutating: true }),
        this.now(),
      );
    } catch (error) {
      // A bug below us: the statement may have gone out, so follow rather than guess.
      next = {
        ...record,
        phase: 'following',
        lastReadError: `Submitting failed inside the console server (${String(error)}); without a procedure id, procedure_state cannot be read.`,
      };
    }
    this.followed.update(next);
    if (next.phase === 'following') this.followed.schedule(id, 0);
    return { kind: 'tracked', repartition: next, isRepeat: false };
  }

  private async poll(id: string): Promise<void> {
    const record = this.followed.get(id);
    if (record?.phase !== 'following' || this.followed.isClosed) return;
    const access = this.clusters.get(record.clusterId);
    if (access === undefined) return; // resumed by attachCluster
    let next: TrackedRepartition;
    if (record.procedureId === null) {
      next = giveUpIfPastBound(record, this.now());
    } else {
      let read: ProcedureRead;
      try {
        read = await readProcedureState(record.procedureId, access);
      } catch (error) {
        read = { ok: false, problem: String(error) };
      }
      const failures = read.ok ? 0 : (this.failedReads.get(id) ?? 0) + 1;
      this.failedReads.set(id, failures);
      next = applyProcedureRead(record, read, this.now());
    }
    // Another poll may have changed it meanwhile; the newest wins only if this one is newer.
    if (this.followed.get(id) !== record) return;
    if (isMeaningfulChange(record, next)) this.followed.update(next);
    else this.followed.keep(next);
    if (next.phase !== 'following') return;
    if (next.procedureId === null) {
      // Nothing to read: the next look is when the console gives up.
      this.followed.schedule(id, Math.max(0, giveUpAtMs(next) - this.now()));
      return;
    }
    const failures = this.failedReads.get(id) ?? 0;
    this.followed.schedule(
      id,
      Math.min(this.maxPollIntervalMs, this.pollIntervalMs * 2 ** failures),
    );
  }
}
