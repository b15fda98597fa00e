/**
 * Every table of the cluster in one searchable, sortable list (TanStack Table v9 for columns
 * and sort state; the model sorts, so the same code is unit-tested). Only the rows in view
 * are rendered: a cluster can hold thousands of tables. One click on a row opens the table;
 * Enter in the search opens the table of that exact name, or the first row left.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { Alert, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import {
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { formatBytes } from '../../components/format-bytes';
import { formatCount } from '../../components/format-count';
import { useVirtualTableRows } from '../../components/use-virtual-table-rows';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { routeQueries } from '../../queries/route-queries';
import { DEFAULT_CATALOG } from '../../domain/schema-order';
import {
  TABLE_SORT_KEYS,
  searchTableRows,
  sortTableRows,
  type TableListRow,
  type TableSort,
} from './table-list-model';
import { useTableList } from './use-table-list';
import classes from './table-list.module.css';

const features = tableFeatures({ rowSortingFeature });

/** Right-aligned, tabular figures. */
const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([
  'tableId',
  'regionCount',
  'skewCv',
  'sizeBytes',
]);

function shownName(row: TableListRow): string {
  const name = `${row.schema}.${row.name}`;
  return row.catalog === DEFAULT_CATALOG ? name : `${row.catalog}.${name}`;
}

const NAME_COLUMN: ColumnDef<typeof features, TableListRow> = {
  id: 'name',
  header: 'Table',
  accessorFn: (row) => row.qualifiedName,
  cell: ({ row }) => (
    <button type="button" className={classes.nameButton} title={row.original.qualifiedName}>
      {shownName(row.original)}
    </button>
  ),
};

const BASE_COLUMNS: ColumnDef<typeof features, TableListRow>[] = [
  NAME_COLUMN,
  {
    id: 'tableId',
    header: 'ID',
    accessorFn: (row) => row.tableId,
    cell: ({ row }) => row.original.tableId ?? '—',
  },
  {
    id: 'kind',
    header: 'Kind',
    enableSorting: false,
    accessorFn: (row) => row.kind,
    cell: ({ row }) => row.original.kind ?? '—',
  },
  {
    id: 'regionCount',
    header: 'Regions',
    accessorFn: (row) => row.regionCount,
    cell: ({ row }) =>
      row.original.regionCount === null ? '—' : formatCount(row.original.regionCount),
  },
  {
    id: 'skewCv',
    header: 'Skew (CV)',
    accessorFn: (row) => row.skewCv,
    cell: ({ row }) => (row.original.skewCv === null ? '—' : row.original.skewCv.toFixed(2)),
  },
];

const SIZE_COLUMN: ColumnDef<typeof features, TableListRow> = {
  id: 'sizeBytes',
  header: 'Size',
  accessorFn: (row) => row.sizeBytes,
  cell: ({ row }) => (row.original.sizeBytes === null ? '—' : formatBytes(row.original.sizeBytes)),
};

const COLUMNS_WITH_SIZE = [...BASE_COLUMNS, SIZE_COLUMN];

const HEADER_HINTS: Partial<Record<string, string>> = {
  skewCv:
    'Coefficient of variation of the table’s regions per datanode (alive datanodes and those holding its regions); 0 is even.',
  sizeBytes:
    'Disk size summed over the table’s leader regions (information_schema.region_statistics).',
  kind: 'A logical (metric engine) table keeps its rows in its physical table’s regions.',
};

function sortOf(sorting: SortingState): TableSort | null {
  const first = sorting[0];
  const key = TABLE_SORT_KEYS.find((k) => k === first?.id);
  return first === undefined || key === undefined ? null : { key, isDescending: first.desc };
}

interface TableListProps {
  clusterId: string;
  onOpenTable: (tableId: string, options: { label: string }) => void;
}

