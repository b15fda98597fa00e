/**
 * On the SQL path, a metric-engine logical table's grid shows region ids GreptimeDB rebuilt
 * with the logical table's own id (API.md §3.5). MetaSrv refuses to migrate them (§3.2), so
 * this notice says so before anyone tries, names the physical table that holds the data and
 * opens it. A refused attempt still quotes GreptimeDB's text (src/errors).
 */
import { Alert, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { composeRegionId } from '../../../contract/region-id';
import { logicalTableQueries } from './logical-table-queries';
import type { MetricTableName } from './metric-table-kind';

/** The start of MetaSrv's refusal (API.md §3.2); the rest names the region and peers. */
export const LOGICAL_MIGRATION_REFUSAL =
  'Unexpected, violated: Trying to execute region migration on the logical table, …';

/** Region mappings listed before "and n more". */
const SHOWN_MAPPINGS = 4;

interface LogicalTableNoticeProps {
  clusterId: string;
  tableId: string;
  onOpenTable: (tableId: string) => void;
}

function qualified(table: MetricTableName): string {
  return `${table.schema}.${table.name}`;
}

export function LogicalTableNotice({ clusterId, tableId, onOpenTable }: LogicalTableNoticeProps) {
  const { data } = useQuery(logicalTableQueries.kind(clusterId, tableId));
  if (data?.kind !== 'logical') return null;
  const { table, physicalTables, regionNumbers } = data;
  const [onlyPhysical] = physicalTables.length === 1 ? physicalTables : [];
  const mappings = [...regionNumbers.entries()];

  return (
    <Alert
      color="blue"
      variant="light"
      title={`${qualified(table)} is a logical table (metric engine)`}
      data-testid="logical-table-notice"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          Its data lives in the regions of{' '}
          {onlyPhysical === undefined
            ? 'one of the physical tables below'
            : `physical table ${qualified(onlyPhysical)} (table ${String(onlyPhysical.tableId)})`}
          . GreptimeDB lists those regions under this table’s own id, so the region ids below are
          not regions MetaSrv can move: migrating one is refused with{' '}
          <Code>{LOGICAL_MIGRATION_REFUSAL}</Code>. Migrate the physical table’s region with the
          same region number instead; every logical table on it moves with it.
        </Text>
        {onlyPhysical !== undefined && (
          <List size="sm" spacing={2} aria-label="Where these regions live">
            {mappings.slice(0, SHOWN_MAPPINGS).map(([regionId, number]) => (
              <List.Item key={regionId}>
                Region {regionId} is region {composeRegionId(onlyPhysical.tableId, number)} of{' '}
                {qualified(onlyPhysical)}
              </List.Item>
            ))}
            {mappings.length > SHOWN_MAPPINGS && (
              <List.Item>and {mappings.length - SHOWN_MAPPINGS} more, by region number</List.Item>
            )}
          </List>
        )}
        <Group gap="xs">
          {physicalTables.map((physical) => (
            <Button
              key={physical.tableId}
              size="xs"
              variant="light"
              onClick={() => {
                onOpenTable(String(physical.tableId));
              }}
            >
              Open physical table {qualified(physical)}
            </Button>
          ))}
        </Group>
      </Stack>
    </Alert>
  );
}
