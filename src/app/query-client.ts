import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/api-error';

/**
 * Retrying only helps when the failure may be transient: no HTTP answer at all, or our server
 * could not reach MetaSrv. A MetaSrv refusal ("Failed to find table route for 9999") or a
 * malformed body will be the same next time, and polling already re-asks every few seconds,
 * so one retry is the most any query gets: no retry storm against a struggling cluster.
 * A timeout is not retried either: the user would wait twice the configured limit before
 * learning which MetaSrv is slow, and a slow MetaSrv needs fewer requests, not more.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (failureCount >= 1) return false;
  if (isApiError(error, 'network')) return true;
  if (isApiError(error, 'proxy')) {
    const { code } = error.detail;
    return code === 'metasrv-unreachable' || code === 'no-leader';
  }
  return false;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetryQuery,
        // Polling queries set their own interval; the rest are fresh for a couple of seconds so
        // that panels mounting together share one request.
        staleTime: 2_000,
      },
      mutations: {
        // A migration is never re-sent automatically: one click, at most one procedure.
        retry: false,
      },
    },
  });
}
