/**
 * Every datanode with what an operator checks before choosing a target: peer id and address,
 * lease age and alive/expired (MetaSrv's clock), regions of this table and of the cluster, and
 * sizes. Legacy: approximate bytes from the heartbeat, rows and read/write units where the
 * cluster reports them. SQL path: version, role, uptime and last activity from cluster_info,
 * and region_statistics' sizes and rows per datanode. The note under the table says where each
 * figure comes from, and each source has its equivalent command. Maintenance mode, where the
 * version has it (v0.7.2+), is shown with a confirmed toggle.
 */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/api-error';
import {
  fetchMaintenance,
  setMaintenance,
  type MaintenanceSwitchForm,
} from '../../api/migrations-api';
import { CurlCommandBox } from '../../components/curl-command-box';
import { useCanMutate } from '../../components/permissions';
import { formatDuration, shortenHumantime } from '../../components/format-duration';
import {
  CLUSTER_INFO_STATEMENT,
  regionStatisticsStatement,
} from '../../../contract/sql/statements';
import {
  metasrvCommand,
  sqlCommand,
  useCommandTarget,
  type CommandTarget,
} from '../../queries/command-target';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { formatBytes } from '../../components/format-bytes';
import type { DatanodeFigures } from '../../domain/datanode-figures';
import { useDatanodeFigures } from '../../queries/use-datanode-figures';
import { routeQueries } from '../../queries/route-queries';
import { formatCount } from '../../components/format-count';

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

/** Sizes stay on one line ("9.4 GiB"); long addresses wrap instead. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const SIZE_COLUMNS = [
  ['Disk', 'diskSize'],
  ['Memtable', 'memtableSize'],
  ['SST', 'sstSize'],
  ['Index', 'indexSize'],
  ['Manifest', 'manifestSize'],
] as const;

export function DatanodesPanel({
  clusterId,
  tableId,
}: {
  clusterId: string;
  tableId: string | null;
}) {
  const interval = useRefreshInterval();
  const result = useDatanodeFigures(clusterId, tableId === null ? null : Number(tableId), {
    leases: interval,
    figures: interval,
  });
  const { leases, figures, generation } = result;
  const target = useCommandTarget(clusterId);
  const isSql = generation === 'sql';
  const hasStorage = isSql && result.sizesUnsupported === null;
  const isRowsShown = result.rowsReported === true;
  const isUnitsShown = result.unitsReported === true;

  return (
    <section aria-labelledby="datanodes-title">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4" id="datanodes-title">
            Datanodes
          </Title>
          {target !== null && (
            <MaintenanceControl clusterId={clusterId} tableId={tableId} target={target} />
          )}
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
        ) : figures.length === 0 ? (
          <Text size="sm" c="dimmed">
            MetaSrv holds no datanode lease: no datanode has joined this cluster yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table withTableBorder aria-label="Datanodes" verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Peer</Table.Th>
                  <Table.Th scope="col">Address</Table.Th>
                  <Table.Th scope="col">Lease</Table.Th>
                  <Table.Th scope="col">Regions of table {tableId ?? '—'}</Table.Th>
                  <Table.Th scope="col">Regions in cluster</Table.Th>
                  {isSql && <Table.Th scope="col">Node</Table.Th>}
                  {hasStorage ? (
                    <>
                      {SIZE_COLUMNS.map(([label]) => (
                        <Table.Th scope="col" key={label}>
                          {label}
                        </Table.Th>
                      ))}
                      <Table.Th scope="col">Rows</Table.Th>
                    </>
                  ) : (
                    <>
                      <Table.Th scope="col">Approx. bytes (leader regions)</Table.Th>
                      {isRowsShown && <Table.Th scope="col">Rows</Table.Th>}
                      {isUnitsShown && <Table.Th scope="col">Read / write units</Table.Th>}
                    </>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {figures.map((f) => (
                  <Table.Tr key={f.peerId} data-peer-id={f.peerId} data-liveness={f.liveness.kind}>
                    <Table.Th scope="row">Datanode {f.peerId}</Table.Th>
                    <Table.Td ff="monospace" fz="xs">
                      {f.addr}
                    </Table.Td>
                    <Table.Td>
                      <LeaseCell figures={f} />
                    </Table.Td>
                    <Table.Td>{f.tableRegions ?? '—'}</Table.Td>
                    <Table.Td>{f.clusterRegions ?? '—'}</Table.Td>
                    {isSql && (
                      <Table.Td>
                        <NodeCell figures={f} />
                      </Table.Td>
                    )}
                    {hasStorage ? (
                      <>
                        {SIZE_COLUMNS.map(([label, key]) => (
                          <Table.Td key={label} style={NO_WRAP}>
                            {f.storage === null ? '—' : formatBytes(f.storage[key])}
                          </Table.Td>
                        ))}
                        <Table.Td>
                          {f.storage === null ? '—' : formatCount(f.storage.rows)}
                        </Table.Td>
                      </>
                    ) : (
                      <>
                        <Table.Td style={NO_WRAP}>
                          {f.bytes === null ? '—' : formatBytes(f.bytes)}
                        </Table.Td>
                        {isRowsShown && (
                          <Table.Td>{f.rows === null ? '—' : formatCount(f.rows)}</Table.Td>
                        )}
                        {isUnitsShown && (
                          <Table.Td>
                            {f.units === null ? '—' : `${f.units.read} / ${f.units.write}`}
                          </Table.Td>
                        )}
                      </>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {result.problems.map((problem) => (
          <Text key={problem} size="xs" c="orange.8">
            {problem}
          </Text>
        ))}
        {result.isSizesCut && (
          <Text size="xs" c="orange.8">
            region_statistics stopped at its row limit: counts and sizes cover part of the cluster
            only.
          </Text>
        )}
        <Text size="xs" c="dimmed" data-testid="datanode-figure-sources">
          {isSql
            ? `Where the figures come from: lease from MetaSrv’s /admin/node-lease (its own clock); node version, role (workloads), uptime and last activity from information_schema.cluster_info; ${
                hasStorage
                  ? 'region counts, sizes and rows from information_schema.region_statistics, summed over the regions each datanode leads (region_peers).'
                  : `region counts and approximate bytes from MetaSrv heartbeats (leader regions only). ${result.sizesUnsupported ?? ''}`
              }`
            : 'Where the figures come from: lease from MetaSrv’s /admin/node-lease (its own clock); region counts and approximate bytes from MetaSrv’s /admin/heartbeat, counting only regions a datanode reports as Leader (the source of a just-moved region may still report it for up to ~30 s).'}
        </Text>
        {generation === 'legacy' && result.rowsReported !== null && (
          <Text size="xs" c="dimmed" data-testid="units-not-reported">
            {notReportedText(isRowsShown, isUnitsShown)}
          </Text>
        )}
        {target !== null && <SourceCommands target={target} />}
      </Stack>
    </section>
  );
}

/** What the heartbeat leaves out; null when everything is reported. */
function notReportedText(isRowsShown: boolean, isUnitsShown: boolean): string {
  if (isRowsShown && isUnitsShown) {
    return 'Rows and read/write units are as this cluster’s datanodes report them in heartbeats.';
  }
  const missing =
    !isRowsShown && !isUnitsShown
      ? 'Read/write units and row counts are'
      : !isRowsShown
        ? 'Row counts are'
        : 'Read/write units are';
  return `${missing} not shown: this cluster’s datanodes report them as 0 (legacy versions do not measure them).`;
}

