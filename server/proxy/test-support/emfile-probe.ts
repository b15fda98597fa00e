/**
 * Run in a child process under a low `ulimit -n`: takes every free file descriptor, then sends
 * one submission to the MetaSrv address in argv[2] and prints the UpstreamResult as JSON.
 */
import fs from 'node:fs';
import { sendToMetasrv } from '../upstream.ts';

function takeEveryDescriptor(): number[] {
  const held: number[] = [];
  for (;;) {
    try {
      held.push(fs.openSync('/dev/null', 'r'));
    } catch {
      return held;
    }
  }
}

/**
 * Takes every descriptor until none is left free for a while: the loader closes some of its
 * files asynchronously, and one freed between the grab and the connect would let the
 * connection open (seen on a loaded machine).
 */
async function holdEveryDescriptor(): Promise<number[]> {
  const held = takeEveryDescriptor();
  for (let pass = 0; pass < 20; pass += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const freed = takeEveryDescriptor();
    held.push(...freed);
    if (freed.length === 0) break;
  }
  return held;
}

const held = await holdEveryDescriptor();
void sendToMetasrv({
  addr: process.argv[2] ?? '',
  pathAndQuery: '/admin/region-migration?region_id=4398046511104&from_peer_id=1&to_peer_id=2',
  method: 'POST',
  timeoutMs: 2000,
  agent: false,
}).then((result) => {
  for (const fd of held) fs.closeSync(fd);
  process.stdout.write(JSON.stringify(result));
});
