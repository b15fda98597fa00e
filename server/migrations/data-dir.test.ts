/**
 * DATA_DIR at start-up and its lock: problems are listed as configuration errors, and the
 * lock tells a live console from a reused PID by the process start time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, systemProcessProbe } from './data-dir-lock.ts';
import type { LockOwner, ProcessProbe } from './data-dir-lock.ts';
import { dataDirProblems } from './data-dir.ts';
import { JournalLockedError, openFileJournal } from './journal.ts';
import { faultyFs } from './test-support/faulty-fs.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-dir-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const SELF: LockOwner = { host: 'console-a', pid: 1000, startTime: '500' };

/** One other process, 2000, started at tick 700 (as /proc would say). */
const probe: ProcessProbe = {
  self: SELF,
  isAlive: (pid) => pid === 2000,
  startTime: (pid) => (pid === 2000 ? '700' : null),
};

function leaveLock(owner: LockOwner): void {
  fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(owner));
}

function lockOwner(): unknown {
  return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
}

describe('the DATA_DIR lock', () => {
  it('refuses to open while a live console holds it, naming it', () => {
    leaveLock({ host: 'console-a', pid: 2000, startTime: '700' });
    expect(() => openFileJournal(dataDir, { probe })).toThrow(JournalLockedError);
    expect(() => openFileJournal(dataDir, { probe })).toThrow(
      'is in use by another Region Console (process 2000 on host console-a)',
    );
  });

  it('takes over a lock whose PID now belongs to another process (started later)', () => {
    leaveLock({ host: 'console-a', pid: 2000, startTime: '650' });
    const journal = openFileJournal(dataDir, { probe });
    expect(lockOwner()).toEqual(SELF);
    journal.close();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock whose process is gone, or that is unreadable', () => {
    leaveLock({ host: 'console-a', pid: 3000, startTime: '650' });
    openFileJournal(dataDir, { probe }).close();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), '');
    openFileJournal(dataDir, { probe });
    expect(lockOwner()).toEqual(SELF);
  });

  it('trusts a lock of another host, which it cannot check', () => {
    leaveLock({ host: 'console-b', pid: 3000, startTime: '1' });
    expect(() => openFileJournal(dataDir, { probe })).toThrow(JournalLockedError);
  });

  it('reads real start times: the parent process with another start time is a reused PID', () => {
    const parent = { host: os.hostname(), pid: process.ppid };
    const startTime = systemProcessProbe.startTime(process.ppid);
    expect(startTime).toMatch(/^\d+$/);
    leaveLock({ ...parent, startTime });
    expect(() => openFileJournal(dataDir)).toThrow(JournalLockedError);
    leaveLock({ ...parent, startTime: `${startTime ?? ''}1` });
    openFileJournal(dataDir).close();
  });
});

describe('DATA_DIR at start-up', () => {
  it('is fine when it can be created and written', () => {
    expect(dataDirProblems(path.join(dataDir, 'new'))).toEqual([]);
  });

  it('lists a path that is a file', () => {
    const file = path.join(dataDir, 'file');
    fs.writeFileSync(file, '');
    expect(dataDirProblems(file)).toEqual([`DATA_DIR: ${file} is a file, not a directory.`]);
  });

  it.each(['EROFS', 'ENOSPC'])('lists a directory that refuses writes (%s)', (code) => {
    const files = faultyFs();
    files.fail(code);
    expect(dataDirProblems(dataDir, { files })).toEqual([
      expect.stringMatching(new RegExp(`^DATA_DIR: ${dataDir} is not writable: ${code}: `)),
    ]);
  });

  it('lists a directory a live console owns', () => {
    leaveLock({ host: 'console-a', pid: 2000, startTime: '700' });
    expect(dataDirProblems(dataDir, { probe })).toEqual([
      `DATA_DIR ${dataDir} is in use by another Region Console (process 2000 on host console-a); stop it, or give this console its own DATA_DIR.`,
    ]);
  });
});
