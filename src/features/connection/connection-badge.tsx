/**
 * Which API generation and version the console talks to ("GreptimeDB v1.1.4 · SQL path",
 * or "MetaSrv v0.6/v0.7 · legacy admin API"), and why the SQL path is not usable when the
 * server found a problem (credentials missing or wrong, frontend down, none configured).
 */
import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { connectionQuery, createClusterApi } from '../../api/cluster-api-resolver';

export function ConnectionBadge({ clusterId }: { clusterId: string }) {
  const { data, error } = useQuery(connectionQuery(clusterId));
  if (error !== null) {
    return (
      <Text size="xs" c="orange.8" role="status">
        API generation unknown: {error.message}
      </Text>
    );
  }
  if (data === undefined) return null;
  const api = createClusterApi(clusterId, data);
  return (
    <Stack gap={2} maw={420}>
      <Text size="sm" fw={500} data-testid="connection-label">
        {api.label}
      </Text>
      {data.frontendAddr !== null && (
        <Text size="xs" c="dimmed">
          Frontend {data.frontendAddr}
          {data.hasFrontendCredentials ? ' (with credentials)' : ''}
        </Text>
      )}
      {data.problem !== null && (
        <Text size="xs" c="orange.8" role="alert" data-testid="connection-problem">
          {data.problem.message}
        </Text>
      )}
    </Stack>
  );
}
