/**
 * Which reads look past the console server's shared cache: the first read of each URL while
 * the document loads (an explicit refresh), and none after the user moved to another page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchTableRoute } from './cluster-api';
import { stubFetch } from './fetch-stub.test-support';
import { endPageLoad } from './http-gate';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('page-load refresh', () => {
  it('asks past the cache once per URL while the page loads, then never', async () => {
    const { requests } = stubFetch({ status: 500, body: 'x' });
    const read = (tableId: string) =>
      fetchTableRoute('default', { table_id: tableId }).catch(() => undefined);
    await read('1024');
    await read('1024');
    endPageLoad();
    await read('1024');
    await read('1025');
    expect(requests.map((r) => new Headers(r.init?.headers).get('cache-control'))).toEqual([
      'no-cache',
      null,
      null,
      null,
    ]);
  });
});
