/**
 * The console server's one configuration, for `npm start` and `npm run dev` alike: environment
 * variables and CLI flags (flags win), parsed once at start-up. Every bad value is collected
 * and reported in one ConsoleConfigError, so a misconfigured deployment never starts
 * half-right. Secrets are never part of a message.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { AuthMode } from '../../contract/api-contract.ts';
import { AuthModeSchema } from '../../contract/api-contract.ts';
import { EmulatorApiSchema } from '../../emulator/control-schemas.ts';
import type { Credential } from '../security/auth.ts';
import { DEFAULT_DATA_DIR } from '../migrations/journal.ts';
import { isMetasrvAddr } from '../proxy/metasrv-addr.ts';
import type { FrontendTarget } from '../sql/frontend-client.ts';
import { parseEmulatorFrontendAuth, parseFrontendEnv } from '../sql/frontend-config.ts';
import { parseFlags } from './cli-flags.ts';
import type { ClusterSettings } from './clusters-config.ts';
import { duplicateIds, parseClusterList, parseClustersJson } from './clusters-config.ts';
import { DEFAULT_REFRESH_INTERVAL_MS } from '../cluster-poller/cluster-poller.ts';
import { HEATMAP_COLUMN_MS } from '../hot-regions/heatmap-ring.ts';
import {
  DEFAULT_SAMPLE_INTERVAL_MS,
  HEARTBEAT_INTERVAL_MS,
} from '../hot-regions/hot-region-sampler.ts';
import { DEFAULT_CONNECTION_LIMITS } from './connection-limits.ts';
import type { ConnectionLimits } from './connection-limits.ts';
import { settingLabel } from './settings.ts';
import type { SettingEnv } from './settings.ts';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_METASRV_TIMEOUT_MS = 5000;
export const MIN_TOKEN_LENGTH = 16;

export type EmulatorApi = z.infer<typeof EmulatorApiSchema>;

/** What differs between `npm start` and `npm run dev` before any setting is read. */
export interface ConfigDefaults {
  port: number;
  dataDir: string;
  /** The built dashboard; null when Vite serves it (`npm run dev`), so DIST_DIR is unused. */
  distDir: string | null;
}

/** `npm start`: port 8080, the journal in `.data`, the dashboard in `dist/client`. */
export const PRODUCTION_DEFAULTS: ConfigDefaults = {
  port: 8080,
  dataDir: DEFAULT_DATA_DIR,
  distDir: 'dist/client',
};

export interface ConsoleConfig {
  /** null: nothing configured, the embedded emulator is started (loopback only). */
  clusters: ClusterSettings[] | null;
  timeoutMs: number;
  emulatorApi: EmulatorApi;
  /** Credentials the embedded v1 emulator's frontend requires and the console sends. */
  emulatorFrontendAuth: { user: string; password: string } | null;
  host: string;
  port: number;
  isExposed: boolean;
  /** Origins mutating requests must come from; one unless defaulted on loopback. */
  publicOrigins: string[];
  /** Accepted `Host` values (lower case, with port unless it is the scheme's default). */
  allowedHosts: Set<string>;
  tls: { cert: Buffer; key: Buffer } | null;
  trustedProxies: Set<string>;
  /** PEM CA bundle given to every https frontend (already in each cluster's `frontend.ca`). */
  caBundle: Buffer | null;
  isReadOnly: boolean;
  auth: { mode: AuthMode; credentials: Credential[] };
  /** The built dashboard to serve; null when Vite serves it (`npm run dev`). */
  distDir: string | null;
  /** The migrations journal and plan runs (server/migrations, server/plans). */
  dataDir: string;
  /** Timeouts and the connection cap of the listening socket (connection-limits.ts). */
  connectionLimits: ConnectionLimits;
  /** How often the shared poller re-reads leases, maintenance and routes (server/cluster-poller). */
  refreshIntervalMs: number;
  /** How often each SQL-path cluster's region_statistics is sampled (server/hot-regions). */
  hotRegionsIntervalMs: number;
}