export function TableList({ clusterId, onOpenTable }: TableListProps) {
  const list = useTableList(clusterId);
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [sorting, setSorting] = useState<SortingState>([]);
  const [openError, setOpenError] = useState<Error | null>(null);

  const data = useMemo(
    () => sortTableRows(searchTableRows(list.rows, search), sortOf(sorting)),
    [list.rows, search, sorting],
  );

  // Sorting happens in the model (tested there); the table keeps the state and the handlers.
  const table = useTable({
    features,
    columns: list.hasSizes ? COLUMNS_WITH_SIZE : BASE_COLUMNS,
    data,
    getRowId: (row) => row.rowId,
    manualSorting: true,
    enableMultiSort: false,
    state: { sorting },
    onSortingChange: setSorting,
  });

  const rows = table.getRowModel().rows;
  const { scrollerRef, items, paddingTop, paddingBottom } = useVirtualTableRows(
    rows.length,
    (index) => rows[index]?.id ?? index,
  );

  const open = async (row: TableListRow) => {
    setOpenError(null);
    const label = row.qualifiedName;
    if (row.tableId !== null) {
      onOpenTable(String(row.tableId), { label });
      return;
    }
    // Legacy, beyond the routes read for the list: the route by name gives the id.
    try {
      const route = await queryClient.query(
        routeQueries.detail(clusterId, {
          catalog: row.catalog,
          schema: row.schema,
          table: row.name,
        }),
      );
      onOpenTable(String(route.tableId), { label });
    } catch (error) {
      setOpenError(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const handleSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    const needle = search.trim().toLowerCase();
    const exact = data.find((r) => r.name.toLowerCase() === needle);
    const chosen = exact ?? data[0];
    if (chosen !== undefined) void open(chosen);
  };

  const columnCount = table.getAllLeafColumns().length;

  return (
    <section aria-labelledby="table-list-title">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} size="h4" id="table-list-title">
            Tables
          </Title>
          <TextInput
            label="Search tables"
            placeholder="Name or id; Enter opens the first match"
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
            }}
            onKeyDown={handleSearchKey}
            autoComplete="off"
            spellCheck={false}
            w={320}
          />
        </Group>
        {list.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading the tables…</Text>
          </Group>
        ) : list.error !== null ? (
          <ApiErrorAlert error={list.error} context="route" />
        ) : (
          <>
            <Text size="xs" c="dimmed" data-testid="table-list-count" aria-live="polite">
              {data.length === list.rows.length
                ? `${formatCount(list.rows.length)} tables`
                : `${formatCount(data.length)} of ${formatCount(list.rows.length)} tables`}
              {' · '}schema public first, system schemas last; click a column to sort.
            </Text>
            <div ref={scrollerRef} className={classes.scroller}>
              <table className={classes.table} aria-label="Tables of the cluster">
                <thead>
                  {table.getHeaderGroups().map((group) => (
                    <tr key={group.id}>
                      {group.headers.map((header) => {
                        const sorted = header.column.getIsSorted();
                        const isNumeric = NUMERIC_COLUMNS.has(header.column.id);
                        return (
                          <th
                            key={header.id}
                            data-numeric={isNumeric || undefined}
                            title={HEADER_HINTS[header.column.id]}
                            aria-sort={
                              sorted === 'asc'
                                ? 'ascending'
                                : sorted === 'desc'
                                  ? 'descending'
                                  : undefined
                            }
                          >
                            {header.column.getCanSort() ? (
                              <button
                                type="button"
                                className={classes.sortButton}
                                onClick={header.column.getToggleSortingHandler()}
                              >
                                <table.FlexRender header={header} />
                                {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                              </button>
                            ) : (
                              <table.FlexRender header={header} />
                            )}
                          </th>
                        );
                      })}
                    </tr>
                  ))}
                </thead>
                <tbody>
                  {paddingTop > 0 && (
                    <tr aria-hidden>
                      <td colSpan={columnCount} style={{ height: paddingTop }} />
                    </tr>
                  )}
                  {items.map((item) => {
                    const row = rows[item.index];
                    if (row === undefined) return null;
                    return (
                      <tr
                        key={row.id}
                        className={classes.row}
                        data-system={row.original.isSystem || undefined}
                        data-testid="table-list-row"
                        onClick={() => {
                          void open(row.original);
                        }}
                      >
                        {row.getAllCells().map((cell) => (
                          <td
                            key={cell.id}
                            data-numeric={NUMERIC_COLUMNS.has(cell.column.id) || undefined}
                          >
                            <table.FlexRender cell={cell} />
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                  {paddingBottom > 0 && (
                    <tr aria-hidden>
                      <td colSpan={columnCount} style={{ height: paddingBottom }} />
                    </tr>
                  )}
                </tbody>
              </table>
              {data.length === 0 && (
                <Text size="sm" p="sm">
                  {list.rows.length === 0
                    ? 'This cluster has no tables yet.'
                    : `No table matches “${search.trim()}”.`}
                </Text>
              )}
            </div>
          </>
        )}
        {openError !== null && <ApiErrorAlert error={openError} context="route" />}
        {list.notes.map((note) => (
          <Alert key={note} color="gray" variant="light" p="xs">
            <Text size="xs">{note}</Text>
          </Alert>
        ))}
      </Stack>
    </section>
  );
}
