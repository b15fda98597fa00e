/**
 * Whether flush and compact can be offered: hidden in read-only mode (the server refuses
 * mutating calls anyway), one line saying why where the cluster's API has no such statements
 * (legacy), offered otherwise.
 */
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { connectionQuery, createClusterApi } from '../../api/cluster-api-resolver';
import { useCanMutate } from '../../components/permissions';

export type MaintenanceAvailability =
  { kind: 'hidden' } | { kind: 'unsupported'; reason: string } | { kind: 'available' };

export function useMaintenanceAvailability(clusterId: string): MaintenanceAvailability {
  const canMutate = useCanMutate();
  const { data: connection } = useQuery(connectionQuery(clusterId));
  if (!canMutate || connection === undefined) return { kind: 'hidden' };
  const { maintenance } = createClusterApi(clusterId, connection);
  return maintenance.isSupported
    ? { kind: 'available' }
    : { kind: 'unsupported', reason: maintenance.reason };
}

export function MaintenanceUnavailable({ reason }: { reason: string }) {
  return (
    <Text size="xs" c="dimmed" data-testid="maintenance-unavailable">
      Flush and compact are not available: {reason}
    </Text>
  );
}
