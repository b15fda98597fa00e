/**
 * Issue 15: a failover is announced, not just reflected in the header. The notice stays until
 * the operator closes it, so one that happened while they looked elsewhere is still there.
 */
import { notifications } from '@mantine/notifications';
import type { LeaderChangedEvent } from '../../../contract/push-events';
import { formatClockTime } from './metasrv-nodes';

export function leaderChangedText({ from, to, at }: LeaderChangedEvent): string {
  const time = formatClockTime(at);
  if (to === null)
    return `MetaSrv leader ${from ?? 'unknown'} stopped leading at ${time}; no node leads`;
  return `MetaSrv leader changed from ${from ?? 'none'} to ${to} at ${time}`;
}

export function showLeaderChangedNotice(clusterId: string, event: LeaderChangedEvent): void {
  notifications.show({
    // One notice per change, even when several tabs or a reconnect deliver it again.
    id: `leader-changed-${clusterId}-${String(event.at)}`,
    color: event.to === null ? 'red' : 'yellow',
    title: `Cluster ${clusterId}: MetaSrv failover`,
    message: leaderChangedText(event),
    autoClose: false,
  });
}
