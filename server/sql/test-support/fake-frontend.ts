/**
 * A scripted stand-in for a GreptimeDB frontend's `/v1/sql`, for the SQL path's contract
 * tests. It records what arrived (statement, db, Authorization) so tests can assert what the
 * server sent, and answers with whatever the test scripts, typically a shared fixture.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontendRequest {
  method: string;
  path: string;
  db: string | null;
  sql: string | null;
  authorization: string | null;
  contentType: string | null;
}

export interface FakeReply {
  status?: number;
  body: string;
}

export interface FakeFrontend {
  url: string;
  requests: FrontendRequest[];
  /** Answers each statement; the default says nothing matched (a 400 GreptimeDB error). */
  answer(fn: (sql: string, request: FrontendRequest) => FakeReply): void;
  close(): Promise<void>;
}

export async function startFakeFrontend(): Promise<FakeFrontend> {
  const requests: FrontendRequest[] = [];
  let answer: (sql: string, request: FrontendRequest) => FakeReply = (sql) => ({
    status: 400,
    body: JSON.stringify({ code: 1001, error: `unscripted: ${sql}`, execution_time_ms: 0 }),
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://frontend.invalid');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const request: FrontendRequest = {
        method: req.method ?? '',
        path: url.pathname,
        db: url.searchParams.get('db'),
        sql: url.searchParams.get('sql') ?? form.get('sql'),
        authorization: req.headers.authorization ?? null,
        contentType: req.headers['content-type'] ?? null,
      };
      requests.push(request);
      const reply = answer(request.sql ?? '', request);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${(address satisfies AddressInfo).port}`,
    requests,
    answer: (fn) => {
      answer = fn;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
