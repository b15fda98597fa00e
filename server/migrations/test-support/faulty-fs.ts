/**
 * The journal's real file system with faults on demand: `fail('EROFS')` makes every call that
 * writes throw as a read-only remount would, until `recover()`. Every call is recorded, so a
 * test can check the order (a write is fdatasync'ed before the append returns).
 */
import { nodeJournalFs } from '../journal-fs.ts';
import type { JournalFs } from '../journal-fs.ts';

const MESSAGES: Record<string, string> = {
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EMFILE: 'too many open files',
};

export function fsError(code: string, call: string): Error {
  return Object.assign(new Error(`${code}: ${MESSAGES[code] ?? 'failed'}, ${call}`), { code });
}

export interface FaultyFs extends JournalFs {
  calls: string[];
  fail(code: string): void;
  recover(): void;
  /** The next write puts `bytes` of its text in the file, then fails with `code`. */
  tearNextWrite(bytes: number, code: string): void;
}

export function faultyFs(): FaultyFs {
  let failing: string | null = null;
  let tear: { bytes: number; code: string } | null = null;
  const calls: string[] = [];
  const guard = (call: string) => {
    calls.push(call);
    if (failing !== null) throw fsError(failing, call);
  };
  return {
    calls,
    fail: (code) => {
      failing = code;
    },
    recover: () => {
      failing = null;
    },
    tearNextWrite: (bytes, code) => {
      tear = { bytes, code };
    },
    isDirectory: (file) => nodeJournalFs.isDirectory(file),
    readText: (file) => nodeJournalFs.readText(file),
    mkdir: (dir) => {
      guard('mkdir');
      nodeJournalFs.mkdir(dir);
    },
    createExclusive: (file, text) => {
      guard('createExclusive');
      nodeJournalFs.createExclusive(file, text);
    },
    remove: (file) => {
      guard('remove');
      nodeJournalFs.remove(file);
    },
    truncate: (file, length) => {
      guard('truncate');
      nodeJournalFs.truncate(file, length);
    },
    openForAppend: (file) => {
      // EMFILE fails opening, whatever else works.
      guard('open');
      return nodeJournalFs.openForAppend(file);
    },
    write: (fd, text) => {
      guard('write');
      const torn = tear;
      if (torn !== null) {
        tear = null;
        nodeJournalFs.write(fd, Buffer.from(text).subarray(0, torn.bytes).toString('utf8'));
        throw fsError(torn.code, 'write');
      }
      nodeJournalFs.write(fd, text);
    },
    fdatasync: (fd) => {
      guard('fdatasync');
      nodeJournalFs.fdatasync(fd);
    },
    close: (fd) => {
      calls.push('close');
      nodeJournalFs.close(fd);
    },
  };
}
