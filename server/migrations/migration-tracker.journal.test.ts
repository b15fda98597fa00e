/**
 * The tracker when DATA_DIR refuses writes (faults injected through the journal's file-system
 * seam): nothing is submitted whose intent cannot be journaled, a migration being followed
 * stays tracked in memory, and it is journaled once the disk recovers. Nothing throws.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegionMigrationRequest } from '../../contract/api-contract.ts';
import type { SubmissionOutcome } from '../proxy/region-migration.ts';
import {
  JOURNAL_FILE,
  JOURNAL_RETRY_MS,
  memoryJournal,
  openFileJournal,
  replayJournalText,
} from './journal.ts';
import { MigrationTracker } from './migration-tracker.ts';
import type { ClusterAccess, LeaderReadResult } from './migration-tracker.ts';
import { faultyFs, fsError } from './test-support/faulty-fs.ts';

const REQUEST: RegionMigrationRequest = {
  region_id: '4398046511104',
  from_peer_id: '0',
  to_peer_id: '2',
  replay_timeout: '5s',
};

/** Accepts every submission; its leader cannot be read, so a migration stays followed. */
class SilentCluster implements ClusterAccess {
  submissions = 0;
  reads = 0;
  readFromLeader(): Promise<LeaderReadResult> {
    this.reads += 1;
    return Promise.resolve({ kind: 'failed', message: 'MetaSrv unreachable' });
  }
  submitRegionMigration(): Promise<SubmissionOutcome> {
    this.submissions += 1;
    return Promise.resolve({
      kind: 'answered',
      answer: {
        kind: 'response',
        addr: '127.0.0.1:3002',
        status: 200,
        headers: {},
        body: Buffer.from('{"procedure_id":"p-1"}'),
      },
    });
  }
}

let dataDir: string;
beforeEach(() => {
  vi.useFakeTimers();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-journal-'));
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function setUp() {
  const files = faultyFs();
  const tracker = new MigrationTracker({ journal: openFileJournal(dataDir, { files }) });
  const cluster = new SilentCluster();
  tracker.attachCluster('default', cluster);
  return { files, tracker, cluster };
}

describe.each(['EROFS', 'ENOSPC', 'EMFILE'])('DATA_DIR failing with %s', (code) => {
  it('a submission is not sent, and its record says why', async () => {
    const { files, tracker, cluster } = setUp();
    files.fail(code);
    const record = await tracker.submit('default', REQUEST, { startedBy: null });
    expect(cluster.submissions).toBe(0);
    expect(record).toMatchObject({
      phase: 'finished',
      outcome: {
        kind: 'not-submitted',
        message: `DATA_DIR is not writable: ${fsError(code, 'open').message}`,
      },
    });
    tracker.close();
  });

  it('a followed migration stays tracked in memory and is journaled when the disk recovers', async () => {
    const { files, tracker, cluster } = setUp();
    const submitted = await tracker.submit('default', REQUEST, { startedBy: null });
    expect(cluster.submissions).toBe(1);
    files.fail(code);
    await vi.advanceTimersByTimeAsync(0);
    const followed = tracker.get(submitted.id);
    expect(followed).toMatchObject({ phase: 'following', lastReadError: 'MetaSrv unreachable' });

    files.recover();
    await vi.advanceTimersByTimeAsync(JOURNAL_RETRY_MS);
    const text = fs.readFileSync(path.join(dataDir, JOURNAL_FILE), 'utf8');
    expect(replayJournalText(text).migrations).toEqual([followed]);
    tracker.close();
  });
});

describe('a poll that fails unexpectedly', () => {
  it('is logged once and the migration stays followed, with no unhandled rejection', async () => {
    let appends = 0;
    const logged: string[] = [];
    const tracker = new MigrationTracker({
      journal: {
        ...memoryJournal(),
        append: () => {
          appends += 1;
          // Submitting and following are written; the first poll's write blows up (a bug).
          if (appends === 3) throw new Error('unexpected');
          return { ok: true };
        },
      },
      log: (line) => logged.push(line),
    });
    const cluster = new SilentCluster();
    tracker.attachCluster('default', cluster);
    const submitted = await tracker.submit('default', REQUEST, { startedBy: null });
    await vi.advanceTimersByTimeAsync(0);
    const readsOfFirstPoll = cluster.reads;
    expect(readsOfFirstPoll).toBeGreaterThan(0);
    expect(logged).toEqual([
      `Region Console: following migration ${submitted.id} failed: Error: unexpected`,
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cluster.reads).toBeGreaterThan(readsOfFirstPoll);
    expect(tracker.get(submitted.id)?.phase).toBe('following');
    tracker.close();
  });
});
