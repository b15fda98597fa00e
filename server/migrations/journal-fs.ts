/**
 * The file-system calls of the migrations journal and its DATA_DIR checks, behind one small
 * interface so that tests can make them fail the way disks do (EROFS, ENOSPC, EMFILE): CI runs
 * as root, where chmod cannot make anything unwritable.
 */
import fs from 'node:fs';

export interface JournalFs {
  /** Whether `file` is a directory; null when it does not exist. */
  isDirectory(file: string): boolean | null;
  mkdir(dir: string): void;
  /** The file's text; null when it does not exist. */
  readText(file: string): string | null;
  /** Creates `file` holding `text`; throws EEXIST if it exists (O_EXCL). */
  createExclusive(file: string, text: string): void;
  remove(file: string): void;
  truncate(file: string, length: number): void;
  /** A descriptor to append to `file`, creating it. */
  openForAppend(file: string): number;
  write(fd: number, text: string): void;
  fdatasync(fd: number): void;
  close(fd: number): void;
}

function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

export const nodeJournalFs: JournalFs = {
  isDirectory(file) {
    try {
      return fs.statSync(file).isDirectory();
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  },
  mkdir(dir) {
    fs.mkdirSync(dir, { recursive: true });
  },
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  },
  createExclusive(file, text) {
    fs.writeFileSync(file, text, { flag: 'wx' });
  },
  remove(file) {
    fs.rmSync(file, { force: true });
  },
  truncate(file, length) {
    fs.truncateSync(file, length);
  },
  openForAppend(file) {
    return fs.openSync(file, 'a');
  },
  write(fd, text) {
    const bytes = Buffer.from(text, 'utf8');
    // writeSync may write part of the buffer (a full disk); go on until all of it is written.
    for (let offset = 0; offset < bytes.length;) {
      offset += fs.writeSync(fd, bytes, offset);
    }
  },
  fdatasync(fd) {
    fs.fdatasyncSync(fd);
  },
  close(fd) {
    fs.closeSync(fd);
  },
};

/** `EROFS: read-only file system, open '…'` as Node words it, or the text of anything else. */
export function describeFsError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isFsError(error: unknown, code: string): boolean {
  return errorCode(error) === code;
}