function LeaseCell({ figures }: { figures: DatanodeFigures }) {
  const { liveness } = figures;
  if (liveness.kind === 'alive') {
    return (
      <Stack gap={2} align="flex-start">
        <Badge color="teal.9" size="sm">
          alive
        </Badge>
        <Text size="xs">last heartbeat {formatDuration(liveness.ageMs)} ago</Text>
      </Stack>
    );
  }
  if (liveness.kind === 'expired') {
    return (
      <Stack gap={2} align="flex-start">
        <Badge color="red.9" size="sm">
          expired
        </Badge>
        <Text size="xs">for {formatDuration(liveness.expiredForMs)}</Text>
      </Stack>
    );
  }
  return (
    <Badge color="gray.7" size="sm">
      no lease
    </Badge>
  );
}

/** cluster_info's view of one datanode: version and role, then uptime and last activity. */
function NodeCell({ figures }: { figures: DatanodeFigures }) {
  const { node } = figures;
  if (node === null) {
    return (
      <Text size="xs" c="dimmed">
        not in cluster_info
      </Text>
    );
  }
  const role = node.workloads === null ? null : node.workloads.join(', ');
  return (
    <Stack gap={0}>
      <Text size="xs" data-testid="node-version">
        {node.version === null ? 'version unknown' : `v${node.version}`}
        {role === null ? '' : ` · ${role}`}
      </Text>
      <Text size="xs" c="dimmed">
        up {node.uptime === null ? '—' : shortenHumantime(node.uptime)} · active{' '}
        {node.activeTime === null ? '—' : `${shortenHumantime(node.activeTime)} ago`}
      </Text>
    </Stack>
  );
}

