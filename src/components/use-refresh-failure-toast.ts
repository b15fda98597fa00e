import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';

interface RefreshFailure {
  /** True while a background refresh has failed but earlier data is still shown. */
  isRefetchError: boolean;
  error: Error | null;
}

/**
 * The second error tier: when a background refresh fails, the panel keeps its data (marked
 * stale) and a toast says why. One toast per failure streak, not one per poll; it goes away
 * once a refresh succeeds again.
 */
export function useRefreshFailureToast(
  { isRefetchError, error }: RefreshFailure,
  toast: { id: string; title: string },
): void {
  const message = error?.message ?? 'Unknown error';
  const { id, title } = toast;
  useEffect(() => {
    if (!isRefetchError) return undefined;
    notifications.show({ id, title, message, color: 'yellow', autoClose: 8_000 });
    return () => {
      notifications.hide(id);
    };
    // The message of the first failure is the one shown; later failures of the same streak
    // would only re-announce the same toast every poll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isRefetchError, id, title]);
}
