/**
 * The migrate dialog's maintenance section: the region's sizes (region_statistics) and
 * Flush region / Compact region, each behind a confirmation. Legacy clusters get one line
 * saying why there is nothing to offer; read-only mode shows nothing.
 */
import { useState } from 'react';
import { Button, Divider, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MaintenanceRequest } from '../../../contract/sql-contract';
import type { RegionSize } from '../../../contract/sql-types';
import { formatBytes } from '../../components/format-bytes';
import { MaintenanceUnavailable, useMaintenanceAvailability } from './maintenance-availability';
import { MaintenanceConfirmation } from './maintenance-confirmation';
import { maintenanceQueries } from '../../queries/maintenance-queries';

interface RegionMaintenanceSectionProps {
  clusterId: string;
  tableId: string;
  regionId: string;
}

function sizeText(size: RegionSize): string {
  const parts = [
    size.memtableSize === null ? null : `memtable ${formatBytes(size.memtableSize)}`,
    size.sstNum === null
      ? null
      : `${size.sstNum} SST ${size.sstNum === 1 ? 'file' : 'files'}${
          size.sstSize === null ? '' : ` (${formatBytes(size.sstSize)})`
        }`,
    size.diskSize === null ? null : `disk ${formatBytes(size.diskSize)}`,
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

const REGION_ACTIONS = [
  { action: 'flush_region', label: 'Flush region…' },
  { action: 'compact_region', label: 'Compact region…' },
] as const;

export function RegionMaintenanceSection({
  clusterId,
  tableId,
  regionId,
}: RegionMaintenanceSectionProps) {
  const availability = useMaintenanceAvailability(clusterId);
  const sizes = useQuery({
    ...maintenanceQueries.regionSizes(clusterId, tableId),
    enabled: availability.kind === 'available',
  });
  const [request, setRequest] = useState<MaintenanceRequest | null>(null);
  if (availability.kind === 'hidden') return null;
  if (availability.kind === 'unsupported') {
    return <MaintenanceUnavailable reason={availability.reason} />;
  }
  const size = sizes.data?.find((s) => s.regionId === regionId) ?? null;

  return (
    <Stack gap="xs" aria-label="Region maintenance" role="group">
      <Divider label="Maintenance" labelPosition="left" />
      <Text size="xs" c="dimmed" data-testid="region-size">
        {sizes.isPending
          ? 'Reading the region’s sizes…'
          : sizes.isError
            ? `Sizes unavailable: ${sizes.error.message}`
            : size === null
              ? 'information_schema.region_statistics has no row for this region yet.'
              : sizeText(size)}
      </Text>
      {request === null ? (
        <Group gap="xs">
          {REGION_ACTIONS.map(({ action, label }) => (
            <Button
              key={action}
              size="xs"
              variant="light"
              onClick={() => {
                setRequest({ action, region_id: regionId });
              }}
            >
              {label}
            </Button>
          ))}
        </Group>
      ) : (
        <MaintenanceConfirmation
          key={request.action}
          clusterId={clusterId}
          request={request}
          onCancel={() => {
            setRequest(null);
          }}
        />
      )}
    </Stack>
  );
}
