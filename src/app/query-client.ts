import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
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

/** The frontend refused the console server's credentials (SQL path). */
export function isFrontendAuthFailure(error: unknown): boolean {
  return (
    isApiError(error, 'frontend') && (error.detail.status === 401 || error.detail.status === 403)
  );
}

export function createQueryClient(): QueryClient {
  // Any answer saying the frontend refused the credentials makes the header check the
  // connection again, so it says so even when the last check (minutes ago) was fine.
  const recheckConnectionOnAuthFailure = (error: unknown): void => {
    if (isFrontendAuthFailure(error)) void client.invalidateQueries({ queryKey: ['connection'] });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: recheckConnectionOnAuthFailure }),
    mutationCache: new MutationCache({ onError: recheckConnectionOnAuthFailure }),
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
  return client;
}
