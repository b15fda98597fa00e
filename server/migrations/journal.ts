/**
 * The migrations journal: an append-only JSONL file in the data directory (`DATA_DIR`,
 * default `.data/`). Every change to a tracked migration appends the whole record, so a
 * replay keeps the last line per id and a line cut short by a crash loses one update, never
 * the file. The file is outside input like any other: each line passes the zod schema, and
 * lines that do not are skipped and counted rather than trusted.
 *
 * One process owns the file at a time (a lock file holding its pid): two servers following
 * the same migrations would each journal them and could disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TrackedMigrationSchema, type TrackedMigration } from '../../contract/tracked-migration.ts';

export const JOURNAL_FILE = 'migrations.jsonl';
export const LOCK_FILE = 'migrations.lock';
export const DEFAULT_DATA_DIR = '.data';

const JournalLineSchema = z.object({ v: z.literal(1), migration: TrackedMigrationSchema });

export interface JournalReplay {
  /** Last record per id, in first-appearance order. */
  migrations: TrackedMigration[];
  /** Lines that were not a valid record (a torn last line, a hand edit). */
  skippedLines: number;
}

export interface Journal {
  /** Null when nothing is written to disk (in-memory journal). */
  readonly filePath: string | null;
  replay(): JournalReplay;
  append(migration: TrackedMigration): void;
  close(): void;
}

/** Pure: the replay of a journal's text. */
export function replayJournalText(text: string): JournalReplay {
  const byId = new Map<string, TrackedMigration>();
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
    const parsed = JournalLineSchema.safeParse(value);
    if (!parsed.success) {
      skippedLines += 1;
      continue;
    }
    // A later line for the same id is a newer snapshot; Map.set keeps the first position.
    byId.set(parsed.data.migration.id, parsed.data.migration);
  }
  return { migrations: [...byId.values()], skippedLines };
}

export function journalLine(migration: TrackedMigration): string {
  return `${JSON.stringify({ v: 1, migration })}\n`;
}

export function memoryJournal(): Journal {
  return {
    filePath: null,
    replay: () => ({ migrations: [], skippedLines: 0 }),
    append: () => undefined,
    close: () => undefined,
  };
}

export class JournalLockedError extends Error {
  override readonly name = 'JournalLockedError';
  constructor(
    readonly lockPath: string,
    readonly ownerPid: number,
  ) {
    super(`${lockPath} is held by process ${ownerPid}`);
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function takeLock(lockPath: string): void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) {
        throw new JournalLockedError(lockPath, owner);
      }
      // A stale lock (its process is gone) or our own: take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take ${lockPath}`);
}

/** Opens (creating) the journal in `dataDir`; throws JournalLockedError if another process has it. */
export function openFileJournal(dataDir: string): Journal {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const filePath = path.join(dataDir, JOURNAL_FILE);
  takeLock(lockPath);
  let isOpen = true;
  return {
    filePath,
    replay: () => {
      let text = '';
      try {
        text = fs.readFileSync(filePath, 'utf8');
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
      }
      return replayJournalText(text);
    },
    append: (migration) => {
      if (!isOpen) return;
      // Synchronous: appends stay in order, and a record is on disk before anyone is told.
      fs.appendFileSync(filePath, journalLine(migration), 'utf8');
    },
    close: () => {
      if (!isOpen) return;
      isOpen = false;
      fs.rmSync(lockPath, { force: true });
    },
  };
}
