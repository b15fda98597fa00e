/**
 * The migrations journal: an append-only JSONL file in the data directory (`DATA_DIR`,
 * default `.data/`). Every change to a tracked migration appends the whole record, so a
 * replay keeps the last line per id and a line cut short by a crash loses one update, never
 * the file. The file is outside input like any other: each line passes the zod schema, and
 * lines that do not are skipped and counted rather than trusted.
 *
 * One process owns the file at a time (data-dir-lock.ts). Each append is fdatasync'ed before
 * it returns, so a record is on disk before anyone is told about it (power loss included, as
 * far as the disk honours the flush). A disk that refuses a write (read-only remount, full,
 * out of descriptors) does not stop anything: the record stays in memory, the append says why,
 * and it is written with the next append or retry once the disk takes writes again. A line
 * torn by a crash or a failed write is cut off before the next append, never glued onto.
 *
 * The file format and the writing are generic (`openRecordJournal`): the repartitions journal
 * (server/repartitions) is the same kind of file holding another record.
 */
import path from 'node:path';
import { z } from 'zod';
import { TrackedMigrationSchema, type TrackedMigration } from '../../contract/tracked-migration.ts';
import { LOCK_FILE, dataDirInUse, takeDataDirLock } from './data-dir-lock.ts';
import type { LockOwner, ProcessProbe } from './data-dir-lock.ts';
import { describeFsError, nodeJournalFs } from './journal-fs.ts';
import type { JournalFs } from './journal-fs.ts';

export const JOURNAL_FILE = 'migrations.jsonl';
export const DEFAULT_DATA_DIR = '.data';
/** How soon records the disk refused are tried again when nothing else is appended. */
export const JOURNAL_RETRY_MS = 5_000;

/** Every line is `{"v":1,"<key>":<record>}`; the key names the record kind. */
const JournalLineSchema = z.looseObject({ v: z.literal(1) });

/** What one journal file holds, and how its lines are written and read. */
export interface RecordJournalFormat<T> {
  /** The file's name in DATA_DIR. */
  file: string;
  /** The record's key in each line. */
  key: string;
  schema: z.ZodType<T>;
  idOf: (record: T) => string;
  /** What stays tracked in memory while the disk refuses writes (the log line says so). */
  noun: string;
}

export interface RecordReplay<T> {
  /** Last record per id, in first-appearance order. */
  records: T[];
  /** Lines that were not a valid record (a torn last line, a hand edit). */
  skippedLines: number;
}

/** The migrations journal's replay, its records named for what they are. */
export interface JournalReplay {
  migrations: TrackedMigration[];
  skippedLines: number;
}

/** The `not-submitted` outcome's code when a submission's intent could not be journaled. */
export const JOURNAL_UNWRITABLE = 'data-dir-not-writable';

/** Whether an append reached the disk; when not, why (the record is kept to write later). */
export type JournalWrite = { ok: true } | { ok: false; reason: string };

export interface RecordJournal<T> {
  /** Null when nothing is written to disk (in-memory journal). */
  readonly filePath: string | null;
  replay(): RecordReplay<T>;
  append(record: T): JournalWrite;
  close(): void;
}

export interface Journal extends Omit<RecordJournal<TrackedMigration>, 'replay'> {
  replay(): JournalReplay;
}

const MIGRATIONS_FORMAT: RecordJournalFormat<TrackedMigration> = {
  file: JOURNAL_FILE,
  key: 'migration',
  schema: TrackedMigrationSchema,
  idOf: (migration) => migration.id,
  noun: 'Migrations',
};

/** Pure: the replay of a journal's text. */
export function replayRecordText<T>(text: string, format: RecordJournalFormat<T>): RecordReplay<T> {
  const byId = new Map<string, T>();
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      // Journal numbers are times and counts (safe integers); ids are strings.
      value = JSON.parse(line);
    } catch {
      skippedLines += 1;
      continue;
    }
    const parsedLine = JournalLineSchema.safeParse(value);
    const parsed = parsedLine.success
      ? format.schema.safeParse(parsedLine.data[format.key])
      : undefined;
    if (parsed?.success !== true) {
      skippedLines += 1;
      continue;
    }
    // A later line for the same id is a newer snapshot; Map.set keeps the first position.
    byId.set(format.idOf(parsed.data), parsed.data);
  }
  return { records: [...byId.values()], skippedLines };
}

export function recordLine<T>(record: T, format: RecordJournalFormat<T>): string {
  return `${JSON.stringify({ v: 1, [format.key]: record })}\n`;
}

/** Pure: the replay of the migrations journal's text. */
export function replayJournalText(text: string): JournalReplay {
  const { records, skippedLines } = replayRecordText(text, MIGRATIONS_FORMAT);
  return { migrations: records, skippedLines };
}

