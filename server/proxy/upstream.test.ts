/**
 * sendToMetasrv against real sockets on 127.0.0.1: the distinction between "nothing was sent"
 * and "sent, no answer" comes from the TCP connection itself, so it is not mocked.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMetasrv, unusedAddr } from './test-support/fake-metasrv.ts';
import type { FakeMetasrv, FakeReply } from './test-support/fake-metasrv.ts';
import { sendToMetasrv } from './upstream.ts';
import type { UpstreamRequest } from './upstream.ts';

const fakes: FakeMetasrv[] = [];
const agents: http.Agent[] = [];

async function fake(): Promise<FakeMetasrv> {
  const started = await startFakeMetasrv();
  fakes.push(started);
  return started;
}

function request(addr: string, overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  const agent = new http.Agent({ keepAlive: true });
  agents.push(agent);
  return {
    addr,
    pathAndQuery: '/admin/route?table_id=1024',
    method: 'GET',
    timeoutMs: 2000,
    agent,
    ...overrides,
  };
}

afterEach(async () => {
  agents.splice(0).forEach((agent) => {
    agent.destroy();
  });
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe('sendToMetasrv', () => {
  it('returns status, headers and the exact body bytes', async () => {
    const node = await fake();
    const body = Buffer.from([0x7b, 0x22, 0xff, 0x00, 0x0a]);
    node.reply('/admin/route', {
      status: 500,
      body,
      headers: { date: 'Tue, 01 Jan 2030 00:00:00 GMT' },
    });

    const result = await sendToMetasrv(request(node.addr));

    expect(result.kind).toBe('response');
    if (result.kind !== 'response') return;
    expect(result.status).toBe(500);
    expect(result.body.equals(body)).toBe(true);
    expect(result.headers.date).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
    expect(node.requests).toEqual(['/admin/route?table_id=1024']);
  });

  it('reports a refused connection as connect-failed, in words: nothing was sent', async () => {
    const result = await sendToMetasrv(request(await unusedAddr()));
    expect(result).toMatchObject({
      kind: 'connect-failed',
      code: 'ECONNREFUSED',
      message: 'connection refused (nothing listens on that port)',
    });
  });

  it('reports a missing answer as timeout once the request was sent', async () => {
    const node = await fake();
    node.reply('/admin/region-migration', 'hang');

    const result = await sendToMetasrv(
      request(node.addr, {
        pathAndQuery: '/admin/region-migration',
        method: 'POST',
        timeoutMs: 200,
        agent: false,
      }),
    );

    expect(result.kind).toBe('timeout');
    expect(node.requestsTo('/admin/region-migration')).toHaveLength(1);
  });

  it('reports a connection dropped after sending as reset-after-send', async () => {
    const node = await fake();
    node.reply('/admin/region-migration', 'reset');

    const result = await sendToMetasrv(
      request(node.addr, { pathAndQuery: '/admin/region-migration', method: 'POST', agent: false }),
    );

    expect(result.kind).toBe('reset-after-send');
    expect(node.requestsTo('/admin/region-migration')).toHaveLength(1);
  });

  it('reuses a pooled connection for reads', async () => {
    const node = await fake();
    node.reply('/admin/route', { status: 200, body: '{}' });
    const first = request(node.addr);
    await sendToMetasrv(first);
    const second = await sendToMetasrv(first);
    expect(second.kind).toBe('response');
    expect(node.requests).toHaveLength(2);
  });

  it('re-sends a read once on a fresh connection when its pooled socket was closed under it', async () => {
    const node = await fake();
    const answers: FakeReply[] = [{ status: 200, body: '{"first":1}' }, 'reset'];
    node.reply('/admin/route', () => answers.shift() ?? { status: 200, body: '{"again":1}' });
    const read = request(node.addr);
    await sendToMetasrv(read);

    const result = await sendToMetasrv(read);

    expect(result).toMatchObject({ kind: 'response', status: 200 });
    if (result.kind === 'response') expect(result.body.toString()).toBe('{"again":1}');
    expect(node.requests).toHaveLength(3);
  });

  it('re-sends a read only once: a second break is the answer', async () => {
    const node = await fake();
    const answers: FakeReply[] = [{ status: 200, body: '{}' }, 'reset', 'reset'];
    node.reply('/admin/route', () => answers.shift() ?? { status: 200, body: '{}' });
    const read = request(node.addr);
    await sendToMetasrv(read);

    const result = await sendToMetasrv(read);

    expect(result).toMatchObject({ kind: 'reset-after-send', code: 'ECONNRESET' });
    expect(node.requests).toHaveLength(3);
  });

  it('does not re-send a read whose first connection broke: that was no stale socket', async () => {
    const node = await fake();
    node.reply('/admin/route', 'reset');

    const result = await sendToMetasrv(request(node.addr));

    expect(result.kind).toBe('reset-after-send');
    expect(node.requests).toHaveLength(1);
  });
});
