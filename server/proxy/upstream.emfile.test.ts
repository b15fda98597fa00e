/**
 * Out of file descriptors (EMFILE), for real: a child process under `ulimit -n 64` uses up its
 * descriptors and then submits. No socket could be opened, so nothing reached MetaSrv, and the
 * result must say so (a submission that certainly did not arrive may be retried; one that may
 * have arrived must not be).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startFakeMetasrv } from './test-support/fake-metasrv.ts';
import type { FakeMetasrv } from './test-support/fake-metasrv.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const TSX = path.join(here, '../../node_modules/.bin/tsx');
const PROBE = path.join(here, 'test-support/emfile-probe.ts');

let node: FakeMetasrv | undefined;
afterEach(async () => {
  await node?.close();
});

function runOutOfDescriptors(addr: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', 'ulimit -n 64 && exec "$0" "$1" "$2"', TSX, PROBE, addr],
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`the probe failed: ${stderr}`));
      },
    );
  });
}

it('EMFILE while connecting counts as a connection that failed, not a request sent', async () => {
  node = await startFakeMetasrv();
  const result: unknown = JSON.parse(await runOutOfDescriptors(node.addr));
  expect(result).toMatchObject({ kind: 'connect-failed', code: 'EMFILE', addr: node.addr });
  expect(node.requests).toEqual([]);
}, 20_000);
