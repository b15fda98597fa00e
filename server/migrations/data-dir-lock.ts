/**
 * One console per DATA_DIR: two servers following the same migrations would each journal them
 * and could disagree. The lock is a file created with O_EXCL holding the owner's host, PID and
 * process start time. A PID alone is not enough: after a kill -9 and a quick restart the old
 * PID often belongs to another live process by then, and a lock naming it would look held
 * for ever. The start time tells a reused PID from the owner. Where it cannot be read (not
 * Linux), or the owner is on another host sharing the directory, a live-looking owner is
 * taken at its word.
 */
import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import type { JournalFs } from './journal-fs.ts';
import { isFsError } from './journal-fs.ts';

export const LOCK_FILE = 'migrations.lock';

const LockOwnerSchema = z.object({
  host: z.string(),
  pid: z.number().int().positive(),
  /** Clock ticks from boot to the process's start (/proc/<pid>/stat field 22); null if unknown. */
  startTime: z.string().nullable(),
});
export type LockOwner = z.infer<typeof LockOwnerSchema>;

/** How a lock's owner is checked; injectable so tests can stage a reused PID. */
export interface ProcessProbe {
  self: LockOwner;
  isAlive(pid: number): boolean;
  startTime(pid: number): string | null;
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return isFsError(error, 'EPERM');
  }
}

function procStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses; fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 (state) is fields[0], so field 22 (starttime) is fields[19].
  return fields[19] ?? null;
}

export const systemProcessProbe: ProcessProbe = {
  self: { host: os.hostname(), pid: process.pid, startTime: procStartTime(process.pid) },
  isAlive: isPidAlive,
  startTime: procStartTime,
};

/** Whether the lock's owner is a running process other than this one. */
function isOwnedByAnother(owner: LockOwner, probe: ProcessProbe): boolean {
  if (owner.host !== probe.self.host) return true;
  if (owner.pid === probe.self.pid && owner.startTime === probe.self.startTime) return false;
  if (!probe.isAlive(owner.pid)) return false;
  const running = probe.startTime(owner.pid);
  return owner.startTime === null || running === null || running === owner.startTime;
}

function readOwner(files: JournalFs, lockPath: string): LockOwner | null {
  const text = files.readText(lockPath);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = LockOwnerSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The console that holds the lock at `lockPath`, if one does and it is not this process. */
export function liveLockOwner(
  files: JournalFs,
  lockPath: string,
  probe: ProcessProbe = systemProcessProbe,
): LockOwner | null {
  const owner = readOwner(files, lockPath);
  return owner !== null && isOwnedByAnother(owner, probe) ? owner : null;
}

export type LockResult = { ok: true } | { ok: false; owner: LockOwner };

/**
 * Takes the lock, replacing one left by a process that is gone (or whose PID now belongs to
 * another process); refuses when a live console holds it. File-system errors are thrown.
 */
export function takeDataDirLock(
  files: JournalFs,
  lockPath: string,
  probe: ProcessProbe = systemProcessProbe,
): LockResult {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      files.createExclusive(lockPath, JSON.stringify(probe.self));
      return { ok: true };
    } catch (error) {
      if (!isFsError(error, 'EEXIST')) throw error;
    }
    // Unreadable (a crash between create and write) counts as stale, like a dead owner.
    const owner = liveLockOwner(files, lockPath, probe);
    if (owner !== null) return { ok: false, owner };
    files.remove(lockPath);
  }
  throw new Error(`could not take ${lockPath}: it reappeared while being replaced`);
}

/** Why a console cannot start on `dataDir` owned by `owner`, and what to do. */
export function dataDirInUse(dataDir: string, owner: LockOwner): string {
  return `DATA_DIR ${dataDir} is in use by another Region Console (process ${owner.pid} on host ${owner.host}); stop it, or give this console its own DATA_DIR.`;
}
