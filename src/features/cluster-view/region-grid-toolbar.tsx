import { Group, Select, TextInput } from '@mantine/core';
import type { DatanodeLoad } from './distribution-model';
import type { RegionListQuery } from './region-list-model';

interface RegionGridToolbarProps {
  datanodes: readonly DatanodeLoad[];
  query: RegionListQuery;
  shown: number;
  total: number;
  onChange: (query: RegionListQuery) => void;
}

export function RegionGridToolbar({
  datanodes,
  query,
  shown,
  total,
  onChange,
}: RegionGridToolbarProps) {
  return (
    <Group gap="sm" align="flex-end">
      <TextInput
        label="Search regions"
        description="Table id, region id, or the start of a region id"
        value={query.search}
        onChange={(event) => {
          onChange({ ...query, search: event.currentTarget.value.replace(/\D/g, '') });
        }}
        w={260}
        inputMode="numeric"
      />
      <Select
        label="Datanode"
        placeholder="All datanodes"
        clearable
        searchable
        data={datanodes.map((d) => ({ value: String(d.index), label: `datanode ${d.peerId}` }))}
        value={query.datanodeIndex === null ? null : String(query.datanodeIndex)}
        onChange={(value) => {
          onChange({ ...query, datanodeIndex: value === null ? null : Number(value) });
        }}
        w={200}
      />
      <span role="status" aria-live="polite" style={{ paddingBottom: 6, fontSize: 13 }}>
        {shown.toLocaleString('en-US')} of {total.toLocaleString('en-US')} regions
      </span>
    </Group>
  );
}
