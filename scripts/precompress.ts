/**
 * `.br` and `.gz` siblings of the dashboard's text files, written once at build time
 * (scripts/build.ts). The production server (sirv, server/production/static-files.ts) sends
 * them to browsers that accept them: sirv does not compress on the fly, and compressing once
 * at the highest levels costs nothing per request.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json', '.html', '.map']);
/** Below this, a compressed answer saves less than a packet; the server sends the file as is. */
const MIN_COMPRESS_BYTES = 1024;

/** Writes `<file>.br` and `<file>.gz` next to each text file they shrink; returns how many. */
export function writeCompressedSiblings(clientDir: string): number {
  let written = 0;
  for (const entry of readdirSync(clientDir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    // index.html is a template: the server renders it per request with a fresh CSP nonce.
    const isIndex = file === path.join(clientDir, 'index.html');
    if (!entry.isFile() || isIndex || !COMPRESSIBLE.has(path.extname(file))) continue;
    const body = readFileSync(file);
    if (body.length < MIN_COMPRESS_BYTES) continue;
    const brotli = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    const gzip = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
    for (const [suffix, compressed] of [
      ['.br', brotli],
      ['.gz', gzip],
    ] as const) {
      if (compressed.length >= body.length) continue;
      writeFileSync(`${file}${suffix}`, compressed);
      written += 1;
    }
  }
  return written;
}
