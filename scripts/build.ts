/**
 * `npm run build`: the dashboard (Vite) to `<out>/client`, and the console server with the
 * emulator and contract it imports (tsc, server/tsconfig.build.json) to `<out>/node`, where
 * `<out>` is CONSOLE_OUT_DIR (default `dist`), so that several builds can share a checkout.
 * `npm start` runs `<out>/node/server/production/main.js` with plain node.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(ROOT, process.env.CONSOLE_OUT_DIR ?? 'dist');
const nodeOutDir = path.join(outDir, 'node');

await build({ root: ROOT, build: { outDir: path.join(outDir, 'client'), emptyOutDir: true } });
// tsc never removes what it no longer emits: start from nothing, like Vite.
rmSync(nodeOutDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [tsc, '-p', path.join(ROOT, 'server/tsconfig.build.json'), '--outDir', nodeOutDir],
  { stdio: 'inherit' },
);
