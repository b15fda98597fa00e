/**
 * Finding a table the way operators think of it: by name (catalog, then schema, then a
 * type-ahead over that schema's tables), from the recent list, or by a region id (the route
 * answers by region and the region is highlighted). The numeric table id field stays in
 * TablePicker. Each lookup shows its equivalent curl command for the connected generation
 * (finder-commands.ts). Names come through the ClusterApi: legacy /admin/catalogs, schemas and
 * tables, or information_schema.tables on the SQL path.
 */
import { useState, type SubmitEvent } from 'react';
import { Autocomplete, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CurlCommandBox } from '../../components/curl-command-box';
import { parseU64, splitRegionId } from '../../../contract/region-id';
import { SqlNameSchema } from '../../../contract/sql-contract';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { useCommandTarget } from '../../queries/command-target';
import { byNameCommand, byRegionCommand } from './finder-commands';
import { regionNotInRoute, unknownTableMessage } from './region-check';
import { routeQueries } from '../../queries/route-queries';
import { defaultCatalogOf, defaultSchemaOf, orderSchemas } from '../../domain/schema-order';
import type { RecentTable } from './recent-tables';
import { tableNameQueries } from './table-finder-queries';

interface TableFinderProps {
  clusterId: string;
  recentTables: readonly RecentTable[];
  onOpenTable: (tableId: string, options: { label?: string; regionId?: string }) => void;
}

