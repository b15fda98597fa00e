/**
 * The journal's CSV export as the server writes it (`GET migrations/export?format=csv`), read
 * back with papaparse as a spreadsheet would read it: every migration with its actor, and
 * MetaSrv's text neutralised where it looks like a formula, even across line breaks.
 */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrackedMigration } from '../../contract/tracked-migration.ts';
import { memoryJournal } from './journal.ts';
import { MigrationTracker } from './migration-tracker.ts';
import { serveMigrationsApi } from './migrations-api.ts';
import { trackedMigration } from './test-support/tracked-record.ts';

const EXPORT_URL = new URL('http://console.test/api/clusters/default/migrations/export?format=csv');

let tracker: MigrationTracker | null = null;
afterEach(() => {
  tracker?.close();
  tracker = null;
});

function finished(id: string, changes: Partial<TrackedMigration>): TrackedMigration {
  return {
    ...trackedMigration(id, 'finished'),
    finishedAtMs: 1_700_000_002_000,
    outcome: { kind: 'done' },
    ...changes,
  };
}

/** The export of a journal holding these records, parsed by header. */
async function exportedCsv(records: TrackedMigration[]) {
  tracker = new MigrationTracker({
    journal: { ...memoryJournal(), replay: () => ({ migrations: records, skippedLines: 0 }) },
  });
  tracker.attachCluster('default', {
    readFromLeader: () => Promise.resolve({ kind: 'failed', message: 'not read in this test' }),
    submitRegionMigration: () => Promise.reject(new Error('nothing is submitted in this test')),
  });
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  const answer = await serveMigrationsApi(tracker, req, EXPORT_URL, { startedBy: null });
  if (answer.kind !== 'file') throw new Error(`expected a file, got ${answer.kind}`);
  expect(answer.contentType).toBe('text/csv; charset=utf-8');
  const parsed = Papa.parse<Record<string, string>>(answer.body, { header: true });
  expect(parsed.errors).toEqual([]);
  return parsed;
}

describe('the journal’s CSV export', () => {
  it('names the actor of each migration: manual or its plan run, and the user', async () => {
    const { data, meta } = await exportedCsv([
      finished('m-manual', { startedBy: 'ana', submittedAtMs: 1_700_000_000_000 }),
      finished('m-plan', {
        startedBy: 'ana',
        planRunId: 'run-7',
        submittedAtMs: 1_700_000_001_000,
      }),
      finished('m-anonymous', { submittedAtMs: 1_699_999_999_000 }),
    ]);
    expect(meta.fields).toEqual([
      'time',
      'cluster',
      'region',
      'table',
      'from',
      'to',
      'replay_timeout',
      'procedure_id',
      'outcome',
      'detail',
      'duration_ms',
      'actor',
      'started_by',
      'plan_run',
      'id',
    ]);
    // Newest first, as the History page lists them.
    expect(data.map((row) => [row.id, row.actor, row.plan_run, row.started_by])).toEqual([
      ['m-plan', 'plan run run-7 (ana)', 'run-7', 'ana'],
      ['m-manual', 'manual (ana)', '', 'ana'],
      ['m-anonymous', 'manual', '', ''],
    ]);
  });

  it('neutralises a refusal text that a spreadsheet would run as a formula', async () => {
    const text = '=HYPERLINK("http://evil.example","click")\nsecond line, with a comma';
    const { data } = await exportedCsv([
      finished('m-refused', {
        startedBy: '@admin',
        outcome: { kind: 'refused', status: 500, text, metasrvAddr: '127.0.0.1:3002' },
      }),
    ]);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      outcome: 'refused by MetaSrv',
      // The leading apostrophe makes a spreadsheet show the text instead of running it.
      detail: `'${text}`,
      started_by: "'@admin",
      actor: 'manual (@admin)',
      duration_ms: '2000',
    });
  });
});
