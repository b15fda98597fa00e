/**
 * What GreptimeDB will make of a checked split or merge (API.md §7.4): the partitions after it
 * in route order, the regions replaced, the region numbers allocated (never reused, hence gaps)
 * and dropped; then the exact statement, its curl equivalent, and what GreptimeDB checks that
 * the console cannot see.
 */
import { Badge, Code, List, Stack, Table, Text, Title } from '@mantine/core';
import { splitRegionId } from '../../../contract/region-id';
import type { RepartitionPrecondition } from '../../../contract/repartition/preconditions';
import type { RepartitionPlan } from '../../../contract/repartition/repartition-plan';
import { CurlCommandBox } from '../../components/curl-command-box';
import classes from './repartition.module.css';

interface RepartitionPreviewProps {
  plan: RepartitionPlan;
  statement: string;
  curlCommand: string;
  frontendAddr: string | null;
  /** What GreptimeDB checks that the console cannot, in GreptimeDB's order. */
  unchecked: readonly RepartitionPrecondition[];
}

function regionNumberOf(regionId: string): string {
  return String(splitRegionId(regionId).regionNumber);
}

export function RepartitionPreview({
  plan,
  statement,
  curlCommand,
  frontendAddr,
  unchecked,
}: RepartitionPreviewProps) {
  return (
    <Stack gap="sm" data-testid="repartition-preview">
      <Title order={3} size="h5">
        Preview
      </Title>
      <Table.ScrollContainer minWidth={520}>
        <Table
          withTableBorder
          verticalSpacing={4}
          fz="sm"
          aria-label={`Partitions after the ${plan.kind}`}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Partition</Table.Th>
              <Table.Th scope="col">Region</Table.Th>
              <Table.Th scope="col">Rule</Table.Th>
              <Table.Th scope="col">Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.resulting.map((p) => (
              <Table.Tr key={p.regionId} className={classes.previewRow} data-change={p.change}>
                <Table.Th scope="row" fw={500}>
                  {p.partitionName}
                </Table.Th>
                <Table.Td className={classes.mono}>{p.regionId}</Table.Td>
                <Table.Td className={classes.mono}>{p.rule}</Table.Td>
                <Table.Td>
                  {p.change === 'unchanged' ? (
                    <Text span size="sm" c="dimmed">
                      unchanged
                    </Text>
                  ) : (
                    <Badge
                      size="sm"
                      variant="light"
                      color={p.change === 'new region' ? 'teal' : 'blue'}
                    >
                      {p.change}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        Partition names are positions in the route: they shift after a merge.
      </Text>
      <div>
        <Text size="sm" fw={500}>
          Regions replaced
        </Text>
        <List size="sm" spacing={2} aria-label="Regions replaced">
          {plan.replaced.map((r) => (
            <List.Item key={r.regionId}>
              Region <span className={classes.mono}>{r.regionId}</span> (
              <span className={classes.mono}>{r.rule}</span>)
              {plan.deallocatedRegionIds.includes(r.regionId)
                ? ': dropped after the merge'
                : ': keeps its region with the new rule'}
            </List.Item>
          ))}
        </List>
      </div>
      <RegionNumbers plan={plan} />
      <div>
        <Text size="xs" c="dimmed">
          The console server will send this statement to the frontend
          {frontendAddr === null ? '' : ` ${frontendAddr}`}:
        </Text>
        <Code block data-testid="repartition-statement" style={{ whiteSpace: 'pre-wrap' }}>
          {statement}
        </Code>
      </div>
      <CurlCommandBox command={curlCommand} />
      <PreconditionList unchecked={unchecked} />
    </Stack>
  );
}

function RegionNumbers({ plan }: { plan: RepartitionPlan }) {
  return (
    <div data-testid="allocated-regions">
      <Text size="sm" fw={500}>
        Region numbers GreptimeDB will allocate
      </Text>
      {plan.allocatedRegionIds.length === 0 ? (
        <Text size="sm">None: the merged partition keeps the first region.</Text>
      ) : (
        <List size="sm" spacing={2} aria-label="Regions GreptimeDB will allocate">
          {plan.allocatedRegionIds.map((id) => (
            <List.Item key={id}>
              Region <span className={classes.mono}>{id}</span> (region number {regionNumberOf(id)})
            </List.Item>
          ))}
        </List>
      )}
      <Text size="xs" c="dimmed">
        Region numbers are never reused: new regions continue after the highest number the table has
        ever had, so the numbers of regions dropped by earlier merges stay unused (gaps).
      </Text>
      {!plan.isNumberingExact && plan.allocatedRegionIds.length > 0 && (
        <Text size="xs" c="orange.8" data-testid="numbering-not-exact">
          Not exact: MetaSrv’s highest number (max_region_number) cannot be read over SQL, so the
          console counts from the highest region number present. If regions with higher numbers were
          merged away before, GreptimeDB allocates higher numbers than shown.
        </Text>
      )}
    </div>
  );
}

const CHECKED_BY: Record<RepartitionPrecondition['checkedBy'], string> = {
  frontend: 'the frontend',
  metasrv: 'MetaSrv',
  procedure: 'the procedure, while it runs',
};

export function PreconditionList({ unchecked }: { unchecked: readonly RepartitionPrecondition[] }) {
  return (
    <div>
      <Text size="sm" fw={500}>
        Checked by GreptimeDB only (the console cannot see these)
      </Text>
      <List size="sm" spacing={4} aria-label="Preconditions the console cannot check">
        {unchecked.map((p) => (
          <List.Item key={p.id} data-precondition={p.id}>
            {p.summary}{' '}
            <Text span size="xs" c="dimmed">
              Checked by {CHECKED_BY[p.checkedBy]}
              {p.error === '' ? '.' : '; otherwise: '}
            </Text>
            {p.error !== '' && (
              <Code fz="xs" style={{ wordBreak: 'break-word' }}>
                {p.error}
              </Code>
            )}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
