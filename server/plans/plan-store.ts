/**
 * Plan runs on disk: `plan-runs-<cluster>.json` in DATA_DIR, the whole list rewritten atomically
 * (temp file + rename) on every change, so a crash leaves the old or the new file, never a
 * torn one. Runs change once per move (seconds apart), so rewriting is cheap enough and keeps
 * the file trivially readable. The file is outside input: it is parsed with the contract's
 * zod schema, and an unreadable file is set aside (renamed), not trusted or overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PlanRunSchema, type PlanRun } from '../../contract/plan-run-contract.ts';

/** One file per cluster: each cluster's executor owns its file alone. */
export function planRunsFile(clusterId: string): string {
  return `plan-runs-${clusterId}.json`;
}
/** Finished runs kept; the migration history keeps every move for good. */
const KEEP_FINISHED = 50;

const FileSchema = z.object({ v: z.literal(1), runs: z.array(PlanRunSchema) });

export interface PlanRunStore {
  load(): PlanRun[];
  save(runs: readonly PlanRun[]): void;
}

export function memoryPlanRunStore(initial: PlanRun[] = []): PlanRunStore & { saved: PlanRun[] } {
  const store = {
    saved: initial,
    load: () => store.saved,
    save: (runs: readonly PlanRun[]) => {
      store.saved = structuredClone([...runs]);
    },
  };
  return store;
}

export function fileSystemPlanRunStore(
  dataDir: string,
  clusterId: string,
  log: (m: string) => void,
): PlanRunStore {
  const file = path.join(dataDir, planRunsFile(clusterId));
  return {
    load() {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      const parsed = FileSchema.safeParse(value);
      if (parsed.success) return parsed.data.runs;
      const aside = `${file}.unreadable-${Date.now()}`;
      fs.renameSync(file, aside);
      log(`Region Console: ${file} was unreadable; moved to ${aside}.`);
      return [];
    },
    save(runs) {
      fs.mkdirSync(dataDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ v: 1, runs }));
      fs.renameSync(tmp, file);
    },
  };
}

/** Active runs, then the newest finished ones. */
export function pruneRuns(runs: readonly PlanRun[]): PlanRun[] {
  const finished = runs
    .filter((r) => r.finishedAtMs !== null)
    .sort((a, b) => (b.finishedAtMs ?? 0) - (a.finishedAtMs ?? 0))
    .slice(0, KEEP_FINISHED);
  const keep = new Set([...runs.filter((r) => r.finishedAtMs === null), ...finished]);
  return runs.filter((r) => keep.has(r));
}
