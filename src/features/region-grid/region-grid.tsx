import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useEffectEvent,
  useId,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type SyntheticEvent,
} from 'react';
import { Text } from '@mantine/core';
import type { Column, Header, Row } from '@tanstack/react-table';
import {
  defaultRangeExtractor,
  useVirtualizer,
  type Range,
  type VirtualItem,
} from '@tanstack/react-virtual';
import type { RegionState } from '../../../contract/sql/region-runtime-types';
import type { RegionSize } from '../../../contract/sql-types';
import { RegionGridToolbar } from '../../components/region-grid-toolbar';
import { WITHOUT_FORCED_LAYOUT } from '../../components/virtualizer-without-forced-layout';
import {
  sortBy,
  sortDirectionOf,
  type RegionListQuery,
  type RegionSortKey,
} from '../../domain/region-list-query';
import {
  datanodeAddressLabels,
  type DatanodeColumn,
  type GridModel,
  type RegionGridRow,
} from './grid-model';
import type { RegionRow } from '../../domain/region-row';
import {
  DATANODE_COLUMN_WIDTH,
  FOOTER_HEIGHT,
  HEADER_HEIGHT,
  MAX_GRID_HEIGHT,
  REGION_COLUMNS,
  ROW_HEIGHT,
  useRegionTable,
  type RegionTable,
  type regionGridFeatures,
} from './region-grid-columns';
import { DatanodeCountFooter, DatanodeHeader, ReplicaMark } from './region-grid-cells';
import classes from './region-grid.module.css';

interface RegionGridProps {
  tableId: string;
  model: GridModel;
  /** The toolbar's search, datanode filter and sort, as typed. */
  query: RegionListQuery;
  onQueryChange: (query: RegionListQuery) => void;
  /**
   * Per row of model.rows where the cluster reports region_statistics: null while loading,
   * undefined for a region without statistics. Absent (no Size and Rows columns) otherwise.
   */
  sizes?: readonly (RegionSize | undefined | null)[] | undefined;
  /** What region_info reports per region id (v1.1+); absent where the version lacks it. */
  regionStates?: ReadonlyMap<string, readonly RegionState[]> | undefined;
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
 * The scroller's size assumed before it is measured, so the very first render already holds
 * the rows and columns in view (and a renderer without layout, like jsdom, shows some).
 */
const FIRST_RENDER_RECT = { width: 1400, height: MAX_GRID_HEIGHT };

/**
 * The region-to-datanode grid of one table, with its search and datanode filter. The table
 * model (TanStack Table: region-grid-columns.tsx) sorts and filters the regions; the grid is a
 * table (column and row headers, aria-rowcount and aria-rowindex, so assistive technology
 * knows its full size) virtualized on rows and on datanode columns (TanStack Virtual), so
 * 100,000 regions over 200 datanodes render only what is in view. Rows are focusable with a
 * roving tabindex: Tab enters the grid once, arrow keys (and Page Up/Down, Home, End) move
 * between regions, including ones not rendered yet, and Enter opens the migrate dialog. The
 * focused row is always rendered, so focus survives scrolling and returns to it when the
 * dialog closes. When the datanode columns do not fit, a pinned "Leader on" column names each
 * region's leader, and focusing a row scrolls its leader's column into view.
 */
export function RegionGrid({
  tableId,
  model,
  query,
  onQueryChange,
  sizes,
  regionStates,
  onOpenRegion,
  highlightedRegionId = null,
  returnFocusTo = null,
}: RegionGridProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const rowElements = useRef(new Map<string, HTMLTableRowElement>());
  const focusRequest = useRef<string | null>(null);
  const hintId = useId();
  const { datanodes } = model;
  const hasSizes = sizes !== undefined;

  // Typing stays responsive at 100k regions: filtering and sorting follow a beat behind.
  const deferredQuery = useDeferredValue(query);
  // The region columns without "Leader on": whether the datanode columns fit beside them.
  const regionWidth = REGION_COLUMNS.reduce(
    (sum, c) =>
      c.id === 'leaderOn' || (!hasSizes && (c.id === 'size' || c.id === 'rows'))
        ? sum
        : sum + (c.meta?.width ?? 0),
    0,
  );
  const isLeaderColumnShown = useIsWiderThanScroller(
    scrollerRef,
    regionWidth + datanodes.length * DATANODE_COLUMN_WIDTH,
  );
  const table = useRegionTable({
    model,
    sizes,
    states: regionStates,
    query: deferredQuery,
    isLeaderColumnShown,
  });
  const rows = table.getRowModel().rows;
  const fixedColumns = table.getVisibleLeafColumns();
  const fixedLefts = useMemo(() => {
    let left = 0;
    return fixedColumns.map((c) => {
      const at = left;
      left += c.columnDef.meta?.width ?? 0;
      return at;
    });
  }, [fixedColumns]);
  const fixedWidth = fixedColumns.reduce((sum, c) => sum + (c.columnDef.meta?.width ?? 0), 0);
  const addressLabels = useMemo(
    () => datanodeAddressLabels(datanodes.map((d) => d.addr)),
    [datanodes],
  );
  const datanodeIndexById = useMemo(
    () => new Map(datanodes.map((d, i) => [d.peerId, i])),
    [datanodes],
  );

  const [activeRegionId, setActiveRegionId] = useState<string | null>(highlightedRegionId);
  // Position in display order of a region (the active or the highlighted one), or -1.
  const positionOf = useCallback(
    (regionId: string | null) =>
      regionId === null ? -1 : rows.findIndex((row) => row.id === regionId),
    [rows],
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
    count: rows.length,
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
    // The region columns stick to the left edge: a datanode column is in view only right of
    // them.
    paddingStart: fixedWidth,
    scrollPaddingStart: fixedWidth,
    initialRect: FIRST_RENDER_RECT,
    ...WITHOUT_FORCED_LAYOUT,
  });
  const virtualRows = rowVirtualizer.getVirtualItems();
  const virtualColumns = columnVirtualizer.getVirtualItems();
  const totalWidth = fixedWidth + datanodes.length * DATANODE_COLUMN_WIDTH;
  const bodyHeight = rows.length * ROW_HEIGHT;
  const gridHeight = Math.min(HEADER_HEIGHT + bodyHeight + FOOTER_HEIGHT + 2, MAX_GRID_HEIGHT);
  const colCount = fixedColumns.length + datanodes.length;
  /** The datanode columns in view (header and footer), each a positioned cell. */
  const datanodeCells = (
    Cell: 'th' | 'td',
    content: (datanode: DatanodeColumn, index: number) => ReactNode,
  ): ReactNode[] =>
    virtualColumns.map((column) => {
      const datanode = datanodes[column.index];
      if (datanode === undefined) return null;
      return (
        <Cell
          key={column.key}
          scope={Cell === 'th' ? 'col' : undefined}
          aria-colindex={fixedColumns.length + column.index + 1}
          className={classes.datanodeCell}
          data-datanode={datanode.peerId}
          style={{ left: column.start, width: column.size }}
        >
          {content(datanode, column.index)}
        </Cell>
      );
    });
  const columnsInView = useMemo(
    () => new Map(virtualColumns.map((column) => [column.index, column])),
    [virtualColumns],
  );
  const registerRow = useCallback((element: HTMLTableRowElement) => {
    const regionId = element.dataset.regionId;
    if (regionId === undefined) return undefined;
    rowElements.current.set(regionId, element);
    return () => {
      if (rowElements.current.get(regionId) === element) rowElements.current.delete(regionId);
    };
  }, []);

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
    const regionId = rows[position]?.id;
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

