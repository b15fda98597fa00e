/**
 * `npm run build`: the dashboard (Vite) to `<out>/client`, and the console server with the
 * emulator and contract it imports (tsc, server/tsconfig.build.json) to `<out>/node`, where
 * `<out>` is CONSOLE_OUT_DIR (default `dist`), so that several builds can share a checkout.
 * `npm start` runs `<out>/node/server/production/main.js` with plain node.
 * The dashboard's text files also get `.br` and `.gz` siblings (scripts/precompress.ts).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'vite';
import { writeCompressedSiblings } from './precompress.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(ROOT, process.env.CONSOLE_OUT_DIR ?? 'dist');
const clientDir = path.join(outDir, 'client');
const nodeOutDir = path.join(outDir, 'node');

await build({ root: ROOT, build: { outDir: clientDir, emptyOutDir: true } });
const compressedCount = writeCompressedSiblings(clientDir);
process.stdout.write(`precompressed: ${compressedCount} .br/.gz files in ${clientDir}\n`);
// tsc never removes what it no longer emits: start from nothing, like Vite.
rmSync(nodeOutDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [tsc, '-p', path.join(ROOT, 'server/tsconfig.build.json'), '--outDir', nodeOutDir],
  { stdio: 'inherit' },
);
