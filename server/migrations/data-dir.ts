/**
 * DATA_DIR checked at start-up, so that a directory the console cannot use is reported like
 * any other configuration error (exit 2) instead of as a stack trace later: a path that is a
 * file, a directory that cannot be created or written (read-only mount, full disk), or one a
 * live console already owns.
 */
import path from 'node:path';
import { LOCK_FILE, dataDirInUse, liveLockOwner } from './data-dir-lock.ts';
import type { ProcessProbe } from './data-dir-lock.ts';
import { describeFsError, nodeJournalFs } from './journal-fs.ts';
import type { JournalFs } from './journal-fs.ts';

/** One line per problem; empty when the console can keep its journal in `dataDir`. */
export function dataDirProblems(
  dataDir: string,
  options: { files?: JournalFs; probe?: ProcessProbe } = {},
): string[] {
  const files = options.files ?? nodeJournalFs;
  try {
    const isDirectory = files.isDirectory(dataDir);
    if (isDirectory === false) return [`DATA_DIR: ${dataDir} is a file, not a directory.`];
    if (isDirectory === null) files.mkdir(dataDir);
  } catch (error) {
    return [`DATA_DIR: ${dataDir} cannot be created: ${describeFsError(error)}`];
  }
  const probeFile = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    files.createExclusive(probeFile, 'ok');
    files.remove(probeFile);
  } catch (error) {
    return [`DATA_DIR: ${dataDir} is not writable: ${describeFsError(error)}`];
  }
  const owner = liveLockOwner(files, path.join(dataDir, LOCK_FILE), options.probe);
  return owner === null ? [] : [dataDirInUse(dataDir, owner)];
}
