/**
 * The MigrationTracker of this process, opened once on the journal in `DATA_DIR` (default
 * `.data/`). Kept on `globalThis` because Vite re-bundles the plugin on config changes: a
 * second tracker on the same journal would follow every migration twice.
 */
import { z } from 'zod';
import { DEFAULT_DATA_DIR, openFileJournal } from './journal.ts';
import { MigrationTracker } from './migration-tracker.ts';

declare global {
  var regionConsoleMigrationTracker: MigrationTracker | undefined;
}

const DataDirSchema = z.string().trim().min(1).optional();

export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = DataDirSchema.safeParse(env.DATA_DIR === '' ? undefined : env.DATA_DIR);
  if (!parsed.success) throw new Error('DATA_DIR: must be a directory path');
  return parsed.data ?? DEFAULT_DATA_DIR;
}

export function processMigrationTracker(log: (message: string) => void): MigrationTracker {
  const existing = globalThis.regionConsoleMigrationTracker;
  if (existing !== undefined) return existing;
  // A DATA_DIR owned by a live console throws here (start-up lists it first: data-dir.ts):
  // running on with history in memory only would silently lose it.
  const journal = openFileJournal(dataDirFromEnv(), { log });
  const tracker = new MigrationTracker({ journal, log });
  if (tracker.skippedJournalLines > 0) {
    log(`Region Console: skipped ${tracker.skippedJournalLines} unreadable journal line(s).`);
  }
  globalThis.regionConsoleMigrationTracker = tracker;
  process.once('exit', () => {
    tracker.close();
  });
  return tracker;
}
