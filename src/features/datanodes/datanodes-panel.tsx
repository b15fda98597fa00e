/**
 * Every datanode with what an operator checks before choosing a target: peer id and address,
 * lease age and alive/expired (MetaSrv's clock), regions of this table and of the cluster, and
 * approximate bytes (Leader regions only). Maintenance mode, where the version has it
 * (v0.7.2+), is shown with a confirmed toggle. Each read shows its curl equivalent.
 */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/api-error';
import { fetchMaintenance, setMaintenance } from '../../api/migrations-api';
import { CurlCommandBox } from '../../components/curl-command-box';
import { useCanMutate } from '../../components/permissions';
import { formatDuration } from '../../components/format-duration';
import { curlCommand } from '../../domain/curl-command';
import { clusterQueries } from '../cluster-view/cluster-queries';
import { useLeaderAddrForCommands } from '../migrations/use-leader-addr';
import { useRefreshInterval } from '../preferences/refresh-interval';
import { buildDatanodeFigures, formatBytes } from './datanode-figures';
import { datanodeQueries } from './datanode-queries';

export const maintenanceQueries = {
  all: (clusterId: string) => ['maintenance', clusterId] as const,
  status: (clusterId: string) =>
    queryOptions({
      queryKey: maintenanceQueries.all(clusterId),
      queryFn: ({ signal }) => fetchMaintenance(clusterId, signal),
      // Older versions answer 404; asking again will not change that.
      retry: false,
    }),
};

