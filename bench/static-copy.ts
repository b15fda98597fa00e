/**
 * Plain static copies of MetaSrv bodies, for the floors of the end-to-end figures: a body is
 * read once straight from the emulator's leader, byte for byte, and served as it is (no
 * compression, no cache) from a tiny HTTP server on 127.0.0.1, next to a blank page from which
 * the browser fetches it on the same origin.
 */
import http from 'node:http';
import { once } from 'node:events';
import type { ClusterControl } from '../e2e/cluster-control.ts';

const BLANK_PAGE = '<!doctype html><html lang="en"><title>raw floor</title></html>';

export interface StaticCopies {
  /** `http://127.0.0.1:port`: its `/` is the blank page the floors are measured from. */
  origin: string;
  /** Serves `body` at the returned URL, from now on. */
  put: (name: string, body: Buffer) => string;
  close: () => Promise<void>;
}

/** On a port the system picks: it binds nothing another bench could have chosen. */
export async function startStaticCopies(): Promise<StaticCopies> {
  const bodies = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const body = bodies.get(path);
    const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
    if (path === '/') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end(BLANK_PAGE);
    } else if (body === undefined) {
      res.writeHead(404, headers);
      res.end();
    } else {
      res.writeHead(200, { ...headers, 'content-type': 'application/json' });
      res.end(body);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no static copy port');
  const origin = `http://127.0.0.1:${String(address.port)}`;
  return {
    origin,
    put: (name, body) => {
      const path = `/copies/${encodeURIComponent(name)}`;
      bodies.set(path, body);
      return `${origin}${path}`;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A GET answered by the emulator's current MetaSrv leader, as MetaSrv sent it. */
export async function readFromLeader(control: ClusterControl, pathAndQuery: string) {
  const leader = (await control.state()).leader?.addr;
  if (leader === undefined) throw new Error('the emulator has no MetaSrv leader');
  const answer = await fetch(`http://${leader}${pathAndQuery}`);
  const body = Buffer.from(await answer.arrayBuffer());
  if (!answer.ok) throw new Error(`${pathAndQuery}: HTTP ${String(answer.status)}`);
  return body;
}
