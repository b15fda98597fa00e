/**
 * Proxy configuration from the environment, parsed once at start-up. Every bad value is
 * reported in one error so a misconfigured deployment fails before it serves anything.
 */
import { z } from 'zod';
import { isMetasrvAddr } from './metasrv-addr.ts';
import { parseFrontendEnv } from '../sql/frontend-config.ts';
import type { FrontendTarget } from '../sql/frontend-client.ts';

export const DEFAULT_METASRV_TIMEOUT_MS = 5000;

/** `v1`: GreptimeDB v1.1.4 on the SQL path (emulator README, issue 7). */
export const EmulatorApiSchema = z.enum(['v0.6', 'v0.7', 'v1.1']);
export type EmulatorApi = z.infer<typeof EmulatorApiSchema>;

/** What the API handler needs to reach one cluster. */
export interface ClusterConnection {
  /** Configured MetaSrv nodes, in the order given; the only hosts the proxy ever contacts. */
  metasrvAddrs: readonly string[];
  /** Reported leader address -> configured address (Kubernetes: pod IP -> service name). */
  leaderMap: ReadonlyMap<string, string>;
  /** Bound on one upstream exchange, from connect to the last body byte. */
  timeoutMs: number;
}

export interface ProxyConfig {
  /** null: no cluster configured, the embedded emulator provides one. */
  metasrvAddrs: string[] | null;
  leaderMap: ReadonlyMap<string, string>;
  timeoutMs: number;
  emulatorApi: EmulatorApi;
  /** The GreptimeDB frontend of the SQL path (server/sql-path/frontend-config.ts). */
  frontend: FrontendTarget | null;
}

export class ProxyConfigError extends Error {
  override readonly name = 'ProxyConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Region Console configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim());
}

const MetasrvAddrsSchema = z
  .string()
  .transform(splitList)
  .superRefine((addrs, ctx) => {
    const seen = new Set<string>();
    for (const addr of addrs) {
      if (!isMetasrvAddr(addr)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${addr}" is not host:port (e.g. 127.0.0.1:3002, metasrv-0.metasrv:3002)`,
        });
      } else if (seen.has(addr)) {
        ctx.addIssue({ code: 'custom', message: `"${addr}" is listed twice` });
      }
      seen.add(addr);
    }
  });

const LeaderMapSchema = z
  .string()
  .transform(splitList)
  .transform((entries, ctx) => {
    const map = new Map<string, string>();
    for (const entry of entries) {
      const [reported, configured, ...rest] = entry.split('=').map((part) => part.trim());
      if (
        reported === undefined ||
        configured === undefined ||
        rest.length > 0 ||
        !isMetasrvAddr(reported) ||
        !isMetasrvAddr(configured)
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not reported=configured with two host:port addresses`,
        });
      } else if (map.has(reported)) {
        ctx.addIssue({ code: 'custom', message: `"${reported}" is mapped twice` });
      } else {
        map.set(reported, configured);
      }
    }
    return map;
  });

const EnvSchema = z
  .object({
    METASRV_ADDRS: MetasrvAddrsSchema.optional(),
    METASRV_LEADER_MAP: LeaderMapSchema.optional(),
    METASRV_TIMEOUT_MS: z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .pipe(z.number().int().min(100).max(600_000))
      .optional(),
    EMULATOR_API: EmulatorApiSchema.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.METASRV_LEADER_MAP === undefined) return;
    if (env.METASRV_ADDRS === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['METASRV_LEADER_MAP'],
        message: 'needs METASRV_ADDRS (the embedded emulator reports configured addresses)',
      });
      return;
    }
    // A mapping to an address we never contact would smuggle in an unconfigured host.
    const configured = new Set(env.METASRV_ADDRS);
    for (const [reported, target] of env.METASRV_LEADER_MAP) {
      if (!configured.has(target)) {
        ctx.addIssue({
          code: 'custom',
          path: ['METASRV_LEADER_MAP'],
          message: `maps ${reported} to ${target}, which is not in METASRV_ADDRS`,
        });
      }
    }
  });

/** Empty strings count as absent: `METASRV_ADDRS= npm run dev` means "no cluster". */
function presentValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function parseProxyConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const names = ['METASRV_ADDRS', 'METASRV_LEADER_MAP', 'METASRV_TIMEOUT_MS', 'EMULATOR_API'];
  const raw = Object.fromEntries(names.map((name) => [name, presentValue(env, name)]));
  const result = EnvSchema.safeParse(raw);
  const frontend = parseFrontendEnv(env);
  if (!result.success || !frontend.ok) {
    throw new ProxyConfigError([
      ...(result.success
        ? []
        : result.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`)),
      ...(frontend.ok ? [] : frontend.problems),
    ]);
  }
  const parsed = result.data;
  return {
    metasrvAddrs: parsed.METASRV_ADDRS ?? null,
    leaderMap: parsed.METASRV_LEADER_MAP ?? new Map(),
    timeoutMs: parsed.METASRV_TIMEOUT_MS ?? DEFAULT_METASRV_TIMEOUT_MS,
    emulatorApi: parsed.EMULATOR_API ?? 'v0.6',
    frontend: frontend.frontend,
  };
}
