import {
  useCallback,
  useEffect,
  useEffectEvent,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { Text } from '@mantine/core';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { RegionSize } from '../../../contract/sql-types';
import { WITHOUT_FORCED_LAYOUT } from '../../components/virtualizer-without-forced-layout';
import type { RegionListQuery, RegionSortKey } from '../../domain/region-list-query';
import type { DatanodeColumn, GridModel } from './grid-model';
import {
  DATANODE_COLUMN_WIDTH,
  FIXED_LAYOUT,
  FIXED_LAYOUT_WITH_SIZES,
  FOOTER_HEIGHT,
  HEADER_HEIGHT,
  MAX_GRID_HEIGHT,
  ROW_HEIGHT,
  type FixedColumnId,
} from './region-grid-columns';
import {
  DatanodeCountFooter,
  DatanodeHeader,
  PartitionBoundsCell,
  RegionIdCell,
  ReplicaMark,
  RowsCell,
  SizeCell,
} from './region-grid-cells';
import classes from './region-grid.module.css';

interface RegionGridProps {
  tableId: string;
  model: GridModel;
  /** Indexes into model.rows, in display order (search, filter and sort applied). */
  order: Uint32Array;
  query: RegionListQuery;
  onSort: (key: RegionSortKey) => void;
  /**
   * Per row of model.rows where the cluster reports region_statistics: null while loading,
   * undefined for a region without statistics. Absent (no Size and Rows columns) otherwise.
   */
  sizes?: readonly (RegionSize | undefined | null)[] | undefined;
  /** Click or Enter on a region row. */
  onOpenRegion: (regionId: string) => void;
  /** Marked, scrolled to and made the tab stop (a region found by id or a deep link). */
  highlightedRegionId?: string | null;
  /**
   * Focus this region's row (scrolled into view first): a new object for each request, e.g.
   * when the migrate dialog opened from that row closes.
   */
  returnFocusTo?: { regionId: string } | null;
}

const KEY_STEPS: Record<string, (position: number, count: number, page: number) => number> = {
  ArrowDown: (p, n) => Math.min(p + 1, n - 1),
  ArrowUp: (p) => Math.max(p - 1, 0),
  PageDown: (p, n, page) => Math.min(p + page, n - 1),
  PageUp: (p, _n, page) => Math.max(p - page, 0),
  Home: () => 0,
  End: (_p, n) => n - 1,
};

/**
 * The region-to-datanode grid of one table: a table (column and row headers, aria-rowcount
 * and aria-rowindex, so assistive technology knows its full size) virtualized on rows and on
 * datanode columns (TanStack Virtual), so 100,000 regions over 200 datanodes render only what
 * is in view. Rows are focusable with a roving tabindex: Tab enters the grid once, arrow keys
 * (and Page Up/Down, Home, End) move between regions, including ones not rendered yet, and
 * Enter opens the migrate dialog. The focused row is always rendered, so focus survives
 * scrolling and returns to it when the dialog closes.
 */
/**
 * The scroller's size assumed before it is measured, so the very first render already holds
 * the rows and columns in view (and a renderer without layout, like jsdom, shows some).
 */
const FIRST_RENDER_RECT = { width: 1400, height: MAX_GRID_HEIGHT };

export function RegionGrid({
  tableId,
  model,
  order,
  query,
  onSort,
  sizes,
  onOpenRegion,
  highlightedRegionId = null,
  returnFocusTo = null,
}: RegionGridProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const rowElements = useRef(new Map<string, HTMLTableRowElement>());
  const focusRequest = useRef<string | null>(null);
  const hintId = useId();
  const fixed = sizes === undefined ? FIXED_LAYOUT : FIXED_LAYOUT_WITH_SIZES;
  const { rows: regionRows, datanodes } = model;

  const [activeRegionId, setActiveRegionId] = useState<string | null>(highlightedRegionId);
  // Position in display order of a region (the active or the highlighted one), or -1.
  const positionOf = useCallback(
    (regionId: string | null) =>
      regionId === null ? -1 : order.findIndex((i) => regionRows[i]?.regionId === regionId),
    [order, regionRows],
  );
  const activePosition = useMemo(() => positionOf(activeRegionId), [positionOf, activeRegionId]);
  // The tab stop: the active region while it is shown, else the first one.
  const tabStopPosition = activePosition === -1 ? 0 : activePosition;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (tabStopPosition < range.count && !indexes.includes(tabStopPosition)) {
        indexes.push(tabStopPosition);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [tabStopPosition],
  );
  // Virtualizer instances are not memoizable; this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rowVirtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Offsets count from the top of the scroller: the sticky header and footer cover a row's
    // height at each end, and scrolling to a row keeps it clear of both.
    paddingStart: HEADER_HEIGHT,
    paddingEnd: FOOTER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    scrollPaddingEnd: FOOTER_HEIGHT,
    rangeExtractor,
    initialRect: FIRST_RENDER_RECT,
    ...WITHOUT_FORCED_LAYOUT,
  });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: datanodes.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => DATANODE_COLUMN_WIDTH,
    overscan: 2,
    paddingStart: fixed.width,
    initialRect: FIRST_RENDER_RECT,
    ...WITHOUT_FORCED_LAYOUT,
  });
  const virtualRows = rowVirtualizer.getVirtualItems();
  const virtualColumns = columnVirtualizer.getVirtualItems();
  const totalWidth = fixed.width + datanodes.length * DATANODE_COLUMN_WIDTH;
  const bodyHeight = order.length * ROW_HEIGHT;
  const gridHeight = Math.min(HEADER_HEIGHT + bodyHeight + FOOTER_HEIGHT + 2, MAX_GRID_HEIGHT);
  /** The datanode columns in view (header, each row, footer), each a positioned cell. */
  const datanodeCells = (
    Cell: 'th' | 'td',
    content: (datanode: DatanodeColumn) => ReactNode,
  ): ReactNode[] =>
    virtualColumns.map((column) => {
      const datanode = datanodes[column.index];
      if (datanode === undefined) return null;
      return (
        <Cell
          key={column.key}
          scope={Cell === 'th' ? 'col' : undefined}
          aria-colindex={fixed.columns.length + column.index + 1}
          className={classes.datanodeCell}
          data-datanode={datanode.peerId}
          style={{ left: column.start, width: column.size }}
        >
          {content(datanode)}
        </Cell>
      );
    });
  const colCount = fixed.columns.length + datanodes.length;

  // A region looked up by id is brought into view once (again when another one is asked for).
  const scrolledTo = useRef<string | null>(null);
  const highlightedPosition = useMemo(
    () => positionOf(highlightedRegionId),
    [positionOf, highlightedRegionId],
  );
  useEffect(() => {
    if (highlightedRegionId === null || highlightedPosition === -1) return;
    if (scrolledTo.current === highlightedRegionId) return;
    scrolledTo.current = highlightedRegionId;
    setActiveRegionId(highlightedRegionId);
    rowVirtualizer.scrollToIndex(highlightedPosition, { align: 'center' });
  }, [highlightedRegionId, highlightedPosition, rowVirtualizer]);

  // Keyboard moves: the target row is rendered (the range always holds the active row) once
  // this commit lands, so focus it then.
  useEffect(() => {
    if (focusRequest.current === null || focusRequest.current !== activeRegionId) return;
    focusRequest.current = null;
    // Not preventScroll: the page scrolls too when the grid's box is partly out of view.
    rowElements.current.get(activeRegionId)?.focus();
  }, [activeRegionId, virtualRows]);

  const moveFocus = (position: number) => {
    const regionId = regionRows[order[position] ?? 0]?.regionId;
    if (regionId === undefined) return;
    rowVirtualizer.scrollToIndex(position);
    const element = rowElements.current.get(regionId);
    if (element !== undefined) element.focus();
    else focusRequest.current = regionId;
    setActiveRegionId(regionId);
  };

  // Focus goes back to the row's element as it is now. Mantine's own return remembers what was
  // focused when its effect ran, which on a busy machine can already be the dialog's first
  // field: focus then fell to the page body (a flaky e2e test found it).
  const focusReturnedRow = useEffectEvent((regionId: string) => {
    const position = positionOf(regionId);
    if (position !== -1) moveFocus(position);
  });
  useEffect(() => {
    if (returnFocusTo !== null) focusReturnedRow(returnFocusTo.regionId);
  }, [returnFocusTo]);

  const handleRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, position: number) => {
    const step = KEY_STEPS[event.key];
    if (step !== undefined) {
      event.preventDefault();
      const page = Math.max(
        1,
        Math.floor((gridHeight - HEADER_HEIGHT - FOOTER_HEIGHT) / ROW_HEIGHT),
      );
      moveFocus(step(position, order.length, page));
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const regionId = regionRows[order[position] ?? 0]?.regionId;
      if (regionId !== undefined) onOpenRegion(regionId);
    }
  };

  const sortState = (key: RegionSortKey | null) =>
    key === null || key !== query.sort
      ? undefined
      : query.isDescending
        ? ('descending' as const)
        : ('ascending' as const);

  return (
    <div>
      <Text id={hintId} size="xs" c="dimmed" mb={4}>
        Click a region row, or focus it and press Enter, to migrate it. Arrow keys move between
        rows.
      </Text>
      <div ref={scrollerRef} className={classes.scroller} style={{ height: gridHeight }}>
        <table
          className={classes.table}
          aria-label={`Regions of table ${tableId} by datanode`}
          aria-describedby={hintId}
          aria-rowcount={order.length + 2}
          aria-colcount={colCount}
          style={{ width: totalWidth }}
        >
          <thead className={classes.head}>
            <tr aria-rowindex={1} className={classes.headRow} style={{ height: HEADER_HEIGHT }}>
              {fixed.columns.map((column, index) => (
                <th
                  key={column.id}
                  scope="col"
                  aria-colindex={index + 1}
                  aria-sort={sortState(column.sortKey)}
                  className={classes.fixedCell}
                  data-column={column.id}
                  data-edge={index === fixed.columns.length - 1 || undefined}
                  style={{ left: column.left, width: column.width }}
                >
                  {column.sortKey === null ? (
                    column.header
                  ) : (
                    <SortButton
                      label={column.header}
                      sortKey={column.sortKey}
                      state={sortState(column.sortKey)}
                      onSort={onSort}
                    />
                  )}
                </th>
              ))}
              {datanodeCells('th', (datanode) => (
                <DatanodeHeader peerId={datanode.peerId} datanode={datanode} />
              ))}
            </tr>
          </thead>
          <tbody className={classes.body} style={{ height: bodyHeight }}>
            {virtualRows.map((virtualRow) => {
              const rowIndex = order[virtualRow.index] ?? 0;
              const row = regionRows[rowIndex];
              if (row === undefined) return null;
              const position = virtualRow.index;
              const isHighlighted = row.regionId === highlightedRegionId;
              return (
                <tr
                  key={row.regionId}
                  ref={(element: HTMLTableRowElement | null) => {
                    if (element === null) rowElements.current.delete(row.regionId);
                    else rowElements.current.set(row.regionId, element);
                  }}
                  aria-rowindex={position + 2}
                  className={classes.row}
                  style={{ top: virtualRow.start - HEADER_HEIGHT, height: ROW_HEIGHT }}
                  tabIndex={position === tabStopPosition ? 0 : -1}
                  data-region-id={row.regionId}
                  data-highlighted={isHighlighted || undefined}
                  aria-current={isHighlighted ? 'true' : undefined}
                  data-downgraded={row.leaderStatus === 'Downgraded' || undefined}
                  onClick={() => {
                    setActiveRegionId(row.regionId);
                    onOpenRegion(row.regionId);
                  }}
                  onFocus={() => {
                    setActiveRegionId(row.regionId);
                  }}
                  onKeyDown={(event) => {
                    handleRowKeyDown(event, position);
                  }}
                >
                  {fixed.columns.map((column, index) => {
                    const props = {
                      'aria-colindex': index + 1,
                      className: classes.fixedCell,
                      'data-column': column.id,
                      'data-edge': index === fixed.columns.length - 1 || undefined,
                      style: { left: column.left, width: column.width },
                    };
                    return column.id === 'regionId' ? (
                      <th key={column.id} scope="row" {...props}>
                        <RegionIdCell regionId={row.regionId} />
                      </th>
                    ) : (
                      <td key={column.id} {...props}>
                        <FixedCellContent id={column.id} row={row} size={sizes?.[rowIndex]} />
                      </td>
                    );
                  })}
                  {datanodeCells('td', (datanode) => (
                    <ReplicaMark row={row} peerId={datanode.peerId} />
                  ))}
                </tr>
              );
            })}
          </tbody>
          <tfoot className={classes.foot}>
            <tr
              aria-rowindex={order.length + 2}
              className={classes.footRow}
              style={{ height: FOOTER_HEIGHT }}
            >
              <th
                scope="row"
                aria-colindex={1}
                colSpan={fixed.columns.length}
                className={classes.fixedCell}
                data-edge
                style={{ left: 0, width: fixed.width }}
              >
                Regions per datanode
              </th>
              {datanodeCells('td', (datanode) => (
                <DatanodeCountFooter datanode={datanode} evenShare={model.evenShare} />
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

function FixedCellContent({
  id,
  row,
  size,
}: {
  id: Exclude<FixedColumnId, 'regionId'>;
  row: GridModel['rows'][number];
  size: RegionSize | undefined | null;
}) {
  switch (id) {
    case 'regionNumber':
      return <>{row.regionNumber}</>;
    case 'partition':
      return <PartitionBoundsCell row={row} />;
    case 'size':
      return <SizeCell size={size} />;
    case 'rows':
      return <RowsCell size={size} />;
  }
}

function SortButton({
  label,
  sortKey,
  state,
  onSort,
}: {
  label: string;
  sortKey: RegionSortKey;
  state: 'ascending' | 'descending' | undefined;
  onSort: (key: RegionSortKey) => void;
}) {
  return (
    <button
      type="button"
      className={classes.sortButton}
      onClick={() => {
        onSort(sortKey);
      }}
    >
      {label}
      <span aria-hidden>{state === 'ascending' ? ' ↑' : state === 'descending' ? ' ↓' : ''}</span>
    </button>
  );
}