  /** A focused (or clicked) row's leader column is scrolled into view when it is not. */
  const revealLeader = (leaderPeerId: string | null) => {
    const index = leaderPeerId === null ? undefined : datanodeIndexById.get(leaderPeerId);
    if (isLeaderColumnShown && index !== undefined) columnVirtualizer.scrollToIndex(index);
  };

  const handleRowKeyDown = (event: KeyboardEvent, position: number) => {
    const step = KEY_STEPS[event.key];
    if (step !== undefined) {
      event.preventDefault();
      const page = Math.max(
        1,
        Math.floor((gridHeight - HEADER_HEIGHT - FOOTER_HEIGHT) / ROW_HEIGHT),
      );
      moveFocus(step(position, rows.length, page));
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const regionId = rows[position]?.id;
      if (regionId !== undefined) onOpenRegion(regionId);
    }
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  return (
    <>
      <RegionGridToolbar
        datanodes={datanodes}
        query={query}
        searchDescription="Region id, the start of one, or a region number"
        shown={rows.length}
        total={model.rows.length}
        onChange={onQueryChange}
      />
      {rows.length === 0 ? (
        <Text size="sm" role="status">
          No region of table {tableId} matches the search and datanode filter.
        </Text>
      ) : (
        <div>
          {/* Plain markup, not Mantine's Text: this re-renders with every scroll frame. */}
          <p id={hintId} className={classes.hint}>
            Click a region row, or focus it and press Enter, to migrate it. Arrow keys move between
            rows.
          </p>
          <div ref={scrollerRef} className={classes.scroller} style={{ height: gridHeight }}>
            <table
              className={classes.table}
              aria-label={`Regions of table ${tableId} by datanode`}
              aria-describedby={hintId}
              aria-rowcount={rows.length + 2}
              aria-colcount={colCount}
              style={
                {
                  width: totalWidth,
                  '--grid-fixed-width': `${String(fixedWidth)}px`,
                  '--grid-column-width': `${String(DATANODE_COLUMN_WIDTH)}px`,
                } as CSSProperties
              }
            >
              <thead className={classes.head}>
                <tr aria-rowindex={1} className={classes.headRow} style={{ height: HEADER_HEIGHT }}>
                  {headers.map((header, index) => (
                    <RegionColumnHeader
                      key={header.id}
                      header={header}
                      index={index}
                      left={fixedLefts[index] ?? 0}
                      isEdge={index === fixedColumns.length - 1}
                      shownQuery={deferredQuery}
                      onSort={(key) => {
                        onQueryChange(sortBy(query, key));
                      }}
                    >
                      <table.FlexRender header={header} />
                    </RegionColumnHeader>
                  ))}
                  {datanodeCells('th', (datanode, index) => (
                    <DatanodeHeader
                      datanode={datanode}
                      addressLabel={addressLabels[index] ?? datanode.addr}
                    />
                  ))}
                </tr>
              </thead>
              <tbody
                className={classes.body}
                style={{ height: bodyHeight }}
                // One handler per event for all rows: the rows themselves are memoized and
                // re-render only when what they show changes, not on every scroll frame.
                onClick={(event) => {
                  const regionId = regionRowOf(event)?.dataset.regionId;
                  if (regionId === undefined) return;
                  setActiveRegionId(regionId);
                  onOpenRegion(regionId);
                }}
                onFocus={(event) => {
                  const element = regionRowOf(event);
                  const regionId = element?.dataset.regionId;
                  if (element === null || regionId === undefined) return;
                  setActiveRegionId(regionId);
                  // Focus on the row itself, not on something inside it.
                  const target: EventTarget = event.target;
                  if (target === element) revealLeader(element.dataset.leaderPeerId ?? null);
                }}
                onKeyDown={(event) => {
                  const element = regionRowOf(event);
                  if (element !== null) handleRowKeyDown(event, positionOfRow(element));
                }}
              >
                {virtualRows.map((virtualRow) => {
                  const row = rows[virtualRow.index];
                  if (row === undefined) return null;
                  const position = virtualRow.index;
                  return (
                    <RegionGridBodyRow
                      key={row.id}
                      table={table}
                      row={row}
                      position={position}
                      isTabStop={position === tabStopPosition}
                      isHighlighted={row.id === highlightedRegionId}
                      fixedColumns={fixedColumns}
                      fixedLefts={fixedLefts}
                      columnsInView={columnsInView}
                      datanodeIndexById={datanodeIndexById}
                      registerRow={registerRow}
                    />
                  );
                })}
              </tbody>
              <tfoot className={classes.foot}>
                <tr
                  aria-rowindex={rows.length + 2}
                  className={classes.footRow}
                  style={{ height: FOOTER_HEIGHT }}
                >
                  <th
                    scope="row"
                    aria-colindex={1}
                    colSpan={fixedColumns.length}
                    className={classes.fixedCell}
                    data-edge
                    style={{ left: 0, width: fixedWidth }}
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
      )}
    </>
  );
}

/** The region row an event inside the grid's body happened in, if any. */
function regionRowOf(event: SyntheticEvent): HTMLTableRowElement | null {
  return event.target instanceof Element
    ? event.target.closest<HTMLTableRowElement>('tr[data-region-id]')
    : null;
}

/** A row's position in display order, from its aria-rowindex (1 is the header row). */
function positionOfRow(element: HTMLTableRowElement): number {
  return Number(element.getAttribute('aria-rowindex')) - 2;
}

interface RegionGridBodyRowProps {
  table: RegionTable;
  row: Row<typeof regionGridFeatures, RegionGridRow>;
  position: number;
  isTabStop: boolean;
  isHighlighted: boolean;
  /** The table's visible region columns, read once per grid render. */
  fixedColumns: readonly Column<typeof regionGridFeatures, RegionGridRow>[];
  fixedLefts: readonly number[];
  columnsInView: ReadonlyMap<number, VirtualItem>;
  datanodeIndexById: ReadonlyMap<string, number>;
  registerRow: (element: HTMLTableRowElement) => (() => void) | undefined;
}

/**
 * One region's row. Memoized: a scroll frame renders only the rows coming into view, and a
 * row has a cell only where the region has a replica in view. Rows of empty cells (one per
 * datanode in view, 35 a row where one or two hold a mark) made most of each scroll frame's
 * style, layout and paint; the column lines are the row's background, and every cell keeps
 * its aria-colindex.
 */
const RegionGridBodyRow = memo(function RegionGridBodyRow({
  table,
  row,
  position,
  isTabStop,
  isHighlighted,
  fixedColumns,
  fixedLefts,
  columnsInView,
  datanodeIndexById,
  registerRow,
}: RegionGridBodyRowProps) {
  const region = row.original.region;
  // Not row.getVisibleCells(): it asks every cell's column whether it is visible, which reads
  // the table's visibility state each time (~1.5 ms a row, ~60 ms of every grid paint).
  const cellsById = row.getAllCellsByColumnId();
  const cells = fixedColumns.flatMap((column) => cellsById[column.id] ?? []);
  const lastFixed = cells.length - 1;
  return (
    <tr
      ref={registerRow}
      aria-rowindex={position + 2}
      className={classes.row}
      style={{ top: position * ROW_HEIGHT, height: ROW_HEIGHT }}
      tabIndex={isTabStop ? 0 : -1}
      data-region-id={row.id}
      data-leader-peer-id={region.leaderPeerId ?? undefined}
      data-highlighted={isHighlighted || undefined}
      aria-current={isHighlighted ? 'true' : undefined}
      data-downgraded={region.leaderStatus === 'Downgraded' || undefined}
      data-staging={region.leaderStatus === 'Staging' || undefined}
    >
      {cells.map((cell, index) => {
        const props = {
          'aria-colindex': index + 1,
          className: classes.fixedCell,
          'data-column': cell.column.id,
          'data-edge': index === lastFixed || undefined,
          style: { left: fixedLefts[index] ?? 0, width: cell.column.columnDef.meta?.width },
        };
        return cell.column.id === 'regionId' ? (
          <th key={cell.id} scope="row" {...props}>
            <table.FlexRender cell={cell} />
          </th>
        ) : (
          <td key={cell.id} {...props}>
            <table.FlexRender cell={cell} />
          </td>
        );
      })}
      {replicaPeerIds(region).map((peerId) => {
        const index = datanodeIndexById.get(peerId);
        const column = index === undefined ? undefined : columnsInView.get(index);
        if (column === undefined) return null;
        return (
          <td
            key={peerId}
            aria-colindex={cells.length + column.index + 1}
            className={classes.datanodeCell}
            data-datanode={peerId}
            style={{ left: column.start, width: column.size }}
          >
            <ReplicaMark row={region} peerId={peerId} />
          </td>
        );
      })}
    </tr>
  );
});

/** The datanodes holding a replica of the region: its leader first, then its followers. */
function replicaPeerIds(region: RegionRow): readonly string[] {
  return region.leaderPeerId === null
    ? region.followerPeerIds
    : [region.leaderPeerId, ...region.followerPeerIds];
}

/**
 * Whether content `width` pixels wide overflows the scroller sideways. Until the scroller is
 * measured, its width is assumed (FIRST_RENDER_RECT), so the first render already decides.
 */
function useIsWiderThanScroller(
  scrollerRef: React.RefObject<HTMLDivElement | null>,
  width: number,
): boolean {
  const [scrollerWidth, setScrollerWidth] = useState(FIRST_RENDER_RECT.width);
  useEffect(() => {
    const element = scrollerRef.current;
    if (element === null) return undefined;
    const observer = new ResizeObserver(() => {
      setScrollerWidth(element.clientWidth);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [scrollerRef]);
  return width > scrollerWidth;
}

function RegionColumnHeader({
  header,
  index,
  left,
  isEdge,
  shownQuery,
  onSort,
  children,
}: {
  header: Header<typeof regionGridFeatures, RegionGridRow>;
  index: number;
  left: number;
  isEdge: boolean;
  /** The query the rows show; rows already in region-id order leave the table unsorted. */
  shownQuery: RegionListQuery;
  onSort: (key: RegionSortKey) => void;
  children: ReactNode;
}) {
  const { column } = header;
  const sortKey = column.columnDef.meta?.sortKey ?? null;
  const state = sortKey === null ? undefined : sortDirectionOf(shownQuery, sortKey);
  return (
    <th
      scope="col"
      aria-colindex={index + 1}
      aria-sort={sortKey === null ? undefined : state}
      className={classes.fixedCell}
      data-column={column.id}
      data-edge={isEdge || undefined}
      style={{ left, width: column.columnDef.meta?.width }}
    >
      {sortKey === null ? (
        children
      ) : (
        <button
          type="button"
          className={classes.sortButton}
          onClick={() => {
            onSort(sortKey);
          }}
        >
          {children}
          <span aria-hidden>
            {state === 'ascending' ? ' ↑' : state === 'descending' ? ' ↓' : ''}
          </span>
        </button>
      )}
    </th>
  );
}
