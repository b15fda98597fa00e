/**
 * The journal when the disk misbehaves. Faults come through the file-system seam (CI runs as
 * root, where chmod cannot make a directory unwritable): EROFS, ENOSPC and EMFILE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  JOURNAL_FILE,
  JOURNAL_RETRY_MS,
  journalLine,
  openFileJournal,
  replayJournalText,
} from './journal.ts';
import { faultyFs, fsError } from './test-support/faulty-fs.ts';
import { trackedMigration } from './test-support/tracked-record.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function onDisk() {
  return replayJournalText(fs.readFileSync(path.join(dataDir, JOURNAL_FILE), 'utf8'));
}

describe('journal appends', () => {
  it('fdatasyncs each append before it returns', () => {
    const files = faultyFs();
    const journal = openFileJournal(dataDir, { files });
    files.calls.length = 0;
    expect(journal.append(trackedMigration('m1', 'following'))).toEqual({ ok: true });
    expect(files.calls).toEqual(['open', 'write', 'fdatasync']);
    expect(journal.append(trackedMigration('m1', 'finished'))).toEqual({ ok: true });
    expect(files.calls.slice(3)).toEqual(['write', 'fdatasync']);
    journal.close();
  });

  it.each(['EROFS', 'ENOSPC', 'EMFILE'])(
    '%s: the append says why, keeps the record, and writes it once the disk recovers',
    (code) => {
      vi.useFakeTimers();
      const files = faultyFs();
      const logged: string[] = [];
      const journal = openFileJournal(dataDir, { files, log: (line) => logged.push(line) });
      files.fail(code);
      const refused = journal.append(trackedMigration('m1', 'following'));
      expect(refused).toEqual({
        ok: false,
        reason: `DATA_DIR is not writable: ${fsError(code, 'open').message}`,
      });
      expect(journal.append(trackedMigration('m1', 'finished')).ok).toBe(false);
      expect(logged).toHaveLength(1);
      expect(fs.existsSync(path.join(dataDir, JOURNAL_FILE))).toBe(false);

      files.recover();
      vi.advanceTimersByTime(JOURNAL_RETRY_MS);
      expect(onDisk().migrations.map((m) => [m.id, m.phase])).toEqual([['m1', 'finished']]);
      expect(logged.at(-1)).toContain('takes writes again');
      journal.close();
    },
  );

  it('cuts off a torn last line before the next append instead of gluing onto it', () => {
    const file = path.join(dataDir, JOURNAL_FILE);
    const first = journalLine(trackedMigration('m1', 'finished'));
    fs.writeFileSync(
      file,
      `${first}${journalLine(trackedMigration('m2', 'following')).slice(0, 40)}`,
    );
    const journal = openFileJournal(dataDir);
    expect(journal.replay()).toMatchObject({ skippedLines: 1 });
    journal.append(trackedMigration('m3', 'following'));
    expect(onDisk()).toEqual({
      migrations: [trackedMigration('m1', 'finished'), trackedMigration('m3', 'following')],
      skippedLines: 0,
    });
    journal.close();
  });

  it('cuts off the part a full disk let through before writing again', () => {
    const files = faultyFs();
    const journal = openFileJournal(dataDir, { files });
    journal.append(trackedMigration('m1', 'finished'));
    files.tearNextWrite(25, 'ENOSPC');
    expect(journal.append(trackedMigration('m2', 'following')).ok).toBe(false);
    expect(journal.append(trackedMigration('m3', 'following')).ok).toBe(true);
    expect(onDisk()).toEqual({
      migrations: [
        trackedMigration('m1', 'finished'),
        trackedMigration('m2', 'following'),
        trackedMigration('m3', 'following'),
      ],
      skippedLines: 0,
    });
    journal.close();
  });
});
