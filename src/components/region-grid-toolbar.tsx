import { memo } from 'react';
import { Group, NativeSelect, TextInput } from '@mantine/core';
import type { RegionListQuery } from '../domain/region-list-query';
import classes from './region-grid-toolbar.module.css';
import { formatCount } from './format-count';

interface RegionGridToolbarProps {
  /** In the grid's column order; the filter holds an index into this list. */
  datanodes: readonly { peerId: string }[];
  query: RegionListQuery;
  /** What the search box matches, in a few words. */
  searchDescription: string;
  shown: number;
  total: number;
  onChange: (query: RegionListQuery) => void;
}

const ALL_DATANODES = 'all';

/**
 * Search and datanode filter above a region grid, with how many regions match. Memoized: the
 * grid above which it sits re-renders on every scroll frame, and re-rendering these Mantine
 * inputs (and the datanode options) each time cost a large share of the frame.
 */
export const RegionGridToolbar = memo(function RegionGridToolbar({
  datanodes,
  query,
  searchDescription,
  shown,
  total,
  onChange,
}: RegionGridToolbarProps) {
  return (
    <Group gap="sm" align="flex-end">
      <TextInput
        label="Search regions"
        description={searchDescription}
        value={query.search}
        onChange={(event) => {
          onChange({ ...query, search: event.currentTarget.value.replace(/\D/g, '') });
        }}
        w={320}
        inputMode="numeric"
      />
      {/* A native select: it renders with the grid when a table opens, and Mantine's Select
          (a combobox with a positioned dropdown) costs ~9 ms of that first render. Type-ahead
          on the option text still finds a datanode among hundreds. */}
      <NativeSelect
        label="Datanode"
        data={[
          { value: ALL_DATANODES, label: 'All datanodes' },
          ...datanodes.map((d, index) => ({ value: String(index), label: `datanode ${d.peerId}` })),
        ]}
        value={query.datanodeIndex === null ? ALL_DATANODES : String(query.datanodeIndex)}
        onChange={(event) => {
          const value = event.currentTarget.value;
          onChange({ ...query, datanodeIndex: value === ALL_DATANODES ? null : Number(value) });
        }}
        w={200}
      />
      <span role="status" aria-live="polite" className={classes.count}>
        {formatCount(shown)} of {formatCount(total)} regions
      </span>
    </Group>
  );
});
