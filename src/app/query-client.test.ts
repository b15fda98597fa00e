import { describe, expect, it } from 'vitest';
import { ApiError, type ApiErrorDetail } from '../api/api-error';
import type { ProxyErrorCode } from '../../contract/api-contract';
import { createQueryClient, shouldRetryQuery } from './query-client';

const request = { endpoint: 'route', method: 'GET', url: '/api/clusters/default/route' } as const;

function proxyError(code: ProxyErrorCode): ApiError {
  return new ApiError(request, {
    kind: 'proxy',
    status: 502,
    code,
    proxyMessage: code,
    metasrvAddr: '10.0.0.1:3002',
    issues: [],
  });
}

describe('shouldRetryQuery', () => {
  it('retries once when the answer may be different next time', () => {
    const transient = [
      new ApiError(request, { kind: 'network', cause: 'Failed to fetch' }),
      proxyError('metasrv-unreachable'),
      proxyError('no-leader'),
    ];
    for (const error of transient) {
      expect(shouldRetryQuery(0, error)).toBe(true);
      expect(shouldRetryQuery(1, error)).toBe(false);
    }
  });

  it('does not retry a timeout: the user learns which MetaSrv is slow after one limit', () => {
    expect(shouldRetryQuery(0, proxyError('metasrv-timeout'))).toBe(false);
  });

  it('does not retry what MetaSrv refused or a body of the wrong shape', () => {
    const refused: ApiErrorDetail = {
      kind: 'metasrv',
      status: 500,
      text: 'Failed to find table route for 9999',
      metasrvAddr: null,
    };
    expect(shouldRetryQuery(0, new ApiError(request, refused))).toBe(false);
    const garbage: ApiErrorDetail = {
      kind: 'schema',
      field: '(body)',
      problem: 'not JSON',
      excerpt: '<html>',
    };
    expect(shouldRetryQuery(0, new ApiError(request, garbage))).toBe(false);
  });
});

describe('a frontend refusing the credentials', () => {
  it('makes the connection check run again, so the header says so', async () => {
    const client = createQueryClient();
    client.setQueryData(['connection', 'default'], { generation: 'sql', problem: null });
    const refused = new ApiError(request, {
      kind: 'frontend',
      status: 401,
      code: 7002,
      message: 'Username and password does not match',
      frontendAddr: 'frontend:4000',
    });
    await client
      .query({ queryKey: ['sql-tables', 'default'], queryFn: () => Promise.reject(refused) })
      .catch(() => undefined);
    expect(client.getQueryState(['connection', 'default'])?.isInvalidated).toBe(true);
  });

  it('leaves the connection alone for other failures', async () => {
    const client = createQueryClient();
    client.setQueryData(['connection', 'default'], { generation: 'sql', problem: null });
    await client
      .query({
        queryKey: ['route', 'default'],
        queryFn: () => Promise.reject(proxyError('metasrv-timeout')),
      })
      .catch(() => undefined);
    expect(client.getQueryState(['connection', 'default'])?.isInvalidated).toBe(false);
  });
});
