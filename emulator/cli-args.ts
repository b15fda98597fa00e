/**
 * Command-line parsing for the emulator CLI: a tiny argv splitter plus zod schemas, so every bad
 * flag is reported at once and clearly.
 */
import { z } from 'zod';
import { EmulatorApiSchema, FrontendUserSchema, describeIssues } from './control-schemas.ts';

export interface SplitArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

/** `--key value`, `--key=value` and bare `--flag` (when the next token is another flag or absent). */
export function splitArgs(argv: string[]): SplitArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags[arg.slice(2)] = next;
      i += 1;
    } else {
      flags[arg.slice(2)] = true;
    }
  }
  return { positional, flags };
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const port = int(0, 65_535);

export const ServeFlagsSchema = z
  .strictObject({
    port: port.default(3002),
    host: z.string().min(1).default('127.0.0.1'),
    api: EmulatorApiSchema.default('v0.6'),
    'admin-port': port.optional(),
    'frontend-port': port.optional(),
    'api-server-port': port.optional(),
    'frontend-user': FrontendUserSchema.optional(),
    datanodes: int(1, 1_000).default(4),
    seed: int(0, 2 ** 31).default(1),
    'control-port': port.optional(),
    tables: int(1, 100_000).optional(),
    regions: int(1, 1_000_000).optional(),
    metasrvs: int(1, 9).optional(),
    'without-election': z.literal(true).optional(),
    'clock-speed': z.coerce.number().positive().optional(),
    'replay-speed': z.coerce.number().nonnegative().optional(),
    'replay-work-ms': int(0, 86_400_000).optional(),
    'election-delay-ms': int(0, 600_000).optional(),
    'repartition-step-ms': int(0, 3_600_000).optional(),
  })
  .transform((f) => ({
    ...f,
    // Default control port: 3100 for the usual 3002 (clear of the MetaSrv ports).
    'control-port': f['control-port'] ?? (f.port === 0 ? 0 : f.port + 98),
  }));
export type ServeFlags = z.infer<typeof ServeFlagsSchema>;

export function parseServeFlags(flags: Record<string, string | true>): ServeFlags {
  const result = ServeFlagsSchema.safeParse(flags);
  if (!result.success) {
    throw new Error(`invalid options:\n  ${describeIssues(result.error).join('\n  ')}`);
  }
  return result.data;
}
