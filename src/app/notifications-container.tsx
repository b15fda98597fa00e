import { Notifications } from '@mantine/notifications';

/** Where toasts appear; app-providers.tsx loads it after the first page. */
export function NotificationsContainer() {
  return <Notifications position="top-right" limit={3} />;
}
