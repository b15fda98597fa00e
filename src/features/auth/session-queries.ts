import { queryOptions } from '@tanstack/react-query';
import { fetchSession } from '../../api/console-api';

export const sessionQueries = {
  all: () => ['session'] as const,
  /** Who the browser is and whether mutating controls are shown; re-read after login/logout. */
  current: () =>
    queryOptions({
      queryKey: [...sessionQueries.all(), 'current'] as const,
      queryFn: ({ signal }) => fetchSession(signal),
      staleTime: 60_000,
    }),
};
