/**
 * How partitions are named in the forms (GreptimeDB's positional `p<index>`, the region id and
 * the rule), and the note on how the partition columns' kinds were told.
 */
import { Text } from '@mantine/core';
import type { ColumnKindBasis } from '../../../contract/repartition/partition-columns';
import type { RepartitionSubject } from './repartition-model';

const BASIS_TEXT: Record<ColumnKindBasis, string> = {
  'non-number bound': 'a bound is not a number',
  'number bounds': 'its bounds are numbers',
  'no bound': 'no bound shows it; taken as a number',
};

export function partitionLabel(
  index: number,
  partition: { regionId: string; description: string | null },
): string {
  return `p${String(index)} · region ${partition.regionId} · ${partition.description ?? 'no rule'}`;
}

/**
 * information_schema.partitions names the partition columns but not their types, so the
 * console reads each kind from the current rules and says so: a string column whose values
 * all look like numbers would be taken for a number column.
 */
export function ColumnsNote({ subject }: { subject: RepartitionSubject }) {
  if (subject.columns.length === 0) return null;
  const parts = subject.columns.map(
    (c) => `${c.name} is a ${c.kind} column (${BASIS_TEXT[c.basis]})`,
  );
  return (
    <Text size="xs" c="dimmed" data-testid="columns-note">
      {parts.join('; ')}. information_schema.partitions does not show column types, so the console
      reads them from the current rules.
    </Text>
  );
}
