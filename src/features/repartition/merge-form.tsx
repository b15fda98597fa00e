/**
 * The merge form: the partitions to merge, in route order. Only partitions whose union is one
 * range can be merged here (contract/repartition: GreptimeDB accepts more, the console does
 * not preview it).
 */
import { Checkbox, Stack } from '@mantine/core';
import type { RepartitionSubject } from './repartition-model';
import { ColumnsNote, partitionLabel } from './partition-labels';

interface MergeFormProps {
  subject: RepartitionSubject;
  selected: ReadonlySet<string>;
  onSelectedChange: (selected: Set<string>) => void;
}

export function MergeForm({ subject, selected, onSelectedChange }: MergeFormProps) {
  return (
    <Stack gap="sm">
      <Checkbox.Group
        label="Partitions to merge"
        description="Adjacent partitions: together they must form one range. The first in route order keeps its region; the others are dropped."
        value={[...selected]}
        onChange={(value) => {
          onSelectedChange(new Set(value));
        }}
      >
        <Stack gap={6} mt="xs">
          {subject.table.partitions.map((p, index) => (
            <Checkbox key={p.regionId} value={p.regionId} label={partitionLabel(index, p)} />
          ))}
        </Stack>
      </Checkbox.Group>
      <ColumnsNote subject={subject} />
    </Stack>
  );
}
