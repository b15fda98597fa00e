import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { Table, Text } from '@mantine/core';
import { useTable } from '@tanstack/react-table';
import type { GridModel, RegionRow } from './grid-model';
import {
  DATANODE_COLUMN_PREFIX,
  FIXED_COLUMNS,
  datanodeColumn,
  gridFeatures,
} from './region-grid-columns';
import classes from './region-grid.module.css';

interface RegionGridProps {
  tableId: string;
  model: GridModel;
  /** Click or Enter on a region row. */
  onOpenRegion: (regionId: string) => void;
  /** Marked, scrolled to and made the tab stop (a region found by id or a deep link). */
  highlightedRegionId?: string | null;
}

const getRowId = (row: RegionRow) => row.regionId;

/**
 * The region-to-datanode grid: a real table (caption, column and row headers) whose rows are
 * focusable. One row holds tabindex 0 (roving tabindex): Tab enters the grid once, arrow keys
 * move between regions, Enter opens the migrate dialog.
 */
export function RegionGrid({
  tableId,
  model,
  onOpenRegion,
  highlightedRegionId = null,
}: RegionGridProps) {
  // Columns change only when the set of datanodes does, not on every route refresh.
  const peerIdsKey = model.datanodes.map((d) => d.peerId).join(',');
  const columns = useMemo(
    () => [
      ...FIXED_COLUMNS,
      ...(peerIdsKey === '' ? [] : peerIdsKey.split(',')).map((peerId) => datanodeColumn(peerId)),
    ],
    [peerIdsKey],
  );
  const meta = useMemo(
    () => ({
      datanodesById: new Map(model.datanodes.map((d) => [d.peerId, d])),
      evenShare: model.evenShare,
    }),
    [model.datanodes, model.evenShare],
  );
  const table = useTable({ features: gridFeatures, columns, data: model.rows, getRowId, meta });

  const rows = table.getRowModel().rows;
  const [activeRowId, setActiveRowId] = useState<string | null>(highlightedRegionId);
  const tabStopId = rows.some((row) => row.id === activeRowId)
    ? activeRowId
    : (rows[0]?.id ?? null);
  const rowElements = useRef(new Map<string, HTMLTableRowElement>());
  const hintId = useId();

  // A region looked up by id is brought into view once its row exists.
  useEffect(() => {
    if (highlightedRegionId === null) return;
    rowElements.current.get(highlightedRegionId)?.scrollIntoView({ block: 'center' });
  }, [highlightedRegionId]);

  const focusRow = useCallback((regionId: string) => {
    setActiveRowId(regionId);
    rowElements.current.get(regionId)?.focus();
  }, []);

  const handleRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const targetIndex =
      event.key === 'ArrowDown'
        ? Math.min(index + 1, rows.length - 1)
        : event.key === 'ArrowUp'
          ? Math.max(index - 1, 0)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? rows.length - 1
              : null;
    if (targetIndex !== null) {
      event.preventDefault();
      const target = rows[targetIndex];
      if (target !== undefined) focusRow(target.id);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const row = rows[index];
      if (row !== undefined) onOpenRegion(row.id);
    }
  };

  return (
    <div className={classes.scroller}>
      <Text id={hintId} size="xs" c="dimmed" mb={4}>
        Click a region row, or focus it and press Enter, to migrate it. Arrow keys move between
        rows.
      </Text>
      <Table
        className={classes.table}
        highlightOnHover={false}
        withTableBorder
        withColumnBorders
        verticalSpacing={6}
        aria-describedby={hintId}
      >
        <Table.Caption className={classes.caption}>
          Regions of table {tableId} by datanode
        </Table.Caption>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => (
                <Table.Th key={header.id} scope="col">
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr
              key={row.id}
              ref={(element: HTMLTableRowElement | null) => {
                if (element === null) rowElements.current.delete(row.id);
                else rowElements.current.set(row.id, element);
              }}
              className={classes.row}
              tabIndex={row.id === tabStopId ? 0 : -1}
              data-region-id={row.id}
              data-highlighted={row.id === highlightedRegionId || undefined}
              aria-current={row.id === highlightedRegionId ? 'true' : undefined}
              data-downgraded={row.original.leaderStatus === 'Downgraded' || undefined}
              onClick={() => {
                setActiveRowId(row.id);
                onOpenRegion(row.id);
              }}
              onFocus={() => {
                setActiveRowId(row.id);
              }}
              onKeyDown={(event) => {
                handleRowKeyDown(event, index);
              }}
            >
              {row.getAllCells().map((cell) =>
                cell.column.id === 'regionId' ? (
                  <Table.Th key={cell.id} scope="row">
                    <table.FlexRender cell={cell} />
                  </Table.Th>
                ) : (
                  <Table.Td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot className={classes.footer}>
          {table.getFooterGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) =>
                header.column.id === 'regionId' ? (
                  <Table.Th key={header.id} scope="row">
                    <table.FlexRender footer={header} />
                  </Table.Th>
                ) : (
                  <Table.Td
                    key={header.id}
                    data-datanode={header.column.id.startsWith(DATANODE_COLUMN_PREFIX) || undefined}
                  >
                    {header.isPlaceholder ? null : <table.FlexRender footer={header} />}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </div>
  );
}
