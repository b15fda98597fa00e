import { describe, expect, it } from 'vitest';
import { ConsoleConfigError, DEFAULT_METASRV_TIMEOUT_MS, parseConsoleConfig } from './config.ts';
import type { ConfigSources } from './config.ts';

const FILES: Record<string, string> = {
  '/srv/dist/client/index.html': '<html></html>',
  '/srv/elsewhere/index.html': '<html></html>',
  '/srv/tls/cert.pem': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
  '/srv/tls/key.pem': '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----',
  '/srv/tokens': 'alice:tok-aaaaaaaaaaaaaaaa\n# a comment\nbob:tok-bbbbbbbbbbbbbbbb\n',
  '/srv/secrets/staging-frontend': 'staging-pass-from-file\n',
  '/srv/ca.pem': '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----',
};

function sources(env: NodeJS.ProcessEnv, argv: string[] = []): ConfigSources {
  return {
    env,
    argv,
    cwd: '/srv',
    readFile: (file) => {
      const text = FILES[file];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return Buffer.from(text);
    },
  };
}

function problemsOf(env: NodeJS.ProcessEnv, argv: string[] = []): readonly string[] {
  try {
    parseConsoleConfig(sources(env, argv));
  } catch (error) {
    if (error instanceof ConsoleConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConsoleConfigError');
}

describe('parseConsoleConfig', () => {
  it('defaults: loopback, port 8080, no auth, both loopback origins, the embedded emulator', () => {
    const config = parseConsoleConfig(sources({}));
    expect(config).toMatchObject({
      clusters: null,
      host: '127.0.0.1',
      port: 8080,
      isExposed: false,
      publicOrigins: ['http://localhost:8080', 'http://127.0.0.1:8080'],
      isReadOnly: false,
      auth: { mode: 'none', credentials: [] },
      distDir: '/srv/dist/client',
      dataDir: '.data',
      timeoutMs: 5000,
    });
    expect([...config.allowedHosts]).toEqual(['localhost:8080', '127.0.0.1:8080']);
  });

  it('flags are equivalent to the environment, and win over it', () => {
    const fromEnv = parseConsoleConfig(
      sources({ METASRV_ADDRS: 'm0:3002,m1:3002', PORT: '9000', READ_ONLY: 'true' }),
    );
    const fromFlags = parseConsoleConfig(
      sources({ PORT: '1' }, ['--metasrv-addrs', 'm0:3002,m1:3002', '--port=9000', '--read-only']),
    );
    expect(fromFlags).toEqual(fromEnv);
    expect(fromFlags.clusters).toEqual([
      { id: 'default', metasrvAddrs: ['m0:3002', 'm1:3002'], leaderMap: new Map(), frontend: null },
    ]);
  });

  it('reads several clusters from CLUSTERS JSON and repeated --cluster flags', () => {
    const config = parseConsoleConfig(
      sources(
        { CLUSTERS: '{"prod":{"metasrv":["p0:3002"],"leaderMap":{"10.0.0.5:3002":"p0:3002"}}}' },
        ['--cluster', 'staging=s0:3002,s1:3002', '--cluster', 'lab=l0:3002'],
      ),
    );
    expect(config.clusters?.map((c) => [c.id, c.metasrvAddrs, [...c.leaderMap]])).toEqual([
      ['prod', ['p0:3002'], [['10.0.0.5:3002', 'p0:3002']]],
      ['staging', ['s0:3002', 's1:3002'], []],
      ['lab', ['l0:3002'], []],
    ]);
  });

  it('lists every bad value in one error, naming env var and flag, never a secret', () => {
    const problems = problemsOf(
      {
        METASRV_ADDRS: 'not an address',
        METASRV_TIMEOUT_MS: '10',
        PORT: '99999',
        PUBLIC_ORIGIN: 'https://console.example.com/path',
        TLS_CERT: 'tls/cert.pem',
        TRUSTED_PROXY: 'proxy.local',
        AUTH: 'token',
        AUTH_CREDENTIALS: 'alice:short-secret',
        READ_ONLY: 'maybe',
        CLUSTERS: '{"Prod!":{"metasrv":[]}}',
        DIST_DIR: 'nowhere',
      },
      ['--bogus', '1'],
    );
    const text = problems.join('\n');
    for (const expected of [
      '--bogus: unknown flag',
      'METASRV_ADDRS (--metasrv-addrs)',
      'METASRV_TIMEOUT_MS (--timeout-ms)',
      'PORT (--port)',
      'PUBLIC_ORIGIN (--public-origin)',
      'TLS_KEY (--tls-key): TLS needs both',
      'TRUSTED_PROXY (--trusted-proxy)',
      'shorter than 16 characters',
      'READ_ONLY (--read-only): must be true or false',
      'CLUSTERS (--clusters)',
      'DIST_DIR (--dist-dir)',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('short-secret');
  });

  it('binding beyond loopback needs --expose, a public origin, and auth unless read-only', () => {
    expect(problemsOf({ HOST: '0.0.0.0', METASRV_ADDRS: 'm0:3002' }).join('\n')).toMatch(
      /HOST.*EXPOSE=true[\s\S]*PUBLIC_ORIGIN.*required[\s\S]*AUTH.*needs AUTH=basic or token/,
    );
    const exposed = {
      HOST: '0.0.0.0',
      EXPOSE: 'true',
      METASRV_ADDRS: 'm0:3002',
      PUBLIC_ORIGIN: 'https://console.example.com',
    };
    expect(problemsOf(exposed).join('\n')).toContain('needs AUTH=basic or token, or READ_ONLY');
    expect(parseConsoleConfig(sources({ ...exposed, READ_ONLY: '1' })).isExposed).toBe(true);
    const withAuth = parseConsoleConfig(
      sources({ ...exposed, AUTH: 'token', AUTH_CREDENTIALS_FILE: 'tokens' }),
    );
    expect(withAuth.auth.credentials.map((c) => c.name)).toEqual(['alice', 'bob']);
    expect([...withAuth.allowedHosts]).toEqual(['console.example.com']);
    // Never the emulator beyond loopback.
    const noCluster = { ...exposed, METASRV_ADDRS: '' };
    expect(problemsOf({ ...noCluster, READ_ONLY: '1' }).join('\n')).toContain('embedded emulator');
  });

  it('TLS needs an https public origin and reads both files', () => {
    const config = parseConsoleConfig(
      sources({ TLS_CERT: 'tls/cert.pem', TLS_KEY: 'tls/key.pem' }),
    );
    expect(config.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(config.publicOrigins).toEqual(['https://localhost:8080', 'https://127.0.0.1:8080']);
    expect(
      problemsOf({
        TLS_CERT: 'tls/cert.pem',
        TLS_KEY: 'tls/key.pem',
        PUBLIC_ORIGIN: 'http://x.example',
      }),
    ).toEqual([
      'PUBLIC_ORIGIN (--public-origin): the server serves HTTPS (TLS_CERT), so the origin must be https://',
    ]);
  });

  it('each cluster has its own frontend (JSON or flags); CA_BUNDLE goes to the https ones', () => {
    const config = parseConsoleConfig(
      sources(
        {
          CLUSTERS: JSON.stringify({
            prod: {
              metasrv: ['p0:4000'],
              frontend: { url: 'https://prod-fe:4000', user: 'admin', password: 'prod-pass' },
            },
            legacy: { metasrv: ['l0:3002'] },
          }),
          CA_BUNDLE: 'ca.pem',
        },
        [
          '--cluster',
          'staging=s0:4000,frontend=http://staging-fe:4000,frontend-user=ops,frontend-password-file=secrets/staging-frontend',
        ],
      ),
    );
    expect(config.clusters?.map((c) => [c.id, c.frontend])).toEqual([
      [
        'prod',
        {
          url: 'https://prod-fe:4000',
          credentials: { user: 'admin', password: 'prod-pass' },
          ca: Buffer.from(FILES['/srv/ca.pem'] ?? ''),
        },
      ],
      ['legacy', null],
      [
        'staging',
        {
          url: 'http://staging-fe:4000',
          credentials: { user: 'ops', password: 'staging-pass-from-file' },
        },
      ],
    ]);
    // The single-cluster form keeps FRONTEND_URL and its credentials.
    const single = parseConsoleConfig(
      sources({ METASRV_ADDRS: 'm0:4000', FRONTEND_URL: 'http://fe:4000', FRONTEND_AUTH: 'u:p' }),
    );
    expect(single.clusters?.[0]?.frontend).toEqual({
      url: 'http://fe:4000',
      credentials: { user: 'u', password: 'p' },
    });
  });

  it('frontend mistakes are listed without the password', () => {
    const text = problemsOf(
      {
        CLUSTERS: JSON.stringify({
          a: { metasrv: ['a:1'], frontend: { url: 'http://u:leaked-pass@fe:4000' } },
          b: { metasrv: ['b:1'], frontend: { url: 'http://fe:4000', password: 'leaked-pass' } },
        }),
        FRONTEND_URL: 'http://shared:4000',
        CA_BUNDLE: 'ca.pem',
      },
      ['--cluster', 'c=c:1,frontend=http://fe:4000,frontend-user=x,frontend-password-file=nope'],
    ).join('\n');
    expect(text).toContain('CLUSTERS (--clusters) a.frontend.url: url is not http(s)://host:port');
    expect(text).toContain('CLUSTERS (--clusters) b.frontend: user and password');
    expect(text).toContain('CLUSTER (--cluster): cluster c: cannot read nope (ENOENT)');
    expect(text).toContain(
      'FRONTEND_URL (--frontend-url): names one frontend; with several clusters',
    );
    expect(text).not.toContain('leaked-pass');
    expect(
      problemsOf({ METASRV_ADDRS: 'm:1', FRONTEND_URL: 'http://fe:4000', CA_BUNDLE: 'ca.pem' }),
    ).toEqual(['CA_BUNDLE (--ca-bundle): no frontend is https://, so nothing would use it']);
  });

  it('METASRV_ADDRS and CLUSTERS are exclusive; a cluster id is not repeated', () => {
    const text = problemsOf({ METASRV_ADDRS: 'm0:3002', CLUSTERS: '{"a":{"metasrv":["x:1"]}}' }, [
      '--cluster',
      'a=y:1',
    ]).join('\n');
    expect(text).toContain('not both');
    expect(text).toContain('cluster a is named twice');
  });

  it('flag mistakes are listed with the rest: a missing value, a repeat, a stray argument', () => {
    const problems = problemsOf({}, [
      '--timeout-ms',
      '--read-only',
      '--port',
      '1',
      '--port=2',
      'x',
    ]);
    expect(problems).toEqual([
      '--timeout-ms: needs a value',
      '--port: given more than once',
      'unexpected argument "x" (settings are --name value)',
    ]);
  });

  it('npm run dev: its own defaults, and no build to find', () => {
    const config = parseConsoleConfig(sources({}), {
      port: 5173,
      dataDir: '.data/dev',
      distDir: null,
    });
    expect(config).toMatchObject({ port: 5173, dataDir: '.data/dev', distDir: null });
    expect(config.publicOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
    const chosen = parseConsoleConfig(sources({ DIST_DIR: 'elsewhere' }, ['--data-dir', '/tmp/x']));
    expect(chosen).toMatchObject({ distDir: '/srv/elsewhere', dataDir: '/tmp/x' });
  });

  it('the embedded emulator: its API version and its frontend credentials', () => {
    const config = parseConsoleConfig(
      sources({ EMULATOR_API: 'v1.1', EMULATOR_FRONTEND_AUTH: 'console:secret' }),
    );
    expect(config).toMatchObject({
      clusters: null,
      emulatorApi: 'v1.1',
      emulatorFrontendAuth: { user: 'console', password: 'secret' },
    });
    expect(problemsOf({ EMULATOR_FRONTEND_AUTH: 'no-colon-secret' })).toEqual([
      'EMULATOR_FRONTEND_AUTH (--emulator-frontend-auth): must be user:password',
    ]);
  });

  it('hot regions are sampled every 30 s unless told, never faster than the 3 s heartbeat', () => {
    expect(parseConsoleConfig(sources({})).hotRegionsIntervalMs).toBe(30_000);
    expect(
      parseConsoleConfig(sources({}, ['--hot-regions-interval-ms', '3000'])).hotRegionsIntervalMs,
    ).toBe(3_000);
    for (const text of ['1000', '60000', '3s']) {
      expect(problemsOf({ HOT_REGIONS_INTERVAL_MS: text })).toEqual([
        'HOT_REGIONS_INTERVAL_MS (--hot-regions-interval-ms): must be a whole number from 3000 to 30000',
      ]);
    }
  });
});

describe('parseConsoleConfig: MetaSrv of one cluster', () => {
  it('without METASRV_ADDRS asks for the embedded emulator, with defaults', () => {
    expect(parseConsoleConfig(sources({}))).toMatchObject({
      clusters: null,
      timeoutMs: DEFAULT_METASRV_TIMEOUT_MS,
      emulatorApi: 'v0.6',
      emulatorFrontendAuth: null,
    });
    expect(parseConsoleConfig(sources({ METASRV_ADDRS: '  ' })).clusters).toBeNull();
  });

  it('reads addresses, the leader map, the timeout and the emulator API', () => {
    const config = parseConsoleConfig(
      sources({
        METASRV_ADDRS: 'metasrv-0.metasrv:3002, 10.0.0.2:3002,[::1]:3002',
        METASRV_LEADER_MAP: '10.244.1.17:3002=metasrv-0.metasrv:3002',
        METASRV_TIMEOUT_MS: '2500',
        EMULATOR_API: 'v0.7',
      }),
    );
    expect(config.clusters?.[0]?.metasrvAddrs).toEqual([
      'metasrv-0.metasrv:3002',
      '10.0.0.2:3002',
      '[::1]:3002',
    ]);
    expect([...(config.clusters?.[0]?.leaderMap ?? [])]).toEqual([
      ['10.244.1.17:3002', 'metasrv-0.metasrv:3002'],
    ]);
    expect(config.timeoutMs).toBe(2500);
    expect(config.emulatorApi).toBe('v0.7');
  });

  it('lists every bad value at once', () => {
    const problems = problemsOf({
      METASRV_ADDRS: '127.0.0.1:3002,localhost,127.0.0.1:3002,host:99999',
      METASRV_TIMEOUT_MS: '5s',
      EMULATOR_API: 'v0.8',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^METASRV_ADDRS \(--metasrv-addrs\): "localhost" is not host:port/),
      expect.stringMatching(/^METASRV_ADDRS \(--metasrv-addrs\): "127.0.0.1:3002" is listed twice/),
      expect.stringMatching(/^METASRV_ADDRS \(--metasrv-addrs\): "host:99999" is not host:port/),
      expect.stringMatching(/^METASRV_TIMEOUT_MS \(--timeout-ms\): /),
      expect.stringMatching(/^EMULATOR_API \(--emulator-api\): /),
    ]);
  });

  it('refuses a leader map that points outside METASRV_ADDRS or has no addresses to map to', () => {
    expect(
      problemsOf({
        METASRV_ADDRS: '127.0.0.1:3002',
        METASRV_LEADER_MAP: '10.244.1.17:3002=10.9.9.9:3002,nonsense',
      }),
    ).toEqual([
      'METASRV_LEADER_MAP (--leader-map): "nonsense" is not reported=configured with two host:port addresses',
    ]);
    expect(
      problemsOf({
        METASRV_ADDRS: '127.0.0.1:3002',
        METASRV_LEADER_MAP: '10.244.1.17:3002=10.9.9.9:3002',
      }),
    ).toEqual([
      'METASRV_LEADER_MAP (--leader-map): maps 10.244.1.17:3002 to 10.9.9.9:3002, which is not in METASRV_ADDRS',
    ]);
    expect(problemsOf({ METASRV_LEADER_MAP: '10.244.1.17:3002=127.0.0.1:3002' })).toEqual([
      expect.stringMatching(/^METASRV_LEADER_MAP \(--leader-map\): needs METASRV_ADDRS/),
    ]);
  });

  it('says which variables are wrong in the error message itself', () => {
    expect(() => parseConsoleConfig(sources({ METASRV_TIMEOUT_MS: '0' }))).toThrow(
      /METASRV_TIMEOUT_MS/,
    );
  });
});

describe('parseConsoleConfig: connection limits', () => {
  it('defaults, and every limit from the environment or its flag', () => {
    expect(parseConsoleConfig(sources({})).connectionLimits).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      connectionsCheckingIntervalMs: 2_000,
      idleTimeoutMs: 60_000,
      maxConnections: 500,
    });
    const fromEnv = parseConsoleConfig(
      sources({
        HEADERS_TIMEOUT_MS: '1000',
        REQUEST_TIMEOUT_MS: '2000',
        KEEP_ALIVE_TIMEOUT_MS: '500',
        CONNECTIONS_CHECK_INTERVAL_MS: '200',
        IDLE_TIMEOUT_MS: '6000',
        MAX_CONNECTIONS: '20',
      }),
    );
    const fromFlags = parseConsoleConfig(
      sources({ MAX_CONNECTIONS: '1' }, [
        '--headers-timeout-ms=1000',
        '--request-timeout-ms=2000',
        '--keep-alive-timeout-ms=500',
        '--connections-check-interval-ms=200',
        '--idle-timeout-ms=6000',
        '--max-connections=20',
      ]),
    );
    expect(fromFlags.connectionLimits).toEqual(fromEnv.connectionLimits);
    expect(fromEnv.connectionLimits).toEqual({
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
      keepAliveTimeoutMs: 500,
      connectionsCheckingIntervalMs: 200,
      idleTimeoutMs: 6_000,
      maxConnections: 20,
    });
  });

  it('lists bad limits, headers beyond the request bound, and an idle timeout within MetaSrv’s', () => {
    expect(
      problemsOf({ MAX_CONNECTIONS: '0', KEEP_ALIVE_TIMEOUT_MS: '5s', IDLE_TIMEOUT_MS: '10' }),
    ).toEqual([
      'KEEP_ALIVE_TIMEOUT_MS (--keep-alive-timeout-ms): must be a whole number from 100 to 600000',
      'IDLE_TIMEOUT_MS (--idle-timeout-ms): must be a whole number from 100 to 3600000',
      'MAX_CONNECTIONS (--max-connections): must be a whole number from 1 to 1000000',
    ]);
    expect(
      problemsOf({
        HEADERS_TIMEOUT_MS: '20000',
        REQUEST_TIMEOUT_MS: '15000',
        METASRV_TIMEOUT_MS: '60000',
      }),
    ).toEqual([
      'HEADERS_TIMEOUT_MS (--headers-timeout-ms): must not exceed REQUEST_TIMEOUT_MS',
      'IDLE_TIMEOUT_MS (--idle-timeout-ms): must exceed METASRV_TIMEOUT_MS (60000 ms)',
    ]);
  });
});
