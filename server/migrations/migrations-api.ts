/**
 * `/api/clusters/:clusterId/migrations...`: the tracker's records for browsers and for curl.
 *
 *   GET  migrations[?scope=recent]        {nowMs, isJournaled, migrations} newest first
 *   POST migrations  {request, idempotency_key}   {nowMs, migration, isRepeat}
 *   GET  migrations/export?format=csv|json  the history as a file
 *   GET  migrations/:id                   {nowMs, migration}
 *
 * A POST answers once MetaSrv has answered the submission; a refusal is a 200 whose record
 * carries MetaSrv's text, because the record (not the HTTP exchange) is what the UI shows.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Papa from 'papaparse';
import { z } from 'zod';
import { API_PREFIX, RELAY_HEADERS } from '../../contract/api-contract.ts';
import { CSV_WRITE_OPTIONS, historyCsvTable, historyJson } from '../../contract/history-export.ts';
import {
  MigrationListQuerySchema,
  RECENT_FINISHED_MS,
  SubmitMigrationBodySchema,
  type MigrationListAnswer,
  type SubmitMigrationAnswer,
} from '../../contract/tracked-migration.ts';
import { badRequest, readJsonInput } from '../proxy/request-body.ts';
import { API_ANSWER_HEADERS } from '../proxy/responses.ts';
import type { ProxyError } from '../proxy/responses.ts';
import { queryObject, validate } from '../proxy/validation.ts';
import { JOURNAL_UNWRITABLE } from './journal.ts';
import type { MigrationTracker } from './migration-tracker.ts';

export type MigrationsAnswer =
  | { kind: 'json'; value: unknown }
  | { kind: 'proxy-error'; error: ProxyError; status?: number; headers?: Record<string, string> }
  | { kind: 'file'; contentType: string; fileName: string; body: string };

const MIGRATIONS_PATH = new RegExp(`^${API_PREFIX}/clusters/([^/]+)/migrations(?:/([^/]+))?$`);

const ExportQuerySchema = z.strictObject({ format: z.enum(['csv', 'json']) });
const NoQuerySchema = z.strictObject({});

export interface MigrationsRequestContext {
  /** Who is asking, where auth is on; null otherwise. */
  startedBy: string | null;
}

export function isMigrationsPath(pathname: string): boolean {
  return MIGRATIONS_PATH.test(pathname);
}

function notFound(message: string): MigrationsAnswer {
  return { kind: 'proxy-error', error: { code: 'not-found', message } };
}

function methodNotAllowed(allowed: string): MigrationsAnswer {
  return {
    kind: 'proxy-error',
    error: { code: 'method-not-allowed', message: `Use ${allowed} for this endpoint.` },
    headers: { allow: allowed },
  };
}

export async function serveMigrationsApi(
  tracker: MigrationTracker,
  req: IncomingMessage,
  url: URL,
  context: MigrationsRequestContext,
): Promise<MigrationsAnswer> {
  const match = MIGRATIONS_PATH.exec(url.pathname);
  const clusterId = match?.[1];
  if (clusterId === undefined || !tracker.hasCluster(clusterId)) {
    return notFound(`No such endpoint: ${url.pathname}`);
  }
  const sub = match?.[2];
  const query = queryObject(url.searchParams);
  if (!query.ok) return badRequest(query.issues);

  if (sub === undefined) {
    if (req.method === 'GET') {
      const checked = validate(MigrationListQuerySchema, query.value);
      if (!checked.ok) return badRequest(checked.issues);
      const nowMs = Date.now();
      const all = tracker.list(clusterId);
      const migrations =
        checked.value.scope === 'recent'
          ? all.filter(
              (m) => m.finishedAtMs === null || nowMs - m.finishedAtMs <= RECENT_FINISHED_MS,
            )
          : all;
      const answer: MigrationListAnswer = { nowMs, isJournaled: tracker.isJournaled, migrations };
      return { kind: 'json', value: answer };
    }
    if (req.method !== 'POST') return methodNotAllowed('GET, POST');
    const noQuery = validate(NoQuerySchema, query.value);
    if (!noQuery.ok) return badRequest(noQuery.issues);
    const read = await readJsonInput(req);
    if (!('ok' in read)) return read;
    const body = validate(SubmitMigrationBodySchema, read.value);
    if (!body.ok) return badRequest(body.issues);
    const repeat = tracker.findByIdempotencyKey(clusterId, body.value.idempotency_key);
    const migration =
      repeat ??
      (await tracker.submit(clusterId, body.value.request, {
        startedBy: context.startedBy,
        idempotencyKey: body.value.idempotency_key,
      }));
    if (
      migration.outcome?.kind === 'not-submitted' &&
      migration.outcome.code === JOURNAL_UNWRITABLE
    ) {
      // The console's own disk, not the cluster, refused: nothing was sent (503).
      return {
        kind: 'proxy-error',
        error: { code: JOURNAL_UNWRITABLE, message: migration.outcome.message },
      };
    }
    const answer: SubmitMigrationAnswer = {
      nowMs: Date.now(),
      migration,
      isRepeat: repeat !== undefined,
    };
    return { kind: 'json', value: answer };
  }

  if (req.method !== 'GET') return methodNotAllowed('GET');
  if (sub === 'export') {
    const checked = validate(ExportQuerySchema, query.value);
    if (!checked.ok) return badRequest(checked.issues);
    const migrations = tracker.list(clusterId);
    const stamp = new Date()
      .toISOString()
      .replaceAll(':', '-')
      .replace(/\.\d+Z$/, 'Z');
    const fileName = `migrations-${clusterId}-${stamp}.${checked.value.format}`;
    return checked.value.format === 'csv'
      ? {
          kind: 'file',
          contentType: 'text/csv; charset=utf-8',
          fileName,
          body: Papa.unparse(historyCsvTable(migrations), CSV_WRITE_OPTIONS),
        }
      : {
          kind: 'file',
          contentType: 'application/json; charset=utf-8',
          fileName,
          body: historyJson(clusterId, migrations),
        };
  }
  const noQuery = validate(NoQuerySchema, query.value);
  if (!noQuery.ok) return badRequest(noQuery.issues);
  const migration = tracker.get(sub);
  if (migration?.clusterId !== clusterId)
    return notFound(`No migration ${sub} in cluster ${clusterId}.`);
  return { kind: 'json', value: { nowMs: Date.now(), migration } };
}

/** A download: attachment, never cached, never sniffed. */
export function writeFileAnswer(
  res: ServerResponse,
  answer: Extract<MigrationsAnswer, { kind: 'file' }>,
): void {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(200, {
    ...API_ANSWER_HEADERS,
    'content-type': answer.contentType,
    'content-length': String(body.length),
    'content-disposition': `attachment; filename="${answer.fileName}"`,
    [RELAY_HEADERS.origin]: 'proxy',
  });
  res.end(body);
}