export function TableFinder({ clusterId, recentTables, onOpenTable }: TableFinderProps) {
  const queryClient = useQueryClient();
  const target = useCommandTarget(clusterId);
  const [catalog, setCatalog] = useState<string | null>(null);
  const [schema, setSchema] = useState<string | null>(null);
  const [tableName, setTableName] = useState('');
  const [regionText, setRegionText] = useState('');
  const [regionError, setRegionError] = useState<string | null>(null);
  const [lookupError, setLookupError] = useState<Error | null>(null);
  const [isLooking, setIsLooking] = useState(false);

  const catalogs = useQuery(tableNameQueries.catalogs(clusterId));
  const schemas = useQuery({
    ...tableNameQueries.schemas(clusterId, catalog ?? ''),
    enabled: catalog !== null,
  });
  const tables = useQuery({
    ...tableNameQueries.tables(clusterId, catalog ?? '', schema ?? ''),
    enabled: catalog !== null && schema !== null,
  });
  // `greptime` (or the only catalog) and then `public` (or the first user schema) are chosen
  // for the user, so opening a table by name is: type the name, Enter. Until the user picks
  // one, the choice follows the lists; a system schema is never chosen for them.
  const [hasChosenSchema, setHasChosenSchema] = useState(false);
  const defaultCatalog = catalogs.data === undefined ? null : defaultCatalogOf(catalogs.data);
  if (catalog === null && defaultCatalog !== null) setCatalog(defaultCatalog);
  const schemaOptions = catalog === null ? [] : orderSchemas(catalog, schemas.data ?? []);
  const defaultSchema = catalog === null ? null : defaultSchemaOf(catalog, schemaOptions);
  if (!hasChosenSchema && schema === null && defaultSchema !== null) setSchema(defaultSchema);

  const lookUp = async (
    query: Parameters<typeof routeQueries.detail>[1],
    then: (tableId: number) => void,
  ) => {
    setLookupError(null);
    setIsLooking(true);
    try {
      const route = await queryClient.query({
        ...routeQueries.detail(clusterId, query),
        staleTime: 0,
      });
      then(route.tableId);
    } catch (error) {
      setLookupError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setIsLooking(false);
    }
  };

  const name = tableName.trim();
  // The SQL path sends the name as a string literal; one it cannot carry is refused here.
  const nameProblem =
    target?.generation === 'sql' && name !== ''
      ? (SqlNameSchema.safeParse(name).error?.issues[0]?.message ?? null)
      : null;

  const handleOpenByName = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (catalog === null || schema === null || name === '' || nameProblem !== null) return;
    void lookUp({ catalog, schema, table: name }, (tableId) => {
      onOpenTable(String(tableId), { label: `${catalog}.${schema}.${name}` });
    });
  };

  const handleOpenByRegion = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = regionText.trim();
    const id = parseU64(text);
    if (id === null) {
      setRegionError('A region id is an unsigned 64-bit integer in decimal, e.g. 4402341478400.');
      return;
    }
    setRegionError(null);
    const regionId = id.toString();
    void lookUpRegion(regionId);
  };

  // The route read for a region id is its table's route: check the region is in it, so an
  // unknown region number or table gets a message, never a silently different view.
  const lookUpRegion = async (regionId: string) => {
    setLookupError(null);
    setIsLooking(true);
    try {
      const route = await queryClient.query({
        ...routeQueries.detail(clusterId, { region_id: regionId }),
        staleTime: 0,
      });
      const problem = regionNotInRoute(regionId, route);
      if (problem === null) onOpenTable(String(route.tableId), { regionId });
      else setRegionError(problem);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (/Failed to find table route|not found/i.test(failure.message))
        setRegionError(unknownTableMessage(regionId));
      setLookupError(failure);
    } finally {
      setIsLooking(false);
    }
  };

  const canOpenByName = catalog !== null && schema !== null && name !== '' && nameProblem === null;
  const nameCommand =
    canOpenByName && target !== null
      ? byNameCommand(target, { catalog, schema, table: name })
      : null;
  const regionId = parseU64(regionText.trim());
  const regionCommand =
    regionId !== null && target !== null ? byRegionCommand(target, regionId.toString()) : null;
  const tableNames = tables.data?.map((t) => t.name) ?? [];

  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="sm">
        <form onSubmit={handleOpenByName} aria-label="Find a table by name">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label="Catalog"
              placeholder={
                catalogs.isPending ? 'Loading…' : catalogs.data?.length === 0 ? 'None' : 'Choose'
              }
              data={catalogs.data ?? []}
              value={catalog}
              allowDeselect={false}
              onChange={(value) => {
                setCatalog(value);
                setSchema(null);
                setHasChosenSchema(false);
                setTableName('');
              }}
              w={160}
            />
            <Select
              label="Schema"
              placeholder={catalog === null ? 'Choose a catalog first' : 'Choose'}
              data={schemaOptions}
              value={schema}
              // Choosing the preselected schema again keeps it: a finder without one is no use.
              allowDeselect={false}
              disabled={catalog === null}
              onChange={(value) => {
                setSchema(value);
                setHasChosenSchema(true);
                setTableName('');
              }}
              w={180}
            />
            <Autocomplete
              label="Table name"
              placeholder={schema === null ? 'Choose a schema first' : 'Type to search'}
              data={tableNames}
              value={tableName}
              onChange={setTableName}
              error={
                nameProblem === null ? null : `This name cannot be sent as SQL: ${nameProblem}.`
              }
              disabled={schema === null}
              limit={20}
              w={240}
            />
            <Button type="submit" loading={isLooking} disabled={!canOpenByName}>
              Open by name
            </Button>
          </Group>
          {schema !== null && tables.data?.length === 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              Schema {schema} has no tables.
            </Text>
          )}
          {catalogs.data?.length === 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              This cluster has no tables yet; a table ID or region ID still opens one.
            </Text>
          )}
          {[catalogs, schemas, tables].map((names, index) =>
            names.isError ? (
              <Text key={index} size="xs" c="red" mt={4} role="alert">
                {['Catalogs', 'Schemas', 'Table names'][index]} could not be read:{' '}
                {names.error.message}
              </Text>
            ) : null,
          )}
        </form>
        <form onSubmit={handleOpenByRegion} aria-label="Find a region by id" noValidate>
          <Group align="flex-start" gap="sm">
            <TextInput
              label="Region ID"
              description="Opens the region’s table with the region highlighted"
              value={regionText}
              onChange={(event) => {
                setRegionText(event.currentTarget.value);
                setRegionError(null);
              }}
              error={regionError}
              inputMode="numeric"
              autoComplete="off"
              w={280}
            />
            <Button type="submit" mt={46} variant="light" loading={isLooking}>
              Find region
            </Button>
            {regionId !== null && (
              <Text size="xs" c="dimmed" mt={50}>
                table {splitRegionId(regionId).tableId}, region number{' '}
                {splitRegionId(regionId).regionNumber}
              </Text>
            )}
          </Group>
        </form>
        {lookupError !== null && <ApiErrorAlert error={lookupError} context="route" />}
        {nameCommand !== null && (
          <CurlCommandBox label={nameCommand.label} command={nameCommand.command} />
        )}
        {regionCommand !== null && (
          <CurlCommandBox label={regionCommand.label} command={regionCommand.command} />
        )}
        {recentTables.length > 0 && (
          <Group gap="xs" aria-label="Recent tables" role="group">
            <Text size="xs" c="dimmed">
              Recent:
            </Text>
            {recentTables.map((t) => (
              <Button
                key={t.tableId}
                size="compact-xs"
                variant="default"
                onClick={() => {
                  onOpenTable(t.tableId, {});
                }}
              >
                {t.label === null ? `Table ${t.tableId}` : `${t.label} (${t.tableId})`}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