export class ConsoleConfigError extends Error {
  override readonly name = 'ConsoleConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid Region Console configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

export interface ConfigSources {
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  /** Reads a file; injectable for tests. Throws like fs.readFileSync. */
  readFile: (file: string) => Buffer;
  cwd: string;
}

const BOOLEAN_TEXT = new Map([
  ['true', true],
  ['1', true],
  ['yes', true],
  ['false', false],
  ['0', false],
  ['no', false],
]);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const CREDENTIAL_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** `name:secret` entries; problems never quote the secret. */
function parseCredentials(
  text: string,
  label: string,
  separator: RegExp,
): { credentials: Credential[]; problems: string[] } {
  const credentials: Credential[] = [];
  const problems: string[] = [];
  const entries = text
    .split(separator)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon) : '';
    const secret = colon > 0 ? entry.slice(colon + 1) : '';
    if (!CREDENTIAL_NAME.test(name) || secret === '') {
      problems.push(
        `${label}: entry ${index + 1} is not name:secret (name: letters, digits, . _ @ -)`,
      );
    } else if (credentials.some((c) => c.name === name)) {
      problems.push(`${label}: ${name} is listed twice`);
    } else {
      credentials.push({ name, secret });
    }
  });
  if (entries.length === 0) problems.push(`${label}: lists no credentials`);
  return { credentials, problems };
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

/** The single-cluster form (METASRV_ADDRS) and the embedded emulator's settings. */
const ClusterEnvSchema = z
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

/** Each limit's setting and the range it may take. */
const CONNECTION_LIMIT_SETTINGS: readonly {
  key: keyof ConnectionLimits;
  env: SettingEnv;
  min: number;
  max: number;
}[] = [
  { key: 'headersTimeoutMs', env: 'HEADERS_TIMEOUT_MS', min: 100, max: 600_000 },
  { key: 'requestTimeoutMs', env: 'REQUEST_TIMEOUT_MS', min: 100, max: 3_600_000 },
  { key: 'keepAliveTimeoutMs', env: 'KEEP_ALIVE_TIMEOUT_MS', min: 100, max: 600_000 },
  {
    key: 'connectionsCheckingIntervalMs',
    env: 'CONNECTIONS_CHECK_INTERVAL_MS',
    min: 100,
    max: 60_000,
  },
  { key: 'idleTimeoutMs', env: 'IDLE_TIMEOUT_MS', min: 100, max: 3_600_000 },
  { key: 'maxConnections', env: 'MAX_CONNECTIONS', min: 1, max: 1_000_000 },
];

function wholeNumberSchema(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
}

const PortSchema = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(65_535));

/** An origin as browsers send it: scheme, host, port; no path, query or credentials. */
function parseOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const isBare =
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    !text.endsWith('/');
  return isBare ? url.origin : null;
}