export function journalLine(migration: TrackedMigration): string {
  return recordLine(migration, MIGRATIONS_FORMAT);
}

export function memoryRecordJournal<T>(): RecordJournal<T> {
  return {
    filePath: null,
    replay: () => ({ records: [], skippedLines: 0 }),
    append: () => ({ ok: true }),
    close: () => undefined,
  };
}

export function memoryJournal(): Journal {
  return { ...memoryRecordJournal(), replay: () => ({ migrations: [], skippedLines: 0 }) };
}

export class JournalLockedError extends Error {
  override readonly name = 'JournalLockedError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(dataDirInUse(dataDir, owner));
  }
}

export interface FileJournalOptions {
  files?: JournalFs;
  probe?: ProcessProbe;
  retryMs?: number;
  /** Told once when the disk starts refusing writes and once when it takes them again. */
  log?: (message: string) => void;
}

/** Opens (creating) the journal in `dataDir`; throws JournalLockedError if another console has it. */
export function openFileJournal(dataDir: string, options: FileJournalOptions = {}): Journal {
  const journal = openRecordJournal(dataDir, MIGRATIONS_FORMAT, {
    ...options,
    lockFile: LOCK_FILE,
  });
  return {
    ...journal,
    replay: () => {
      const { records, skippedLines } = journal.replay();
      return { migrations: records, skippedLines };
    },
  };
}

/**
 * Opens (creating) a journal of `format` in `dataDir`. With `lockFile`, it takes DATA_DIR's lock
 * (throws JournalLockedError if another console has it) and gives it back on close; without,
 * the caller already holds the directory through another journal of this process.
 */
export function openRecordJournal<T>(
  dataDir: string,
  format: RecordJournalFormat<T>,
  options: FileJournalOptions & { lockFile: string | null },
): RecordJournal<T> {
  const files = options.files ?? nodeJournalFs;
  const log = options.log ?? (() => undefined);
  files.mkdir(dataDir);
  const lockPath = options.lockFile === null ? null : path.join(dataDir, options.lockFile);
  const filePath = path.join(dataDir, format.file);
  if (lockPath !== null) {
    const lock = takeDataDirLock(files, lockPath, options.probe);
    if (!lock.ok) throw new JournalLockedError(dataDir, lock.owner);
  }

  let isOpen = true;
  let fd: number | null = null;
  /** False until the file's end is known to be a whole line (at start, after a failed write). */
  let isTailClean = false;
  /** Records the disk refused, the newest per id, in the order they changed. */
  const unwritten = new Map<string, T>();
  let failure: string | null = null;
  let retry: NodeJS.Timeout | null = null;

  function cutTornTail(): void {
    const text = files.readText(filePath);
    if (text === null || text === '' || text.endsWith('\n')) return;
    files.truncate(filePath, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
  }

  function dropDescriptor(): void {
    if (fd === null) return;
    try {
      files.close(fd);
    } catch {
      // The descriptor is given up either way; the next write opens a new one.
    }
    fd = null;
  }

  function flush(): JournalWrite {
    if (!isOpen || unwritten.size === 0) return { ok: true };
    try {
      if (!isTailClean) {
        cutTornTail();
        isTailClean = true;
      }
      fd ??= files.openForAppend(filePath);
      // Synchronous: appends stay in order, and a record is on disk before anyone is told.
      files.write(fd, [...unwritten.values()].map((record) => recordLine(record, format)).join(''));
      files.fdatasync(fd);
    } catch (error) {
      // Part of the text may have reached the file: cut it off before the next attempt.
      isTailClean = false;
      dropDescriptor();
      const reason = `DATA_DIR is not writable: ${describeFsError(error)}`;
      if (failure === null) {
        log(`Region Console: ${reason}. ${format.noun} stay tracked in memory until it is.`);
      }
      failure = reason;
      retry ??= setTimeout(() => {
        retry = null;
        flush();
      }, options.retryMs ?? JOURNAL_RETRY_MS).unref();
      return { ok: false, reason };
    }
    unwritten.clear();
    if (failure !== null)
      log(`Region Console: DATA_DIR takes writes again; the journal is up to date.`);
    failure = null;
    return { ok: true };
  }

  return {
    filePath,
    replay: () => replayRecordText(files.readText(filePath) ?? '', format),
    append: (record) => {
      if (!isOpen) return { ok: true };
      const id = format.idOf(record);
      unwritten.delete(id);
      unwritten.set(id, record);
      return flush();
    },
    close: () => {
      if (!isOpen) return;
      flush();
      isOpen = false;
      if (retry !== null) clearTimeout(retry);
      dropDescriptor();
      if (lockPath === null) return;
      try {
        files.remove(lockPath);
      } catch {
        // A read-only DATA_DIR keeps the lock; the next start sees its owner is gone.
      }
    },
  };
}
