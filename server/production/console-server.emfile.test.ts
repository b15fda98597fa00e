/**
 * Out of file descriptors, end to end: the console runs in a child process under
 * `ulimit -n 256` and 300 idle sockets use them up. A submission then gets a clear answer
 * (nothing is sent, nothing thrown), and once the sockets close the console serves again.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { SubmitMigrationAnswerSchema } from '../../contract/tracked-migration.ts';
import { startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import { dashboardMutationHeaders } from './test-support/console-fixture.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const TSX = path.join(here, '../../node_modules/.bin/tsx');
const CHILD = path.join(here, 'test-support/emfile-console.ts');
const ListeningSchema = z.object({ port: z.number(), origin: z.string() });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The child's stdout, line by line, and a promise of its first line. */
function startChild(args: string[]): {
  child: ChildProcess;
  lines: string[];
  first: Promise<string>;
} {
  const child = spawn('bash', ['-c', 'ulimit -n 256 && exec "$0" "$@"', TSX, CHILD, ...args]);
  const lines: string[] = [];
  const first = new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts);
      if (lines[0] !== undefined) resolve(lines[0]);
    });
    child.once('exit', (code) => {
      reject(new Error(`the console exited (${String(code)})`));
    });
  });
  return { child, lines, first };
}

function request(
  options: http.RequestOptions,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function openIdleSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      resolve(socket);
    });
    socket.on('error', () => {
      resolve(socket);
    });
  });
}

it('a console out of descriptors answers clearly, stays up, and recovers', async () => {
  const node = await startFakeMetasrv();
  cleanups.push(() => node.close());
  // A legacy cluster (v0.7): submissions go to MetaSrv, which refuses them.
  node.reply('/admin/route/help', { status: 200, body: 'help' });
  node.reply('/admin/region-migration', { status: 400, body: 'refused by the test' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-emfile-'));
  cleanups.push(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const { child, lines, first } = startChild([node.addr, dataDir]);
  cleanups.push(() => {
    child.kill();
  });
  const { port, origin } = ListeningSchema.parse(JSON.parse(await first));
  const host = `127.0.0.1:${String(port)}`;
  // One connection opened before the crowd, kept alive to talk over while descriptors are gone.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cleanups.push(() => {
    agent.destroy();
  });
  const viaKept = (method: string, urlPath: string, body?: string) =>
    request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent,
        headers: { host, ...dashboardMutationHeaders(origin) },
      },
      body,
    );
  expect((await viaKept('GET', '/api/clusters')).status).toBe(200);

  const crowd = await Promise.all(Array.from({ length: 300 }, () => openIdleSocket(port)));
  let key = 0;
  const submit = () =>
    viaKept(
      'POST',
      '/api/clusters/default/migrations',
      JSON.stringify({
        request: {
          region_id: '4398046511104',
          from_peer_id: '1',
          to_peer_id: '2',
          replay_timeout: '5s',
        },
        idempotency_key: `emfile-key-${String((key += 1))}`,
      }),
    );
  // The crowd is accepted while requests are served, as fast as a loaded machine lets the
  // console run; a submission made before it was is answered as usual (MetaSrv refuses it).
  // Each one opens a fresh connection to MetaSrv. Bounded by time, not by a count of tries.
  const deadline = Date.now() + 14_000;
  let answer = await submit();
  while (!answer.body.includes('EMFILE') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer = await submit();
  }
  // The journal cannot open its file (503) or, holding it open already, the submission cannot
  // open a socket and is recorded as not submitted: either way in words, nothing thrown.
  const outcome =
    answer.status === 200
      ? SubmitMigrationAnswerSchema.parse(JSON.parse(answer.body)).migration.outcome?.kind
      : `HTTP ${String(answer.status)}`;
  expect(['HTTP 503', 'not-submitted']).toContain(outcome);
  expect(answer.body).toContain('EMFILE');
  const reachedMetasrv = node.requestsTo('/admin/region-migration').length;
  expect(reachedMetasrv).toBeLessThan(key);

  for (const socket of crowd) socket.destroy();
  // The console closes its side of the crowd as the FINs arrive; a connection that races them
  // is dropped (libuv's EMFILE handling), so a fresh one is tried again until one is served.
  const fresh = () =>
    request({ host: '127.0.0.1', port, path: '/api/clusters', agent: false, headers: { host } });
  let served = await fresh().catch(() => null);
  for (let attempt = 0; attempt < 50 && served === null; attempt += 1) {
    served = await fresh().catch(() => null);
  }
  expect(served?.status).toBe(200);
  expect(child.exitCode).toBeNull();
  expect(lines.slice(1)).toEqual([]);
}, 60_000);
