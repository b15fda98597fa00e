/**
 * The console server as `npm run build` builds it and `npm start` runs it: plain node on
 * `<out>/node/server/production/main.js`, serving `<out>/client`, where `<out>` is
 * CONSOLE_OUT_DIR (default dist), so several runs can share a checkout. Every server a test
 * starts gets a data directory of its own, so no journal lock is ever shared.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BUILD_DIR = process.env.CONSOLE_OUT_DIR ?? 'dist';

/** `npm start`'s entry point in the build. */
export const BUILT_SERVER_MAIN = path.join(BUILD_DIR, 'node', 'server', 'production', 'main.js');

/** The built dashboard (DIST_DIR). */
export const BUILT_CLIENT_DIR = path.join(BUILD_DIR, 'client');

/** A fresh, empty DATA_DIR under the system's temporary directory. */
export function tempDataDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `console-${name}-`));
}
