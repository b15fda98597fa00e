import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { readJsonBody, readJsonInput } from './request-body.ts';

/** A request as the server sees it, with a JSON body already received. */
function jsonRequest(body: string): http.IncomingMessage {
  const req = new http.IncomingMessage(new net.Socket());
  req.headers = { 'content-type': 'application/json' };
  req.push(body);
  req.push(null);
  return req;
}

const DEPTH = 100_000;
const deepArray = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

describe('JSON request bodies', () => {
  it('refuses an array nested 100,000 deep with a clear 400, reading no further', async () => {
    const read = await readJsonInput(jsonRequest(`{"enable":${deepArray}}`), {
      maxBytes: 1_000_000,
    });
    expect(read).toMatchObject({
      kind: 'proxy-error',
      error: { code: 'bad-request', issues: ['body: nests deeper than 64 levels'] },
    });
  });

  it('refuses deep objects too (the login reader)', async () => {
    const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
    const read = await readJsonBody(jsonRequest(deepObject), 1_000_000);
    expect(read).toEqual({ kind: 'invalid', issue: 'body: nests deeper than 64 levels' });
  });

  it('counts brackets inside strings as text, not nesting', async () => {
    const text = JSON.stringify({ token: '['.repeat(1000) });
    expect(await readJsonBody(jsonRequest(text))).toEqual({
      kind: 'json',
      value: { token: '['.repeat(1000) },
    });
  });
});
