import { describe, expect, it } from 'vitest';
import { DEFAULT_METASRV_TIMEOUT_MS, ProxyConfigError, parseProxyConfig } from './config.ts';

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    parseProxyConfig(env);
  } catch (error) {
    if (error instanceof ProxyConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ProxyConfigError');
}

describe('parseProxyConfig', () => {
  it('without METASRV_ADDRS asks for the embedded emulator, with defaults', () => {
    expect(parseProxyConfig({})).toEqual({
      metasrvAddrs: null,
      leaderMap: new Map(),
      timeoutMs: DEFAULT_METASRV_TIMEOUT_MS,
      emulatorApi: 'v0.6',
      frontend: null,
    });
    expect(parseProxyConfig({ METASRV_ADDRS: '  ' }).metasrvAddrs).toBeNull();
  });

  it('reads addresses, the leader map, the timeout and the emulator API', () => {
    const config = parseProxyConfig({
      METASRV_ADDRS: 'metasrv-0.metasrv:3002, 10.0.0.2:3002,[::1]:3002',
      METASRV_LEADER_MAP: '10.244.1.17:3002=metasrv-0.metasrv:3002',
      METASRV_TIMEOUT_MS: '2500',
      EMULATOR_API: 'v0.7',
    });
    expect(config.metasrvAddrs).toEqual(['metasrv-0.metasrv:3002', '10.0.0.2:3002', '[::1]:3002']);
    expect([...config.leaderMap]).toEqual([['10.244.1.17:3002', 'metasrv-0.metasrv:3002']]);
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
      expect.stringMatching(/^METASRV_ADDRS: "localhost" is not host:port/),
      expect.stringMatching(/^METASRV_ADDRS: "127.0.0.1:3002" is listed twice/),
      expect.stringMatching(/^METASRV_ADDRS: "host:99999" is not host:port/),
      expect.stringMatching(/^METASRV_TIMEOUT_MS: /),
      expect.stringMatching(/^EMULATOR_API: /),
    ]);
  });

  it('refuses a leader map that points outside METASRV_ADDRS or has no addresses to map to', () => {
    expect(
      problemsOf({
        METASRV_ADDRS: '127.0.0.1:3002',
        METASRV_LEADER_MAP: '10.244.1.17:3002=10.9.9.9:3002,nonsense',
      }),
    ).toEqual([
      'METASRV_LEADER_MAP: "nonsense" is not reported=configured with two host:port addresses',
    ]);
    expect(
      problemsOf({
        METASRV_ADDRS: '127.0.0.1:3002',
        METASRV_LEADER_MAP: '10.244.1.17:3002=10.9.9.9:3002',
      }),
    ).toEqual([
      'METASRV_LEADER_MAP: maps 10.244.1.17:3002 to 10.9.9.9:3002, which is not in METASRV_ADDRS',
    ]);
    expect(problemsOf({ METASRV_LEADER_MAP: '10.244.1.17:3002=127.0.0.1:3002' })).toEqual([
      expect.stringMatching(/^METASRV_LEADER_MAP: needs METASRV_ADDRS/),
    ]);
  });

  it('says which variables are wrong in the error message itself', () => {
    expect(() => parseProxyConfig({ METASRV_TIMEOUT_MS: '0' })).toThrow(/METASRV_TIMEOUT_MS/);
  });
});