export function parseConsoleConfig(
  sources: ConfigSources,
  defaults: ConfigDefaults = PRODUCTION_DEFAULTS,
): ConsoleConfig {
  const problems: string[] = [];
  const flags = parseFlags(sources.argv);
  problems.push(...flags.problems);

  // One record of raw values: flags over environment, empty strings as absent.
  const raw = new Map<string, string>();
  for (const [name, value] of Object.entries(sources.env)) {
    if (value !== undefined && value.trim() !== '') raw.set(name, value);
  }
  for (const [name, value] of flags.values) raw.set(name, value);
  const get = (name: SettingEnv): string | undefined => raw.get(name);
  const problem = (name: SettingEnv, message: string) => {
    problems.push(`${settingLabel(name)}: ${message}`);
  };
  const flag = (name: SettingEnv): boolean => {
    const value = get(name);
    if (value === undefined) return false;
    const parsed = BOOLEAN_TEXT.get(value.trim().toLowerCase());
    if (parsed === undefined) problem(name, 'must be true or false');
    return parsed ?? false;
  };
  const readSecretFile = (file: string) => {
    try {
      return {
        ok: true as const,
        text: sources.readFile(path.resolve(sources.cwd, file)).toString('utf8'),
      };
    } catch (error) {
      return {
        ok: false as const,
        why: error instanceof Error && 'code' in error ? String(error.code) : 'error',
      };
    }
  };
  const readFile = (name: SettingEnv): Buffer | null => {
    const file = get(name);
    if (file === undefined) return null;
    try {
      return sources.readFile(path.resolve(sources.cwd, file));
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'error';
      problem(name, `cannot read ${file} (${code})`);
      return null;
    }
  };

  // The single-cluster form and the embedded emulator.
  const rawEnv = Object.fromEntries(raw);
  const clusterEnv = ClusterEnvSchema.safeParse(rawEnv);
  if (!clusterEnv.success) {
    for (const issue of clusterEnv.error.issues) {
      problems.push(`${settingLabel(String(issue.path[0]))}: ${issue.message}`);
    }
  }
  const single = clusterEnv.success ? clusterEnv.data : null;
  const frontendEnv = parseFrontendEnv(rawEnv);
  if (!frontendEnv.ok) {
    problems.push(
      ...frontendEnv.problems.map((line) => {
        const colon = line.indexOf(':');
        return `${settingLabel(line.slice(0, colon))}${line.slice(colon)}`;
      }),
    );
  }
  const frontend: FrontendTarget | null = frontendEnv.ok ? frontendEnv.frontend : null;
  const emulatorFrontendAuth = parseEmulatorFrontendAuth(rawEnv);
  if (get('EMULATOR_FRONTEND_AUTH') !== undefined && emulatorFrontendAuth === null) {
    problem('EMULATOR_FRONTEND_AUTH', 'must be user:password');
  }

  // Clusters: METASRV_ADDRS, or CLUSTERS and/or CLUSTER.
  let clusters: ClusterSettings[] | null = null;
  const clustersJson = get('CLUSTERS');
  const clusterList = get('CLUSTER');
  if (clustersJson !== undefined || clusterList !== undefined) {
    if (get('METASRV_ADDRS') !== undefined) {
      problem(
        'METASRV_ADDRS',
        'give either METASRV_ADDRS (one cluster) or CLUSTERS/CLUSTER, not both',
      );
    }
    clusters = [];
    for (const result of [
      clustersJson === undefined
        ? null
        : parseClustersJson(clustersJson, settingLabel('CLUSTERS'), readSecretFile),
      clusterList === undefined
        ? null
        : parseClusterList(clusterList, settingLabel('CLUSTER'), readSecretFile),
    ]) {
      if (result === null) continue;
      if (result.ok) clusters.push(...result.clusters);
      else problems.push(...result.problems);
    }
    for (const id of duplicateIds(clusters)) problem('CLUSTERS', `cluster ${id} is named twice`);
  } else if (single?.METASRV_ADDRS !== undefined) {
    clusters = [
      {
        id: 'default',
        metasrvAddrs: single.METASRV_ADDRS,
        leaderMap: new Map(single.METASRV_LEADER_MAP),
        frontend,
      },
    ];
  }

  // Listening.
  const host = get('HOST') ?? DEFAULT_HOST;
  if (!isLoopbackHost(host) && isIP(host) === 0 && host !== '0.0.0.0' && host !== '::') {
    // Names other than localhost would resolve at listen time; an address says exactly where.
    problem('HOST', `"${host}" must be an IP address (e.g. 0.0.0.0) or localhost`);
  }
  const portText = get('PORT');
  let port = defaults.port;
  if (portText !== undefined) {
    const parsed = PortSchema.safeParse(portText);
    if (parsed.success) port = parsed.data;
    else problem('PORT', parsed.error.issues[0]?.message ?? 'invalid');
  }
  const isExposed = flag('EXPOSE');
  const isOffLoopback = !isLoopbackHost(host);
  if (isOffLoopback && !isExposed) {
    problem('HOST', `${host} is not loopback; set EXPOSE=true (--expose) to serve other machines`);
  }

  // TLS.
  const cert = readFile('TLS_CERT');
  const key = readFile('TLS_KEY');
  if ((get('TLS_CERT') === undefined) !== (get('TLS_KEY') === undefined)) {
    problem(
      get('TLS_CERT') === undefined ? 'TLS_CERT' : 'TLS_KEY',
      'TLS needs both TLS_CERT and TLS_KEY',
    );
  }
  const tls = cert !== null && key !== null ? { cert, key } : null;

  // Origin and hosts.
  const publicOriginText = get('PUBLIC_ORIGIN');
  let publicOrigins: string[] = [];
  if (publicOriginText !== undefined) {
    const origin = parseOrigin(publicOriginText.trim());
    if (origin === null) {
      problem(
        'PUBLIC_ORIGIN',
        `"${publicOriginText}" is not an origin like https://console.example.com (no path, no trailing slash)`,
      );
    } else {
      if (tls !== null && origin.startsWith('http:')) {
        problem(
          'PUBLIC_ORIGIN',
          'the server serves HTTPS (TLS_CERT), so the origin must be https://',
        );
      }
      publicOrigins = [origin];
    }
  } else if (isOffLoopback) {
    problem('PUBLIC_ORIGIN', 'is required when the server is exposed beyond loopback');
  } else {
    // On loopback both names reach the server; neither comes from a request header.
    const scheme = tls === null ? 'http' : 'https';
    publicOrigins = [`${scheme}://localhost:${port}`, `${scheme}://127.0.0.1:${port}`];
  }
  const allowedHosts = new Set(publicOrigins.map((origin) => new URL(origin).host.toLowerCase()));
  for (const extra of (get('ALLOWED_HOSTS') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean)) {
    if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:.]+\](?::\d{1,5})?$/.test(extra)) {
      problem('ALLOWED_HOSTS', `"${extra}" is not host or host:port`);
    } else {
      allowedHosts.add(extra.toLowerCase());
    }
  }

  // Reverse proxy.
  const trustedProxies = new Set<string>();
  for (const address of (get('TRUSTED_PROXY') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)) {
    if (isIP(address) === 0) problem('TRUSTED_PROXY', `"${address}" is not an IP address`);
    else trustedProxies.add(address);
  }

  // Frontends (SQL path) and the CA bundle that verifies the https ones. FRONTEND_URL (and its
  // credentials, checked with METASRV_ADDRS above) belongs to the single cluster; with several,
  // each names its own in CLUSTERS or --cluster.
  if (frontend !== null && clusters !== null && get('METASRV_ADDRS') === undefined) {
    const only = clusters.length === 1 ? clusters[0] : undefined;
    if (only !== undefined && only.frontend === null) only.frontend = frontend;
    else {
      problem(
        'FRONTEND_URL',
        'names one frontend; with several clusters (or one that names its own) give each its frontend in CLUSTERS or --cluster (frontend=...)',
      );
    }
  }
  if (frontend !== null && clusters === null) {
    problem(
      'FRONTEND_URL',
      'needs METASRV_ADDRS or CLUSTERS: the embedded emulator has no frontend here',
    );
  }
  const caBundle = readFile('CA_BUNDLE');
  if (caBundle !== null) {
    const httpsFrontends = (clusters ?? []).filter(
      (c) => c.frontend?.url.startsWith('https:') === true,
    );
    if (!caBundle.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) {
      problem('CA_BUNDLE', 'contains no PEM certificate');
    } else if (httpsFrontends.length === 0) {
      problem('CA_BUNDLE', 'no frontend is https://, so nothing would use it');
    }
    for (const cluster of httpsFrontends) {
      if (cluster.frontend !== null) cluster.frontend = { ...cluster.frontend, ca: caBundle };
    }
  }

  // Read-only and auth.
  const isReadOnly = flag('READ_ONLY');
  const authText = get('AUTH') ?? 'none';
  const authMode = AuthModeSchema.safeParse(authText.trim());
  if (!authMode.success) problem('AUTH', `"${authText}" must be none, basic or token`);
  const mode: AuthMode = authMode.success ? authMode.data : 'none';
  const inline = get('AUTH_CREDENTIALS');
  const credentialsFile = readFile('AUTH_CREDENTIALS_FILE');
  let credentials: Credential[] = [];
  if (inline !== undefined && get('AUTH_CREDENTIALS_FILE') !== undefined) {
    problem('AUTH_CREDENTIALS', 'give AUTH_CREDENTIALS or AUTH_CREDENTIALS_FILE, not both');
  }
  const parsedCredentials =
    inline !== undefined
      ? parseCredentials(inline, settingLabel('AUTH_CREDENTIALS'), /,/)
      : credentialsFile !== null
        ? parseCredentials(
            credentialsFile.toString('utf8'),
            settingLabel('AUTH_CREDENTIALS_FILE'),
            /\r?\n/,
          )
        : null;
  if (mode === 'none') {
    if (parsedCredentials !== null)
      problem('AUTH', 'credentials are given, so AUTH must be basic or token');
  } else if (parsedCredentials === null) {
    problem('AUTH_CREDENTIALS', `AUTH=${mode} needs AUTH_CREDENTIALS or AUTH_CREDENTIALS_FILE`);
  } else {
    problems.push(...parsedCredentials.problems);
    credentials = parsedCredentials.credentials;
    if (mode === 'token') {
      for (const { name, secret } of credentials) {
        if (secret.length < MIN_TOKEN_LENGTH) {
          problem(
            'AUTH_CREDENTIALS',
            `the token of ${name} is shorter than ${MIN_TOKEN_LENGTH} characters`,
          );
        }
      }
    }
  }
  if (isOffLoopback && mode === 'none' && !isReadOnly) {
    problem(
      'AUTH',
      'a server exposed beyond loopback needs AUTH=basic or token, or READ_ONLY=true',
    );
  }
  if (isOffLoopback && clusters === null) {
    problem(
      'METASRV_ADDRS',
      'configure a cluster: the embedded emulator is never exposed beyond loopback',
    );
  }

  // The build to serve, unless Vite serves the dashboard.
  let distDir: string | null = null;
  if (defaults.distDir !== null) {
    distDir = path.resolve(sources.cwd, get('DIST_DIR') ?? defaults.distDir);
    try {
      sources.readFile(path.join(distDir, 'index.html'));
    } catch {
      problem('DIST_DIR', `${distDir}/index.html not found: run \`npm run build\` first`);
    }
  }
  const dataDir = get('DATA_DIR')?.trim() ?? defaults.dataDir;

  // Connection limits.
  const connectionLimits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS };
  for (const { key, env, min, max } of CONNECTION_LIMIT_SETTINGS) {
    const text = get(env);
    if (text === undefined) continue;
    const parsed = wholeNumberSchema(min, max).safeParse(text.trim());
    if (parsed.success) connectionLimits[key] = parsed.data;
    else problem(env, parsed.error.issues[0]?.message ?? 'invalid');
  }
  // Node refuses to start otherwise: the headers are part of the request.
  if (connectionLimits.headersTimeoutMs > connectionLimits.requestTimeoutMs) {
    problem('HEADERS_TIMEOUT_MS', 'must not exceed REQUEST_TIMEOUT_MS');
  }
  // An answer waiting on MetaSrv sends nothing meanwhile; it must not be cut as idle.
  const timeoutMs = single?.METASRV_TIMEOUT_MS ?? DEFAULT_METASRV_TIMEOUT_MS;
  if (connectionLimits.idleTimeoutMs <= timeoutMs) {
    problem('IDLE_TIMEOUT_MS', `must exceed METASRV_TIMEOUT_MS (${timeoutMs} ms)`);
  }

  // Below a second the poller would cost MetaSrv more than the browsers it replaces.
  let refreshIntervalMs = DEFAULT_REFRESH_INTERVAL_MS;
  const refreshText = get('REFRESH_INTERVAL_MS');
  if (refreshText !== undefined) {
    const parsed = wholeNumberSchema(1_000, 600_000).safeParse(refreshText.trim());
    if (parsed.success) refreshIntervalMs = parsed.data;
    else problem('REFRESH_INTERVAL_MS', parsed.error.issues[0]?.message ?? 'invalid');
  }

  // Not below the heartbeat (region_statistics changes no faster), not above one heatmap column.
  let hotRegionsIntervalMs = DEFAULT_SAMPLE_INTERVAL_MS;
  const hotRegionsText = get('HOT_REGIONS_INTERVAL_MS');
  if (hotRegionsText !== undefined) {
    const parsed = wholeNumberSchema(HEARTBEAT_INTERVAL_MS, HEATMAP_COLUMN_MS).safeParse(
      hotRegionsText.trim(),
    );
    if (parsed.success) hotRegionsIntervalMs = parsed.data;
    else problem('HOT_REGIONS_INTERVAL_MS', parsed.error.issues[0]?.message ?? 'invalid');
  }

  if (problems.length > 0 || single === null) throw new ConsoleConfigError(problems);
  return {
    clusters,
    timeoutMs,
    emulatorApi: single.EMULATOR_API ?? 'v0.6',
    emulatorFrontendAuth,
    host,
    port,
    isExposed,
    publicOrigins,
    allowedHosts,
    tls,
    trustedProxies,
    caBundle,
    isReadOnly,
    auth: { mode, credentials },
    distDir,
    dataDir,
    connectionLimits,
    refreshIntervalMs,
    hotRegionsIntervalMs,
  };
}
