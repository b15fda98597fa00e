/**
 * A stand-in for `fetch` that answers with fixed bytes and records what was asked. Tests
 * go through the real gate (`vi.stubGlobal`), so status, header and body handling are the
 * production code paths.
 */
import { vi } from 'vitest';

export interface StubAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  url: string;
  init: RequestInit | undefined;
}

export function stubFetch(answer: StubAnswer | (() => Promise<Response>)) {
  const requests: RecordedRequest[] = [];
  const fetchStub = vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    requests.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      init,
    });
    if (typeof answer === 'function') return answer();
    return Promise.resolve(
      new Response(answer.body ?? '', {
        status: answer.status ?? 200,
        headers: answer.headers ?? {},
      }),
    );
  });
  vi.stubGlobal('fetch', fetchStub);
  return { requests, fetchStub };
}

/** Relay headers our server adds to every MetaSrv answer. */
export const RELAYED = {
  'x-metasrv-addr': '10.244.1.17:3002',
  'x-metasrv-date': 'Mon, 08 Apr 2024 08:35:43 GMT',
};
