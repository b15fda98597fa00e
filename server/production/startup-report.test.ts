/**
 * What `npm start` prints: the loud warnings for settings that weaken the server, and the
 * description of what it talks to, which must never carry a secret.
 */
import { describe, expect, it } from 'vitest';
import { parseConsoleConfig } from './config.ts';
import type { ConfigSources } from './config.ts';
import { startFakeMetasrv, unusedAddr } from '../proxy/test-support/fake-metasrv.ts';
import { createMetasrvAgent, sendToMetasrv } from '../proxy/upstream.ts';
import {
  banner,
  describeConfig,
  probeFrontend,
  probeMetasrvs,
  warnings,
} from './startup-report.ts';

const FILES: Record<string, string> = { '/srv/dist/client/index.html': '<html></html>' };

function config(env: NodeJS.ProcessEnv) {
  const sources: ConfigSources = {
    env,
    argv: [],
    cwd: '/srv',
    readFile: (file) => {
      const text = FILES[file];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return Buffer.from(text);
    },
  };
  return parseConsoleConfig(sources);
}

describe('start-up report', () => {
  it('warns loudly about plain HTTP without a trusted proxy, and about no auth', () => {
    const plain = banner(warnings(config({ METASRV_ADDRS: 'm0:3002' }), false));
    expect(plain).toMatch(/^!{78}\n!! WARNING: Serving plain HTTP with no trusted reverse proxy/);
    expect(plain).toContain('No auth');
    const proxied = warnings(
      config({
        METASRV_ADDRS: 'm0:3002',
        TRUSTED_PROXY: '10.0.0.2',
        AUTH: 'token',
        AUTH_CREDENTIALS: 'alice:tok-aaaaaaaaaaaaaaaa',
      }),
      false,
    );
    expect(proxied).toEqual([]);
  });

  it('lists the connection limits in force', () => {
    const lines = describeConfig(config({ MAX_CONNECTIONS: '50' }), 'http://127.0.0.1:8080');
    expect(lines).toContain(
      '  connections: at most 50; idle 60000 ms, headers 10000 ms, request 30000 ms, keep-alive 5000 ms (checked every 2000 ms)',
    );
  });

  it('says whether each MetaSrv answers now', async () => {
    const node = await startFakeMetasrv();
    const dead = await unusedAddr();
    const agent = createMetasrvAgent();
    try {
      const probes = await probeMetasrvs([node.addr, dead], {
        send: sendToMetasrv,
        agent,
        timeoutMs: 1000,
      });
      expect(probes[0]).toEqual({
        addr: node.addr,
        answer: `answers (HTTP 200, leader: ${JSON.stringify(node.addr)})`,
      });
      expect(probes[1]?.answer).toMatch(/^DOES NOT ANSWER \(ECONNREFUSED/);
    } finally {
      agent.destroy();
      await node.close();
    }
  });

  it('names users and frontends but never a token or a frontend password', async () => {
    const parsed = config({
      CLUSTERS: JSON.stringify({
        prod: {
          metasrv: ['p0:4000'],
          frontend: { url: 'http://fe:4000', user: 'admin', password: 'frontend-secret' },
        },
      }),
      AUTH: 'token',
      AUTH_CREDENTIALS: 'alice:tok-aaaaaaaaaaaaaaaa',
    });
    const frontend = parsed.clusters?.[0]?.frontend;
    if (frontend == null) throw new Error('expected a frontend');
    const line = await probeFrontend(frontend, {
      sendSql: () =>
        Promise.resolve({
          kind: 'response',
          addr: 'fe:4000',
          status: 401,
          headers: {},
          body: Buffer.from('{}'),
        }),
      timeoutMs: 1000,
    });
    expect(line).toBe(
      'frontend http://fe:4000 (SQL path, user admin) answers HTTP 401 (credentials missing or wrong)',
    );
    const printed = [...describeConfig(parsed, 'http://127.0.0.1:8080'), line].join('\n');
    expect(printed).toContain('alice');
    expect(printed).not.toContain('tok-aaaaaaaaaaaaaaaa');
    expect(printed).not.toContain('frontend-secret');
  });
});
