/**
 * The bench's settings, read from the environment once when the bench starts (bench.ts's
 * header lists them): a bad value stops the run, with every problem listed, before anything
 * is built or started.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_REFRESH_INTERVAL_MS } from '../server/cluster-poller/cluster-poller.ts';

/** Figure groups BENCH_ONLY can pick; without it every group runs, bundle and proxy included. */
export const BENCH_GROUPS = ['paint', 'requests', 'load', 'hot', 'end-to-end'] as const;
export type BenchGroup = (typeof BENCH_GROUPS)[number];

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const EnvSchema = z
  .object({
    BENCH_PORT: integer(1, 65_535).default(4880),
    CONSOLE_OUT_DIR: z.string().min(1).default('dist-bench'),
    CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
    // Fewer than 5 runs make a median of noise.
    BENCH_RUNS: integer(1, 1_000)
      .default(5)
      .transform((runs) => Math.max(5, runs)),
    BENCH_SKIP_BUILD: z.literal('1').optional(),
    BENCH_ONLY: z.enum(BENCH_GROUPS).optional(),
    // The end-to-end and hot groups' standalone emulator: MetaSrv nodes on this port and the
    // next two, its control API on the third after it (default: the port after BENCH_PORT); hot
    // also uses the four after that (admin HTTP, frontend).
    BENCH_EMULATOR_PORT: integer(1, 65_527).optional(),
    // Shrinks the end-to-end and hot groups' region counts for a quick check; their targets are
    // then not judged.
    BENCH_SCALE: z.coerce.number().positive().max(1).default(1),
    // The server's own range (server/production/config.ts).
    REFRESH_INTERVAL_MS: integer(1_000, 600_000).default(DEFAULT_REFRESH_INTERVAL_MS),
  })
  .superRefine((env, ctx) => {
    if (env.BENCH_EMULATOR_PORT === undefined && env.BENCH_PORT > 65_526) {
      ctx.addIssue({
        code: 'custom',
        path: ['BENCH_PORT'],
        message: 'leaves no room for the standalone emulator after it: set BENCH_EMULATOR_PORT',
      });
    }
  });

export interface BenchSettings {
  root: string;
  port: number;
  /** The console server the bench starts, e.g. `http://127.0.0.1:4880`. */
  base: string;
  outDir: string;
  chromiumPath: string;
  runs: number;
  skipBuild: boolean;
  /** null: every group. */
  only: BenchGroup | null;
  /** The standalone emulator: MetaSrv nodes on this port + 0..2, control + 3 (hot: up to + 8). */
  emulatorPort: number;
  /** The end-to-end and hot groups' region counts are multiplied by this (1: the issues' sizes). */
  scale: number;
  /** The REFRESH_INTERVAL_MS the bench's server runs with. */
  refreshIntervalMs: number;
}

function parseSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`bench settings:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  return {
    root: path.resolve(import.meta.dirname, '..'),
    port: values.BENCH_PORT,
    base: `http://127.0.0.1:${String(values.BENCH_PORT)}`,
    outDir: values.CONSOLE_OUT_DIR,
    chromiumPath: values.CHROMIUM_PATH,
    runs: values.BENCH_RUNS,
    skipBuild: values.BENCH_SKIP_BUILD === '1',
    only: values.BENCH_ONLY ?? null,
    emulatorPort: values.BENCH_EMULATOR_PORT ?? values.BENCH_PORT + 1,
    scale: values.BENCH_SCALE,
    refreshIntervalMs: values.REFRESH_INTERVAL_MS,
  };
}

export const settings = parseSettings(process.env);

/**
 * Appended to the label of every figure that depends on the server's polling, when the bench
 * runs it with a REFRESH_INTERVAL_MS other than the default.
 */
export function refreshNote(): string {
  return settings.refreshIntervalMs === DEFAULT_REFRESH_INTERVAL_MS
    ? ''
    : ` (REFRESH_INTERVAL_MS ${String(settings.refreshIntervalMs / 1000)} s)`;
}

/** A region count of the end-to-end or hot group, shrunk by BENCH_SCALE. */
export function scaledRegions(regions: number): number {
  return Math.max(1, Math.round(regions * settings.scale));
}

/** Appended to the end-to-end and hot figures' labels when BENCH_SCALE shrinks their sizes. */
export function scaleNote(): string {
  return settings.scale === 1 ? '' : ` (BENCH_SCALE ${String(settings.scale)})`;
}

/** The issue's targets are for its sizes: a scaled run judges none (null: not judged). */
export function judged(isMet: boolean): boolean | null {
  return settings.scale === 1 ? isMet : null;
}
