/**
 * The session cookie: what login sets and logout clears (read back with the `cookie`
 * package's own Set-Cookie parser), and who a `Cookie` header identifies, sent by a real HTTP
 * client to token auth, so that repeated header lines arrive joined as Node joins them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSetCookie } from 'cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from './auth.ts';
import {
  SESSION_COOKIE,
  clearedSessionCookie,
  readSessionId,
  sessionCookie,
} from './session-cookie.ts';

const auth = new Authenticator({
  mode: 'token',
  credentials: [{ name: 'oncall-bob', secret: 'tok-0123456789abcdef' }],
});
let server: http.Server;
let port: number;

beforeAll(async () => {
  // Answers with the user the request identifies, or 401.
  server = http.createServer((req, res) => {
    const identity = auth.identify(req);
    res.writeHead(identity.ok ? 200 : 401);
    res.end(identity.ok ? identity.user : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  port = (address satisfies AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** `cookieLines`: one `Cookie` header line each, sent as separate lines. */
function whoIs(...cookieLines: string[]): Promise<{ status: number; user: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/clusters',
        agent: false,
        // Raw header lines: Node adds no Host to them by itself.
        headers: ['host', `127.0.0.1:${port}`, ...cookieLines.flatMap((line) => ['cookie', line])],
      },
      (res) => {
        let user = '';
        res.on('data', (chunk: Buffer) => (user += chunk.toString('utf8')));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, user });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the cookie login sets and logout clears', () => {
  it('is HttpOnly, SameSite=Strict, for the whole site, for 12 hours; Secure over HTTPS', () => {
    const id = auth.sessions.create('oncall-bob');
    expect(parseSetCookie(sessionCookie(id, { secure: false }))).toEqual({
      name: SESSION_COOKIE,
      value: id,
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: 12 * 60 * 60,
    });
    expect(parseSetCookie(sessionCookie(id, { secure: true }))).toMatchObject({ secure: true });
  });

  it('logout sends an empty value that expires at once, with the same scope', () => {
    expect(parseSetCookie(clearedSessionCookie({ secure: true }))).toEqual({
      name: SESSION_COOKIE,
      value: '',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: '/',
      maxAge: 0,
    });
  });
});

describe('who a Cookie header identifies', () => {
  it('the session among other cookies signs its user in', async () => {
    const id = auth.sessions.create('oncall-bob');
    expect(await whoIs(`theme=dark; ${SESSION_COOKIE}=${id}; lang=en`)).toEqual({
      status: 200,
      user: 'oncall-bob',
    });
    expect(await whoIs('theme=dark', `${SESSION_COOKIE}=${id}`)).toEqual({
      status: 200,
      user: 'oncall-bob',
    });
  });

  it('a session named twice signs nobody in, whichever of the two is valid', async () => {
    const id = auth.sessions.create('oncall-bob');
    const planted = auth.sessions.create('oncall-bob');
    for (const lines of [
      [`${SESSION_COOKIE}=${id}; ${SESSION_COOKIE}=${planted}`],
      [`${SESSION_COOKIE}=${id}`, `${SESSION_COOKIE}=${planted}`],
      [`${SESSION_COOKIE}=${id}; ${SESSION_COOKIE}=${id}`],
      [`${SESSION_COOKIE}=${'A'.repeat(43)}`, `${SESSION_COOKIE}=${id}`],
    ]) {
      expect(await whoIs(...lines), lines.join(' | ')).toEqual({ status: 401, user: '' });
    }
  });

  it('malformed headers neither crash nor sign anyone in', async () => {
    const id = auth.sessions.create('oncall-bob');
    for (const header of [
      '',
      ';;;',
      '=',
      `=${id}`,
      SESSION_COOKIE,
      `${SESSION_COOKIE}=`,
      `${SESSION_COOKIE}="${id}"`,
      `${SESSION_COOKIE}=${id}x`,
      `${SESSION_COOKIE}=${id.slice(1)}`,
      `${SESSION_COOKIE}=%E0%A4%A`,
      `${SESSION_COOKIE}=${encodeURIComponent(`${id};`)}`,
      `__proto__=${id}; constructor=${id}`,
      `${SESSION_COOKIE.toUpperCase()}=${id}`,
      `x=${'%'.repeat(4000)}`,
    ]) {
      expect(readSessionId(header), header).toBeNull();
      expect(await whoIs(header), header).toEqual({ status: 401, user: '' });
    }
    expect(readSessionId(undefined)).toBeNull();
  });

  it('an ended or unknown session signs nobody in', async () => {
    const id = auth.sessions.create('oncall-bob');
    auth.sessions.end(id);
    expect(await whoIs(`${SESSION_COOKIE}=${id}`)).toEqual({ status: 401, user: '' });
    expect(await whoIs(`${SESSION_COOKIE}=${'A'.repeat(43)}`)).toEqual({ status: 401, user: '' });
  });
});
