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

const held = takeEveryDescriptor();
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
