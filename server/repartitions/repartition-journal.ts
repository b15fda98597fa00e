/**
 * The repartitions journal: `repartitions.jsonl` in DATA_DIR, in the migrations journal's format
 * and with its durability (server/migrations/journal.ts), holding TrackedRepartition records.
 * It takes no lock of its own: DATA_DIR belongs to this process through the migrations
 * journal's lock, which start-up takes first (server/production/run-console-server.ts).
 */
import { TrackedRepartitionSchema } from '../../contract/repartition/repartition-api.ts';
import type { TrackedRepartition } from '../../contract/repartition/repartition-api.ts';
import { openRecordJournal } from '../migrations/journal.ts';
import type {
  FileJournalOptions,
  RecordJournal,
  RecordJournalFormat,
} from '../migrations/journal.ts';

export const REPARTITIONS_JOURNAL_FILE = 'repartitions.jsonl';

export const REPARTITIONS_FORMAT: RecordJournalFormat<TrackedRepartition> = {
  file: REPARTITIONS_JOURNAL_FILE,
  key: 'repartition',
  schema: TrackedRepartitionSchema,
  idOf: (record) => record.id,
  noun: 'Repartitions',
};

export type RepartitionJournal = RecordJournal<TrackedRepartition>;

export function openRepartitionJournal(
  dataDir: string,
  options: FileJournalOptions = {},
): RepartitionJournal {
  return openRecordJournal(dataDir, REPARTITIONS_FORMAT, { ...options, lockFile: null });
}
