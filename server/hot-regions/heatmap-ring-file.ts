/**
 * The heatmap ring in DATA_DIR: `hot-regions-<cluster>-<metric>.ring`, rewritten whole (temp file
 * + rename) so a crash leaves the old file or the new one. Its size never passes
 * `maxRingFileBytes(shape)` (about 12.7 MiB for 720 columns × 1,536 rows). A file that cannot
 * be read as a ring of the expected shape (torn, altered, written with another shape) is not
 * trusted: the heatmap starts empty, says so once in the log, and the next save replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RingShape } from './heatmap-ring.ts';
import { HeatmapRing, RingDecodeError, decodeRing, encodeRing } from './heatmap-ring.ts';

export function heatmapRingFile(dataDir: string, clusterId: string, shape: RingShape): string {
  return path.join(dataDir, `hot-regions-${clusterId}-${shape.metric}.ring`);
}

/** The ring saved in `file`, or an empty one (logged once) when there is none to trust. */
export function loadHeatmapRing(
  file: string,
  shape: RingShape,
  log: (message: string) => void,
): HeatmapRing {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const isMissing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    if (!isMissing) log(`Region Console: ${file} could not be read; the heatmap starts empty.`);
    return new HeatmapRing(shape);
  }
  try {
    return decodeRing(bytes, shape);
  } catch (error) {
    if (!(error instanceof RingDecodeError)) throw error;
    log(`Region Console: ${file} is not a usable heatmap (${error.message}); it starts empty.`);
    return new HeatmapRing(shape);
  }
}

export function saveHeatmapRing(file: string, ring: HeatmapRing): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, encodeRing(ring));
  fs.renameSync(temporary, file);
}
