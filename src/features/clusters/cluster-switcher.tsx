/** Picks the cluster the whole dashboard shows; hidden when only one is configured. */
import { NativeSelect, Text } from '@mantine/core';
import type { ClusterSummary } from '../../../contract/api-contract';

interface ClusterSwitcherProps {
  clusters: readonly ClusterSummary[];
  clusterId: string;
  onChange: (clusterId: string) => void;
}

export function ClusterSwitcher({ clusters, clusterId, onChange }: ClusterSwitcherProps) {
  if (clusters.length <= 1) {
    return (
      <Text size="sm" c="dimmed">
        Cluster{' '}
        <Text span ff="monospace">
          {clusterId}
        </Text>
      </Text>
    );
  }
  return (
    <NativeSelect
      size="xs"
      label="Cluster"
      value={clusterId}
      data={clusters.map((cluster) => ({
        value: cluster.id,
        label: `${cluster.id} (${cluster.metasrvAddrs.join(', ')})`,
      }))}
      onChange={(event) => {
        const chosen = clusters.find((cluster) => cluster.id === event.currentTarget.value);
        if (chosen !== undefined) onChange(chosen.id);
      }}
    />
  );
}
