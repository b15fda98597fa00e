import { describe, expect, it } from 'vitest';
import { curlCommand, metasrvUrl, shellQuote, sqlCurlCommand } from './curl-command.ts';

describe('shellQuote', () => {
  it.each([
    ['plain', 'plain'],
    ['a b', "'a b'"],
    ["it's", `'it'\\''s'`],
    ['$(rm -rf /)', "'$(rm -rf /)'"],
    ['a&b', "'a&b'"],
    ['', "''"],
  ])('%j -> %s', (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });
});

describe('curlCommand', () => {
  it('percent-encodes a space in a duration as %20 and quotes the URL', () => {
    expect(
      curlCommand({
        addr: '127.0.0.1:3002',
        path: '/admin/region-migration',
        method: 'POST',
        params: [
          ['region_id', '4398046511104'],
          ['from_peer_id', '0'],
          ['to_peer_id', '2'],
          ['replay_timeout', '1h 30m'],
        ],
      }),
    ).toBe(
      "curl -X POST 'http://127.0.0.1:3002/admin/region-migration?region_id=4398046511104&from_peer_id=0&to_peer_id=2&replay_timeout=1h%2030m'",
    );
  });

  it('encodes names with shell and URL metacharacters', () => {
    const url = metasrvUrl({
      addr: 'metasrv-0:3002',
      path: '/admin/route',
      params: [
        ['catalog', 'greptime'],
        ['schema', 'public'],
        ['table', "it's a&b"],
      ],
    });
    expect(url).toBe(
      "http://metasrv-0:3002/admin/route?catalog=greptime&schema=public&table=it's%20a%26b",
    );
    expect(
      curlCommand({ addr: 'metasrv-0:3002', path: '/admin/route', params: [['table', "it's"]] }),
    ).toBe(`curl 'http://metasrv-0:3002/admin/route?table=it'\\''s'`);
  });

  it('needs no quoting for a plain GET without parameters', () => {
    expect(curlCommand({ addr: '127.0.0.1:3002', path: '/admin/leader' })).toBe(
      'curl http://127.0.0.1:3002/admin/leader',
    );
  });
});

describe('sqlCurlCommand', () => {
  it('posts the statement to the frontend with the credentials left to $GREPTIME_AUTH', () => {
    expect(
      sqlCurlCommand({
        origin: 'http://frontend:4000',
        sql: 'ADMIN migrate_region(4398046511104, 1, 2, 60)',
        withAuth: true,
      }),
    ).toBe(
      `curl -X POST -u "$GREPTIME_AUTH" 'http://frontend:4000/v1/sql?db=greptime-public' ` +
        `--data-urlencode 'sql=ADMIN migrate_region(4398046511104, 1, 2, 60)'`,
    );
  });

  it('keeps a quote inside a statement one shell word and omits -u without credentials', () => {
    const command = sqlCurlCommand({
      origin: null,
      sql: "ADMIN flush_table('public.it''s')",
      withAuth: false,
    });
    expect(command).toBe(
      `curl -X POST 'http://<frontend>:4000/v1/sql?db=greptime-public' ` +
        `--data-urlencode 'sql=ADMIN flush_table('\\''public.it'\\'''\\''s'\\'')'`,
    );
    expect(command).not.toContain('GREPTIME_AUTH');
  });
});
