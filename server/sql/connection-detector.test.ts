import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONNECTION_CACHE_MS,
  ConnectionDetector,
  PROBLEM_CACHE_MS,
} from './connection-detector.ts';
import type { SendSql } from './frontend-client.ts';

const FIXTURES = new URL('../../../shared/greptimedb/fixtures/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

/** A frontend that refuses the console's credentials until `accept` is set. */
function detectorWithFrontend() {
  const clock = { nowMs: 0 };
  const frontend = { accepts: false, asked: 0 };
  const sendSql: SendSql = () => {
    frontend.asked += 1;
    return Promise.resolve({
      kind: 'response',
      addr: 'frontend:4000',
      status: frontend.accepts ? 200 : 401,
      headers: {},
      body: Buffer.from(
        frontend.accepts ? fixture('sql-cluster-info.json') : fixture('sql-error-auth.json'),
      ),
    });
  };
  const detector = new ConnectionDetector({
    frontend: { url: 'http://frontend:4000', credentials: { user: 'console', password: 'x' } },
    sendSql,
    readFromLeader: () =>
      Promise.resolve({ kind: 'response', addr: 'meta:4000', status: 404, body: '' }),
    timeoutMs: 1000,
    now: () => clock.nowMs,
  });
  return { clock, frontend, detector };
}

describe('ConnectionDetector caching', () => {
  it('keeps a refused connection only briefly, so fixed credentials show on the next load', async () => {
    const { clock, frontend, detector } = detectorWithFrontend();
    expect((await detector.current()).problem?.message).toMatch(/missing or wrong/);
    clock.nowMs = PROBLEM_CACHE_MS - 1;
    await detector.current();
    expect(frontend.asked).toBe(1);

    frontend.accepts = true;
    clock.nowMs = PROBLEM_CACHE_MS + 1;
    const fixed = await detector.current();
    expect(fixed).toMatchObject({ version: '1.1.4', generation: 'sql', problem: null });
    expect(frontend.asked).toBe(2);
  });

  it('keeps a good answer for the full cache time', async () => {
    const { clock, frontend, detector } = detectorWithFrontend();
    frontend.accepts = true;
    await detector.current();
    clock.nowMs = CONNECTION_CACHE_MS - 1;
    await detector.current();
    expect(frontend.asked).toBe(1);
    clock.nowMs = CONNECTION_CACHE_MS + 1;
    await detector.current();
    expect(frontend.asked).toBe(2);
  });
});