/** The equivalent command of every source the panel reads. */
function SourceCommands({ target }: { target: CommandTarget }) {
  const leases =
    target.generation === 'sql'
      ? metasrvCommand(target, { path: '/admin/node-lease' })
      : metasrvCommand(target, { path: '/admin/node-lease', params: [['cluster_id', '0']] });
  return (
    <SimpleGrid cols={{ base: 1, md: target.generation === 'sql' ? 3 : 2 }}>
      <CurlCommandBox label="Equivalent command (leases)" command={leases} />
      {target.generation === 'sql' ? (
        <>
          <CurlCommandBox
            label="Equivalent command (cluster_info)"
            command={sqlCommand(target, CLUSTER_INFO_STATEMENT)}
          />
          {target.facts.hasRegionStatistics ? (
            <CurlCommandBox
              label="Equivalent command (region_statistics)"
              command={sqlCommand(target, regionStatisticsStatement(undefined))}
            />
          ) : (
            <CurlCommandBox
              label="Equivalent command (heartbeat stats)"
              command={metasrvCommand(target, { path: '/admin/heartbeat' })}
            />
          )}
        </>
      ) : (
        <CurlCommandBox
          label="Equivalent command (heartbeat stats)"
          command={metasrvCommand(target, { path: '/admin/heartbeat' })}
        />
      )}
    </SimpleGrid>
  );
}

/** How this cluster's MetaSrv switches maintenance mode; null where the console does not know. */
function maintenanceSwitchForm(target: CommandTarget): MaintenanceSwitchForm | null {
  if (target.generation === 'legacy') return 'set-query';
  return target.facts.maintenanceApi === 'status-enable-disable' ? 'enable-disable' : null;
}

/** What a MetaSrv without `/admin/maintenance` (v0.6 to v0.7.1) shows instead of a switch. */
function MaintenanceUnsupported() {
  return (
    <Text size="xs" c="dimmed" data-testid="maintenance-unsupported">
      Maintenance mode: not available in this MetaSrv version (v0.7.2 and later).
    </Text>
  );
}

/**
 * Whether a legacy cluster is known to run v0.6, which has no `/admin/maintenance`: its
 * `/admin/route` answers a JSON string (v0.7 an object). The route is the one the grid already
 * read; until it arrives the console waits rather than ask an endpoint that may 404.
 */
function useLegacyV06(clusterId: string, tableId: string | null, target: CommandTarget) {
  const isAsked = target.generation === 'legacy' && tableId !== null;
  const route = useQuery({
    ...routeQueries.byTableId(clusterId, tableId ?? ''),
    enabled: isAsked,
    refetchInterval: false,
  });
  return {
    isV06: isAsked && route.data?.wireForm === 'string',
    isPending: isAsked && route.isPending,
  };
}

function MaintenanceControl({
  clusterId,
  tableId,
  target,
}: {
  clusterId: string;
  tableId: string | null;
  target: CommandTarget;
}) {
  const queryClient = useQueryClient();
  const legacyV06 = useLegacyV06(clusterId, tableId, target);
  const status = useQuery({
    ...maintenanceQueries.status(clusterId),
    enabled: !legacyV06.isV06 && !legacyV06.isPending,
  });
  const [isConfirming, setIsConfirming] = useState(false);
  // Read-only mode: the state is shown, the toggle is not (the server refuses it anyway).
  const canMutate = useCanMutate();
  const switchForm = maintenanceSwitchForm(target);
  const toggle = useMutation({
    mutationFn: (enable: boolean) =>
      switchForm === null
        ? Promise.reject(new Error('This version’s maintenance switch is not supported.'))
        : setMaintenance(clusterId, enable, switchForm),
    onSettled: () => queryClient.invalidateQueries({ queryKey: maintenanceQueries.all(clusterId) }),
  });

  if (legacyV06.isV06) return <MaintenanceUnsupported />;
  // v0.7.0 - v0.7.1 have no such endpoint either (404): say so rather than show an error.
  if (status.isError && isApiError(status.error, 'metasrv') && status.error.detail.status === 404) {
    return <MaintenanceUnsupported />;
  }
  if (status.data === undefined) return null;
  const isOn = status.data;
  const next = !isOn;
  const command =
    switchForm === 'enable-disable'
      ? metasrvCommand(target, {
          path: next ? '/admin/maintenance/enable' : '/admin/maintenance/disable',
          method: 'POST',
        })
      : metasrvCommand(target, {
          path: '/admin/maintenance/set',
          method: 'POST',
          params: [['enable', String(next)]],
        });

  return (
    <Group gap="xs">
      {/* A Badge is a div: beside the text, not inside its <p>. */}
      <Group gap={6} wrap="nowrap">
        <Text size="sm">Maintenance mode:</Text>
        <Badge color={isOn ? 'orange' : 'gray'} variant="light" data-testid="maintenance-state">
          {isOn ? 'on' : 'off'}
        </Badge>
      </Group>
      {canMutate && switchForm === null && (
        <Text size="xs" c="dimmed" data-testid="maintenance-switch-unsupported">
          The console switches maintenance mode on v0.7.2 and from v0.16; on this version use
          MetaSrv’s admin API directly.
        </Text>
      )}
      {canMutate && switchForm !== null && (
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
