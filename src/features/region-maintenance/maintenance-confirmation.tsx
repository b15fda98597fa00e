/**
 * Confirmation of one flush or compaction: what it does, the exact statement the console
 * server will send and its equivalent curl command, then the cluster's answer (affected rows,
 * or the frontend's error with an explanation). Nothing is sent before the confirm click.
 */
import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { connectionFacts } from '../../api/sql-cluster-api';
import { CurlCommandBox } from '../../components/curl-command-box';
import { sqlCurlCommand } from '../../domain/curl-command';
import type { MaintenanceRequest } from '../../../contract/sql-contract';
import { maintenanceStatement } from '../../../contract/sql/statements';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { useRunMaintenance } from '../../queries/maintenance-queries';
import { maintenanceEffect, maintenanceResult, maintenanceTitle } from './maintenance-texts';

interface MaintenanceConfirmationProps {
  clusterId: string;
  request: MaintenanceRequest;
  onCancel: () => void;
}

export function MaintenanceConfirmation({
  clusterId,
  request,
  onCancel,
}: MaintenanceConfirmationProps) {
  const { data: connection } = useQuery(connectionQuery(clusterId));
  const run = useRunMaintenance(clusterId);
  if (connection === undefined) return null;
  const statement = maintenanceStatement(request, connectionFacts(connection));
  const title = maintenanceTitle(request);
  const hasRun = run.isSuccess || run.isError;

  return (
    <Stack gap="xs" data-testid="maintenance-confirmation">
      <Text size="sm">{maintenanceEffect(request)}</Text>
      <div>
        <Text size="xs" c="dimmed">
          The console server will send this statement to the frontend
          {connection.frontendAddr === null ? '' : ` ${connection.frontendAddr}`}:
        </Text>
        <Code block data-testid="maintenance-statement">
          {statement}
        </Code>
      </div>
      <CurlCommandBox
        command={sqlCurlCommand({
          origin: connection.frontendOrigin,
          sql: statement,
          withAuth: connection.hasFrontendCredentials,
        })}
      />
      {run.isSuccess && (
        <Alert color="green" title="Done" role="status">
          {maintenanceResult(request, run.data)}
        </Alert>
      )}
      {run.isError && <ApiErrorAlert error={run.error} context="route" />}
      <Group gap="xs">
        {!hasRun && (
          <Button
            size="xs"
            color="orange"
            loading={run.isPending}
            onClick={() => {
              run.mutate(request);
            }}
          >
            {title}
          </Button>
        )}
        <Button size="xs" variant="default" onClick={onCancel} disabled={run.isPending}>
          {hasRun ? 'Close' : 'Cancel'}
        </Button>
      </Group>
    </Stack>
  );
}
