/**
 * Every setting of the console server (`npm start` and `npm run dev`): its environment variable, its equivalent CLI flag,
 * and what it means. The README's table is written from this list; cli-flags.ts and config.ts
 * read it, so a setting cannot exist in one form and not the other.
 */

export interface SettingSpec {
  env: string;
  flag: string;
  /** `boolean` flags take no value (`--read-only`); `list` flags may repeat. */
  kind: 'value' | 'boolean' | 'list';
  /** Never printed back (error messages name the setting, not its value). */
  isSecret?: boolean;
  meaning: string;
}

export const SETTINGS = [
  {
    env: 'METASRV_ADDRS',
    flag: 'metasrv-addrs',
    kind: 'value',
    meaning: 'MetaSrv admin addresses of one cluster (named `default`), `host:port,...`',
  },
  {
    env: 'METASRV_LEADER_MAP',
    flag: 'leader-map',
    kind: 'value',
    meaning: '`reported=configured,...`: where a reported leader address is reachable',
  },
  {
    env: 'CLUSTERS',
    flag: 'clusters',
    kind: 'value',
    meaning:
      'several clusters as JSON: `{"prod":{"metasrv":["a:3002"],"leaderMap":{"10.0.0.5:3002":"a:3002"},"frontend":{"url":"https://fe:4000","user":"u","passwordFile":"/path"}}}`',
  },
  {
    env: 'CLUSTER',
    flag: 'cluster',
    kind: 'list',
    meaning:
      'one cluster `name=host:port,host:port[,frontend=URL,frontend-user=U,frontend-password-file=F]` (repeat the flag; env: `;`-separated)',
  },
  {
    env: 'METASRV_TIMEOUT_MS',
    flag: 'timeout-ms',
    kind: 'value',
    meaning: 'bound on one MetaSrv exchange, connect to last byte (100..600000, default 5000)',
  },
  {
    env: 'HOST',
    flag: 'host',
    kind: 'value',
    meaning: 'listen address (default 127.0.0.1); anything but loopback needs EXPOSE',
  },
  { env: 'PORT', flag: 'port', kind: 'value', meaning: 'listen port (default 8080)' },
  {
    env: 'EXPOSE',
    flag: 'expose',
    kind: 'boolean',
    meaning:
      'allow a non-loopback HOST; then auth is required unless READ_ONLY, and PUBLIC_ORIGIN too',
  },
  {
    env: 'PUBLIC_ORIGIN',
    flag: 'public-origin',
    kind: 'value',
    meaning:
      'the origin users open, e.g. `https://console.example.com`; mutating calls must come from it',
  },
  {
    env: 'ALLOWED_HOSTS',
    flag: 'allowed-hosts',
    kind: 'value',
    meaning: 'extra `Host` values to accept, comma-separated (the public origin’s host always is)',
  },
  {
    env: 'TLS_CERT',
    flag: 'tls-cert',
    kind: 'value',
    meaning: 'PEM certificate file: serve HTTPS',
  },
  { env: 'TLS_KEY', flag: 'tls-key', kind: 'value', meaning: 'PEM private key file for TLS_CERT' },
  {
    env: 'TRUSTED_PROXY',
    flag: 'trusted-proxy',
    kind: 'value',
    meaning:
      'IP addresses of the reverse proxy in front (comma-separated): enables X-Forwarded-For in the audit log',
  },
  {
    env: 'CA_BUNDLE',
    flag: 'ca-bundle',
    kind: 'value',
    meaning: 'PEM CA bundle that verifies every `https://` frontend (SQL path), e.g. a private CA',
  },
  {
    env: 'FRONTEND_URL',
    flag: 'frontend-url',
    kind: 'value',
    meaning: 'GreptimeDB frontend HTTP address for the SQL path, `http(s)://host:port`',
  },
  { env: 'FRONTEND_USER', flag: 'frontend-user', kind: 'value', meaning: 'frontend user name' },
  {
    env: 'FRONTEND_PASSWORD',
    flag: 'frontend-password',
    kind: 'value',
    isSecret: true,
    meaning: 'frontend password (prefer the environment: flags show in `ps`)',
  },
  {
    env: 'READ_ONLY',
    flag: 'read-only',
    kind: 'boolean',
    meaning: 'refuse every mutating call; the UI hides mutating controls',
  },
  { env: 'AUTH', flag: 'auth', kind: 'value', meaning: '`none` (default), `basic` or `token`' },
  {
    env: 'AUTH_CREDENTIALS',
    flag: 'auth-credentials',
    kind: 'value',
    isSecret: true,
    meaning:
      '`name:secret,...`: users and passwords (basic) or token names and tokens (token, ≥ 16 characters)',
  },
  {
    env: 'AUTH_CREDENTIALS_FILE',
    flag: 'auth-credentials-file',
    kind: 'value',
    meaning: 'file with one `name:secret` per line (instead of AUTH_CREDENTIALS)',
  },
  {
    env: 'DIST_DIR',
    flag: 'dist-dir',
    kind: 'value',
    meaning:
      'the built dashboard (default `dist/client`, what `npm run build` writes); unused by `npm run dev`',
  },
  {
    env: 'DATA_DIR',
    flag: 'data-dir',
    kind: 'value',
    meaning:
      'where the migrations journal, plan runs and hot-regions heatmaps are kept (default `.data`; `npm run dev`: `.data/dev`)',
  },
  {
    env: 'HEADERS_TIMEOUT_MS',
    flag: 'headers-timeout-ms',
    kind: 'value',
    meaning: 'a request’s headers must arrive within this (slow clients; default 10000)',
  },
  {
    env: 'REQUEST_TIMEOUT_MS',
    flag: 'request-timeout-ms',
    kind: 'value',
    meaning: 'a whole request, body included, must arrive within this (default 30000)',
  },
  {
    env: 'KEEP_ALIVE_TIMEOUT_MS',
    flag: 'keep-alive-timeout-ms',
    kind: 'value',
    meaning: 'a kept-alive connection with no next request is closed after this (default 5000)',
  },
  {
    env: 'CONNECTIONS_CHECK_INTERVAL_MS',
    flag: 'connections-check-interval-ms',
    kind: 'value',
    meaning: 'how often the two request timeouts are checked (default 2000)',
  },
  {
    env: 'REFRESH_INTERVAL_MS',
    flag: 'refresh-interval-ms',
    kind: 'value',
    meaning:
      'how often the shared poller re-reads node leases, maintenance mode, the procedure manager and open tables’ routes for every browser (1000..600000, default 30000); the leader is read every 5 s regardless',
  },
  {
    env: 'HOT_REGIONS_INTERVAL_MS',
    flag: 'hot-regions-interval-ms',
    kind: 'value',
    meaning:
      'how often the server samples `information_schema.region_statistics` of each SQL-path cluster for the hot regions and the heatmap, browser open or not (3000..30000, default 30000; one statement each time)',
  },
  {
    env: 'IDLE_TIMEOUT_MS',
    flag: 'idle-timeout-ms',
    kind: 'value',
    meaning:
      'a connection with no traffic either way is closed after this, e.g. one that never sends a request (default 60000; above METASRV_TIMEOUT_MS)',
  },
  {
    env: 'MAX_CONNECTIONS',
    flag: 'max-connections',
    kind: 'value',
    meaning: 'client connections open at once; one more is answered 503 and closed (default 500)',
  },
  {
    env: 'EMULATOR_API',
    flag: 'emulator-api',
    kind: 'value',
    meaning:
      '`v0.6`, `v0.7` or `v1.1` (GreptimeDB v1.1.4, SQL path): the embedded emulator (no cluster configured)',
  },
  {
    env: 'EMULATOR_FRONTEND_AUTH',
    flag: 'emulator-frontend-auth',
    kind: 'value',
    isSecret: true,
    meaning:
      '`user:password` the embedded v1.1 emulator’s frontend requires and the console sends (demos, tests)',
  },
] as const satisfies readonly SettingSpec[];

export type SettingEnv = (typeof SETTINGS)[number]['env'];

/** `PORT (--port)`: how problems name a setting, since it may come from either. */
export function settingLabel(env: string): string {
  const spec = SETTINGS.find((setting) => setting.env === env);
  return spec === undefined ? env : `${spec.env} (--${spec.flag})`;
}
