/**
 * The RepartitionTracker of this process, on `repartitions.jsonl` in DATA_DIR, kept on
 * `globalThis` for the migration tracker's reason (server/migrations/process-tracker.ts): two
 * trackers on one journal would follow every procedure twice. Open it after the migration
 * tracker, whose lock makes DATA_DIR this process's.
 */
import { dataDirFromEnv } from '../migrations/process-tracker.ts';
import { openRepartitionJournal } from './repartition-journal.ts';
import { RepartitionTracker } from './repartition-tracker.ts';

declare global {
  var regionConsoleRepartitionTracker: RepartitionTracker | undefined;
}

export function processRepartitionTracker(log: (message: string) => void): RepartitionTracker {
  const existing = globalThis.regionConsoleRepartitionTracker;
  if (existing !== undefined) return existing;
  const tracker = new RepartitionTracker({
    journal: openRepartitionJournal(dataDirFromEnv(), { log }),
    log,
  });
  if (tracker.skippedJournalLines > 0) {
    log(
      `Region Console: skipped ${tracker.skippedJournalLines} unreadable repartitions journal line(s).`,
    );
  }
  globalThis.regionConsoleRepartitionTracker = tracker;
  process.once('exit', () => {
    tracker.close();
  });
  return tracker;
}
