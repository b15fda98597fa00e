/**
 * The browser half of the CSRF defence: every mutating request carries MUTATION_HEADER (the
 * production server refuses one without it), and reads do not need it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MUTATION_HEADER } from '../../contract/api-contract';
import { fetchTableRoute, submitRegionMigration } from './cluster-api';
import { logIn } from './console-api';
import { stubFetch } from './fetch-stub.test-support';

afterEach(() => {
  vi.unstubAllGlobals();
});

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const headers = new Headers(init?.headers);
  return Object.fromEntries(headers.entries());
}

describe('mutation header', () => {
  it('is sent on POSTs (migration, login) and not on reads', async () => {
    const { requests } = stubFetch({ status: 500, body: 'x' });
    await submitRegionMigration('default', {
      region_id: '4398046511104',
      from_peer_id: '1',
      to_peer_id: '2',
      replay_timeout: '5m',
    }).catch(() => undefined);
    await logIn('tok').catch(() => undefined);
    await fetchTableRoute('default', { table_id: '1024' }).catch(() => undefined);
    expect(requests.map((r) => [r.init?.method, headersOf(r.init)[MUTATION_HEADER.name]])).toEqual([
      ['POST', MUTATION_HEADER.value],
      ['POST', MUTATION_HEADER.value],
      ['GET', undefined],
    ]);
  });
});