export function DatanodesPanel({
  clusterId,
  tableId,
}: {
  clusterId: string;
  tableId: string | null;
}) {
  const interval = useRefreshInterval();
  const leases = useQuery({ ...datanodeQueries.leases(clusterId), refetchInterval: interval });
  const summary = useQuery({ ...clusterQueries.summary(clusterId), refetchInterval: interval });
  const leaderAddr = useLeaderAddrForCommands(clusterId);
  const figures = buildDatanodeFigures(
    leases.data,
    summary.data,
    tableId === null ? null : Number(tableId),
  );
  const isRowsReported = summary.data?.rowsReported === true;

  return (
    <section aria-labelledby="datanodes-title">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4" id="datanodes-title">
            Datanodes
          </Title>
          <MaintenanceControl clusterId={clusterId} leaderAddr={leaderAddr} />
        </Group>
        {leases.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading datanode leases…</Text>
          </Group>
        ) : leases.isError && leases.data === undefined ? (
          <Text size="sm" c="red" role="alert">
            Datanode leases could not be read: {leases.error.message}
          </Text>
        ) : (
          <Table withTableBorder aria-label="Datanodes" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Peer</Table.Th>
                <Table.Th scope="col">Address</Table.Th>
                <Table.Th scope="col">Lease</Table.Th>
                <Table.Th scope="col">Regions of table {tableId ?? '—'}</Table.Th>
                <Table.Th scope="col">Regions in cluster</Table.Th>
                <Table.Th scope="col">Approx. bytes (leader regions)</Table.Th>
                {isRowsReported && <Table.Th scope="col">Rows</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {figures.map((f) => (
                <Table.Tr key={f.peerId} data-peer-id={f.peerId} data-liveness={f.liveness.kind}>
                  <Table.Th scope="row">Datanode {f.peerId}</Table.Th>
                  <Table.Td ff="monospace">{f.addr}</Table.Td>
                  <Table.Td>
                    {f.liveness.kind === 'alive' ? (
                      <Group gap={4}>
                        <Badge color="teal" size="sm">
                          alive
                        </Badge>
                        <Text size="xs">last heartbeat {formatDuration(f.liveness.ageMs)} ago</Text>
                      </Group>
                    ) : f.liveness.kind === 'expired' ? (
                      <Group gap={4}>
                        <Badge color="red" size="sm">
                          expired
                        </Badge>
                        <Text size="xs">for {formatDuration(f.liveness.expiredForMs)}</Text>
                      </Group>
                    ) : (
                      <Badge color="gray" size="sm">
                        no lease
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{f.tableRegions ?? '—'}</Table.Td>
                  <Table.Td>{f.clusterRegions ?? '—'}</Table.Td>
                  <Table.Td>{f.bytes === null ? '—' : formatBytes(f.bytes)}</Table.Td>
                  {isRowsReported && <Table.Td>{f.rows ?? '—'}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {summary.isError && (
          <Text size="xs" c="orange.8">
            The heartbeat could not be summarised, so region counts and sizes are unknown:{' '}
            {summary.error.message}
          </Text>
        )}
        {summary.data !== undefined && !isRowsReported && (
          <Text size="xs" c="dimmed" data-testid="units-not-reported">
            Read/write units and row counts are not shown: this cluster’s datanodes report them as 0
            (legacy versions do not measure them). Region counts and bytes count only regions a
            datanode reports as Leader; the source of a just-moved region may still report it for up
            to ~30 s.
          </Text>
        )}
        <Group grow align="flex-start">
          <CurlCommandBox
            label="Equivalent command (leases)"
            command={curlCommand({
              addr: leaderAddr,
              path: '/admin/node-lease',
              params: [['cluster_id', '0']],
            })}
          />
          <CurlCommandBox
            label="Equivalent command (heartbeat stats)"
            command={curlCommand({ addr: leaderAddr, path: '/admin/heartbeat' })}
          />
        </Group>
      </Stack>
    </section>
  );
}

function MaintenanceControl({ clusterId, leaderAddr }: { clusterId: string; leaderAddr: string }) {
  const queryClient = useQueryClient();
  const status = useQuery(maintenanceQueries.status(clusterId));
  const [isConfirming, setIsConfirming] = useState(false);
  // Read-only mode: the state is shown, the toggle is not (the server refuses it anyway).
  const canMutate = useCanMutate();
  const toggle = useMutation({
    mutationFn: (enable: boolean) => setMaintenance(clusterId, enable),
    onSettled: () => queryClient.invalidateQueries({ queryKey: maintenanceQueries.all(clusterId) }),
  });

  // v0.6 - v0.7.1 have no such endpoint (404): say nothing rather than show an error.
  if (status.isError && isApiError(status.error, 'metasrv') && status.error.detail.status === 404) {
    return (
      <Text size="xs" c="dimmed" data-testid="maintenance-unsupported">
        Maintenance mode: not available in this MetaSrv version (v0.7.2 and later).
      </Text>
    );
  }
  if (status.data === undefined) return null;
  const isOn = status.data;
  const next = !isOn;
  const command = curlCommand({
    addr: leaderAddr,
    path: '/admin/maintenance/set',
    method: 'POST',
    params: [['enable', String(next)]],
  });

  return (
    <Group gap="xs">
      <Text size="sm">
        Maintenance mode:{' '}
        <Badge color={isOn ? 'orange' : 'gray'} data-testid="maintenance-state">
          {isOn ? 'on' : 'off'}
        </Badge>
      </Text>
      {canMutate && (
        <>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              setIsConfirming(true);
            }}
          >
            {isOn ? 'Turn maintenance mode off' : 'Turn maintenance mode on'}
          </Button>
          <Modal
            opened={isConfirming}
            onClose={() => {
              setIsConfirming(false);
            }}
            title={isOn ? 'Turn maintenance mode off?' : 'Turn maintenance mode on?'}
            closeButtonProps={{ 'aria-label': 'Close dialog' }}
          >
            <Stack gap="sm">
              <Text size="sm">
                {isOn
                  ? 'MetaSrv will again fail regions over automatically when a datanode dies.'
                  : 'While on, MetaSrv does not fail regions over automatically when a datanode dies. Manual migrations still run.'}
              </Text>
              {toggle.isError && (
                <Alert color="red" title="MetaSrv refused">
                  {toggle.error.message}
                </Alert>
              )}
              <CurlCommandBox command={command} />
              <Group justify="flex-end">
                <Button
                  variant="default"
                  onClick={() => {
                    setIsConfirming(false);
                  }}
                >
                  Cancel
                </Button>
                <Button
                  color="orange"
                  loading={toggle.isPending}
                  onClick={() => {
                    toggle.mutate(next, {
                      onSuccess: () => {
                        setIsConfirming(false);
                      },
                    });
                  }}
                >
                  {isOn ? 'Turn maintenance mode off' : 'Turn maintenance mode on'}
                </Button>
              </Group>
            </Stack>
          </Modal>
        </>
      )}
    </Group>
  );
}
