/**
 * The production server's configuration: environment variables and CLI flags (flags win),
 * parsed once at start-up. Every bad value is collected and reported in one
 * ProductionConfigError, so a misconfigured deployment never starts half-right. Secrets are
 * never part of a message.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { AuthMode } from '../../contract/api-contract.ts';
import { AuthModeSchema } from '../../contract/api-contract.ts';
import type { Credential } from '../security/auth.ts';
import { ProxyConfigError, parseProxyConfig } from '../proxy/config.ts';
import type { EmulatorApi } from '../proxy/config.ts';
import { parseFlags } from './cli-flags.ts';
import type { ClusterSettings } from './clusters-config.ts';
import { duplicateIds, parseClusterList, parseClustersJson } from './clusters-config.ts';
import { settingLabel } from './settings.ts';
import type { SettingEnv } from './settings.ts';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const MIN_TOKEN_LENGTH = 16;

export interface ProductionConfig {
  /** null: nothing configured, the embedded emulator is started (loopback only). */
  clusters: ClusterSettings[] | null;
  timeoutMs: number;
  emulatorApi: EmulatorApi;
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
  distDir: string;
}

export class ProductionConfigError extends Error {
  override readonly name = 'ProductionConfigError';
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

export function parseProductionConfig(sources: ConfigSources): ProductionConfig {
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

  // MetaSrv settings of the single-cluster form, checked exactly as `npm run dev` does.
  let proxy: ReturnType<typeof parseProxyConfig> | null = null;
  try {
    proxy = parseProxyConfig(Object.fromEntries(raw));
  } catch (error) {
    if (!(error instanceof ProxyConfigError)) throw error;
    problems.push(
      ...error.problems.map((line) => {
        const colon = line.indexOf(':');
        return `${settingLabel(line.slice(0, colon))}${line.slice(colon)}`;
      }),
    );
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
  } else if (proxy?.metasrvAddrs != null) {
    clusters = [
      {
        id: 'default',
        metasrvAddrs: proxy.metasrvAddrs,
        leaderMap: new Map(proxy.leaderMap),
        frontend: proxy.frontend,
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
  let port = DEFAULT_PORT;
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
  // credentials, checked by parseProxyConfig) belongs to the single cluster; with several,
  // each names its own in CLUSTERS or --cluster.
  if (proxy?.frontend != null && clusters !== null && get('METASRV_ADDRS') === undefined) {
    const only = clusters.length === 1 ? clusters[0] : undefined;
    if (only !== undefined && only.frontend === null) only.frontend = proxy.frontend;
    else {
      problem(
        'FRONTEND_URL',
        'names one frontend; with several clusters (or one that names its own) give each its frontend in CLUSTERS or --cluster (frontend=...)',
      );
    }
  }
  if (proxy?.frontend != null && clusters === null) {
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

  // The build to serve.
  const distDir = path.resolve(sources.cwd, get('DIST_DIR') ?? 'dist');
  try {
    sources.readFile(path.join(distDir, 'index.html'));
  } catch {
    problem('DIST_DIR', `${distDir}/index.html not found: run \`npm run build\` first`);
  }

  if (problems.length > 0 || proxy === null) throw new ProductionConfigError(problems);
  return {
    clusters,
    timeoutMs: proxy.timeoutMs,
    emulatorApi: proxy.emulatorApi,
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
  };
}
