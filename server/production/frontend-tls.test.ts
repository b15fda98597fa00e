/**
 * CA_BUNDLE for an https frontend: a private CA and a frontend certificate it signed are made
 * with openssl at test time; a local HTTPS frontend serves that certificate. Trusted with the
 * bundle; without it the connection is refused before any statement is sent, and the console
 * says why and what to set.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_VERSION_STATEMENT } from '../../contract/sql/statements.ts';
import { sendSql } from '../sql/frontend-client.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { rawRequest, startConsole } from './test-support/console-fixture.ts';

const CLUSTER_INFO = JSON.stringify({
  output: [
    {
      records: {
        schema: {
          column_schemas: [
            { name: 'peer_type', data_type: 'String' },
            { name: 'peer_addr', data_type: 'String' },
            { name: 'version', data_type: 'String' },
          ],
        },
        rows: [['FRONTEND', '127.0.0.1:4001', 'v1.1.4']],
      },
    },
  ],
  execution_time_ms: 1,
});

let pki: { ca: Buffer; cert: Buffer; key: Buffer };

/** A CA, and a certificate for 127.0.0.1 that it signed (EC keys: quick to make). */
beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'console-pki-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=Region Console test CA',
  );
  openssl(
    'req',
    ...ec,
    '-keyout',
    file('fe.key'),
    '-out',
    file('fe.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(file('fe.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('fe.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('fe.pem'),
    '-days',
    '1',
    '-extfile',
    file('fe.ext'),
  );
  pki = {
    ca: readFileSync(file('ca.pem')),
    cert: readFileSync(file('fe.pem')),
    key: readFileSync(file('fe.key')),
  };
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function httpsFrontend(): Promise<{ url: string; statements: string[] }> {
  const statements: string[] = [];
  const server = https.createServer({ cert: pki.cert, key: pki.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      statements.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('sql') ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(CLUSTER_INFO);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { url: `https://127.0.0.1:${(address satisfies AddressInfo).port}`, statements };
}

describe('an https frontend with a private CA', () => {
  it('is trusted with the CA bundle, and refused without it before any statement is sent', async () => {
    const frontend = await httpsFrontend();
    const trusted = await sendSql(
      { url: frontend.url, credentials: null, ca: pki.ca },
      CLUSTER_VERSION_STATEMENT,
      { timeoutMs: 2000 },
    );
    expect(trusted).toMatchObject({ kind: 'response', status: 200 });
    expect(frontend.statements).toEqual([CLUSTER_VERSION_STATEMENT]);

    const refused = await sendSql(
      { url: frontend.url, credentials: null },
      CLUSTER_VERSION_STATEMENT,
      { timeoutMs: 2000 },
    );
    // connect-failed, not reset-after-send: a refused migration statement was never sent.
    expect(refused.kind).toBe('connect-failed');
    expect(refused.kind === 'connect-failed' ? refused.message : '').toMatch(
      /TLS certificate is not trusted .*set CA_BUNDLE/,
    );
    expect(frontend.statements).toHaveLength(1);
  });

  it('the console detects the SQL path with the bundle and names the problem without it', async () => {
    const frontend = await httpsFrontend();
    const metasrv = await startFakeMetasrv();
    cleanups.push(() => metasrv.close());
    const connection = async (ca: Buffer | null) => {
      const running = await startConsole({
        clusters: [
          {
            id: 'default',
            metasrvAddrs: [metasrv.addr],
            leaderMap: new Map(),
            frontend: { url: frontend.url, credentials: null, ca },
          },
        ],
      });
      cleanups.push(() => running.close());
      const answer = await rawRequest(running.port, { path: '/api/clusters/default/connection' });
      return JSON.parse(answer.body) as unknown;
    };
    expect(await connection(pki.ca)).toMatchObject({
      generation: 'sql',
      version: '1.1.4',
      problem: null,
    });
    expect(await connection(null)).toMatchObject({
      problem: { message: expect.stringMatching(/not trusted.*CA_BUNDLE/) as unknown },
    });
  });
});
