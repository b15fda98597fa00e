import {
  useId,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { flushSync } from 'react-dom';
import { Button, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { Weighting } from '../../preferences/weighting';
import {
  formatWeight,
  formatWeightWithUnit,
  regionOnDatanode,
  type DistributionModel,
  type DistributionWeighting,
} from './distribution-model';
import classes from './heatmap.module.css';

/** What a cell can weigh: the model sums regions and bytes per table and datanode. */
type HeatWeighting = Extract<Weighting, 'count' | 'bytes'>;

interface HeatmapProps {
  model: DistributionModel;
  /** The view's weighting; rows fall back to regions, and the heatmap says so. */
  weighting: DistributionWeighting;
  /** Table names by id where they are known; ids stand in for the rest. */
  tableNames: ReadonlyMap<number, string>;
  /** Opens a table, with a region of the clicked cell's datanode highlighted (null: none). */
  onOpenTable: (tableId: number, regionId: string | null) => void;
}

const ROW_HEIGHT = 18;
/** With few datanodes the columns widen, so a peer id reads across. */
const WIDE_CELL_WIDTH = 44;
const NARROW_CELL_WIDTH = 16;
const WIDE_UP_TO_DATANODES = 24;
const CHAR_PX = 7;
/** Past the last row and column, so that a focused cell's ring is not cut off at the edge. */
const FOCUS_RING_ROOM = 4;
/** With more tables than fit, the box scrolls. */
const MAX_HEIGHT = 320;
/** The lightest non-empty cell is still visible; the largest is the full colour. */
const MIN_ALPHA = 0.15;

function alphaOf(value: number, max: number): number {
  return MIN_ALPHA + (1 - MIN_ALPHA) * (value / max);
}

function tableLabel(tableNames: ReadonlyMap<number, string>, tableId: number): string {
  return tableNames.get(tableId) ?? `table ${String(tableId)}`;
}

/**
 * Tables × datanodes, cell colour = that table's regions (or bytes) on that datanode relative
 * to the largest cell, with a colour scale under it and every column named by its peer id.
 * Virtualized both ways (2,000 tables × 200 datanodes is 400k cells). Hovering a cell shows its
 * tooltip; clicking it opens the table with a region of that datanode highlighted; the table's
 * label opens the table. The keyboard reaches every cell (an ARIA grid, one tab stop), and
 * Enter opens what a click opens. "Show as table" lists the same figures per table.
 */
export function Heatmap({
  model,
  weighting: viewWeighting,
  tableNames,
  onOpenTable,
}: HeatmapProps) {
  const weighting: HeatWeighting = viewWeighting === 'bytes' ? 'bytes' : 'count';
  const cells = weighting === 'count' ? model.heatCount : model.heatBytes;
  let max = 0;
  for (const row of cells) for (const v of row) if (v > max) max = v;
  const peerIdChars = Math.max(1, ...model.datanodes.map((d) => d.peerId.length));
  const cellWidth =
    model.datanodes.length <= WIDE_UP_TO_DATANODES ? WIDE_CELL_WIDTH : NARROW_CELL_WIDTH;
  // Peer ids that do not fit across a column stand upright.
  const isUpright = peerIdChars * CHAR_PX + 6 > cellWidth;
  const headerHeight = isUpright ? peerIdChars * CHAR_PX + 10 : 22;
  const longestName = Math.max(0, ...model.tableIds.map((id) => tableLabel(tableNames, id).length));
  const labelWidth = Math.min(240, Math.max(90, longestName * CHAR_PX + 12));
  const layout = { cellWidth, headerHeight, labelWidth, isUpright };
  const handleOpenCell = (tableId: number, datanodeIndex: number) => {
    onOpenTable(tableId, regionOnDatanode(model, tableId, datanodeIndex));
  };

  return (
    <Stack gap="xs">
      {viewWeighting !== weighting && (
        <Text size="xs" c="dimmed" data-testid="heatmap-weighting-fallback">
          The heatmap weighs regions or bytes only: with rows chosen above, its cells show regions.
        </Text>
      )}
      {/* Remounted when the layout changes: the virtualizers keep measured sizes otherwise. */}
      <HeatmapGrid
        key={`${String(cellWidth)}-${String(headerHeight)}-${String(labelWidth)}`}
        model={model}
        cells={cells}
        max={Math.max(1, max)}
        weighting={weighting}
        tableNames={tableNames}
        layout={layout}
        onOpenCell={handleOpenCell}
        onOpenTable={(tableId) => {
          onOpenTable(tableId, null);
        }}
      />
      <HeatLegend max={max} weighting={weighting} />
      <HeatTable
        model={model}
        cells={cells}
        weighting={weighting}
        tableNames={tableNames}
        onOpenTable={(tableId) => {
          onOpenTable(tableId, null);
        }}
      />
    </Stack>
  );
}

interface HeatmapGridProps {
  model: DistributionModel;
  cells: readonly (Uint32Array | Float64Array)[];
  max: number;
  weighting: HeatWeighting;
  tableNames: ReadonlyMap<number, string>;
  layout: { cellWidth: number; headerHeight: number; labelWidth: number; isUpright: boolean };
  onOpenCell: (tableId: number, datanodeIndex: number) => void;
  onOpenTable: (tableId: number) => void;
}

/** A position in the grid: `column` -1 is the table's name, 0… a datanode. */
interface GridPosition {
  row: number;
  column: number;
}

/** The virtual range, plus one index that must stay rendered (the focusable cell). */
function keepIndex(range: Range, index: number): number[] {
  const indexes = defaultRangeExtractor(range);
  if (index < 0 || index >= range.count || indexes.includes(index)) return indexes;
  return [...indexes, index].sort((a, b) => a - b);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * The grid, one tab stop (ARIA's roving tabindex): the arrow keys move between cells, Home
 * and End to the row's table name and last datanode (with Ctrl, the grid's first and last
 * cell), Page Up and Page Down by a screenful; Enter on a cell opens what a click opens. Only
 * cells with regions are drawn, plus the focusable one wherever it is, so an empty cell can be
 * passed through and is named "no regions".
 */
function HeatmapGrid({
  model,
  cells,
  max,
  weighting,
  tableNames,
  layout,
  onOpenCell,
  onOpenTable,
}: HeatmapGridProps) {
  const { cellWidth, headerHeight, labelWidth, isUpright } = layout;
  const scrollerRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const rowCount = model.tableIds.length;
  const columnCount = model.datanodes.length;
  const [position, setPosition] = useState<GridPosition>({ row: 0, column: 0 });
  const [isFocused, setIsFocused] = useState(false);
  // Tables or datanodes may have gone since the position was set.
  const active = {
    row: clamp(position.row, 0, Math.max(0, rowCount - 1)),
    column: clamp(position.column, -1, columnCount - 1),
  };
  // Virtualizer instances are not memoizable; this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    paddingStart: headerHeight,
    paddingEnd: FOCUS_RING_ROOM,
    rangeExtractor: (range) => keepIndex(range, active.row),
  });
  const columns = useVirtualizer({
    horizontal: true,
    count: columnCount,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => cellWidth,
    overscan: 4,
    paddingStart: labelWidth,
    rangeExtractor: (range) => keepIndex(range, active.column),
  });
  const width = labelWidth + columnCount * cellWidth + FOCUS_RING_ROOM;
  const pageRows = Math.max(1, Math.floor((MAX_HEIGHT - headerHeight) / ROW_HEIGHT) - 1);
  const valueAt = (row: number, column: number) => cells[row]?.[column] ?? 0;
  const tableIdAt = (row: number) => model.tableIds[row] ?? 0;

  // One handler for every cell and row label: the table id (and datanode) ride on the element.
  const handleClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    const tableId = target.dataset.tableId;
    if (tableId === undefined || target.dataset.empty !== undefined) return;
    const datanodeIndex = target.dataset.datanodeIndex;
    if (datanodeIndex === undefined) onOpenTable(Number(tableId));
    else onOpenCell(Number(tableId), Number(datanodeIndex));
  };

  /** The focused element's place, from its own attributes (the state may lag a click). */
  const positionOf = (element: EventTarget): GridPosition | null => {
    if (!(element instanceof HTMLElement)) return null;
    const { row, column } = element.dataset;
    return row === undefined || column === undefined
      ? null
      : { row: Number(row), column: Number(column) };
  };

  const moveTo = (next: GridPosition) => {
    const to = {
      row: clamp(next.row, 0, rowCount - 1),
      column: clamp(next.column, -1, columnCount - 1),
    };
    // Rendered now (rangeExtractor keeps it), then focused: the browser scrolls it into view,
    // clear of the sticky header and names (the scroller's scroll-padding).
    flushSync(() => {
      setPosition(to);
    });
    gridRef.current
      ?.querySelector<HTMLElement>(
        `[data-row="${String(to.row)}"][data-column="${String(to.column)}"]`,
      )
      ?.focus();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = positionOf(event.target);
    if (at === null) return;
    const isCell = at.column >= 0;
    const lastRow = rowCount - 1;
    const lastColumn = columnCount - 1;
    let next: GridPosition;
    switch (event.key) {
      case 'ArrowRight':
        next = { row: at.row, column: at.column + 1 };
        break;
      case 'ArrowLeft':
        next = { row: at.row, column: at.column - 1 };
        break;
      case 'ArrowDown':
        next = { row: at.row + 1, column: at.column };
        break;
      case 'ArrowUp':
        next = { row: at.row - 1, column: at.column };
        break;
      case 'PageDown':
        next = { row: at.row + pageRows, column: at.column };
        break;
      case 'PageUp':
        next = { row: at.row - pageRows, column: at.column };
        break;
      case 'Home':
        next = { row: event.ctrlKey ? 0 : at.row, column: -1 };
        break;
      case 'End':
        next = { row: event.ctrlKey ? lastRow : at.row, column: lastColumn };
        break;
      case 'Enter':
      case ' ':
        // The table's name is a button: it clicks itself.
        if (!isCell) return;
        event.preventDefault();
        if (valueAt(at.row, at.column) > 0) onOpenCell(tableIdAt(at.row), at.column);
        return;
      default:
        return;
    }
    event.preventDefault();
    moveTo(next);
  };

  const describe = (row: number, column: number) => {
    const tableId = tableIdAt(row);
    const name = tableLabel(tableNames, tableId);
    if (column < 0) return `${name}: Enter opens the table.`;
    const value = valueAt(row, column);
    const peerId = model.datanodes[column]?.peerId ?? '';
    return value === 0
      ? `${name} on datanode ${peerId}: no ${weighting === 'count' ? 'regions' : 'bytes'}.`
      : `${name} on datanode ${peerId}: ${formatWeightWithUnit(value, weighting)}. Enter opens the table at this datanode’s region.`;
  };

  return (
    <Stack gap={4}>
      <div
        ref={scrollerRef}
        className={classes.scroller}
        onClick={handleClick}
        role="region"
        aria-label={`Heatmap of ${weighting === 'count' ? 'regions' : 'bytes'} per table and datanode`}
        // A few tables need a few rows, not the whole box (the total includes the header row;
        // 2 px of border, 16 px for a horizontal scrollbar). Scroll padding keeps a focused cell
        // clear of the sticky header row and table names.
        style={{
          height: Math.min(MAX_HEIGHT, rows.getTotalSize() + 2 + 16),
          scrollPaddingTop: headerHeight + FOCUS_RING_ROOM,
          scrollPaddingLeft: labelWidth + FOCUS_RING_ROOM,
          scrollPaddingRight: FOCUS_RING_ROOM,
          scrollPaddingBottom: FOCUS_RING_ROOM,
        }}
      >
        <div
          ref={gridRef}
          role="grid"
          aria-label={`${weighting === 'count' ? 'Regions' : 'Bytes'} of each table on each datanode`}
          aria-rowcount={rowCount + 1}
          aria-colcount={columnCount + 1}
          onKeyDown={handleKeyDown}
          onFocus={(event) => {
            setIsFocused(true);
            const at = positionOf(event.target);
            // A click focuses a cell too: the keys go on from there.
            if (at !== null && (at.row !== active.row || at.column !== active.column))
              setPosition(at);
          }}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) setIsFocused(false);
          }}
          style={{ position: 'relative', width, height: rows.getTotalSize() }}
        >
          <div
            role="row"
            aria-rowindex={1}
            className={classes.colHeader}
            style={{ width, height: headerHeight }}
          >
            <span
              role="columnheader"
              aria-colindex={1}
              className={classes.corner}
              style={{ width: labelWidth, height: headerHeight }}
            >
              table \ datanode
            </span>
            {columns.getVirtualItems().map((c) => {
              const datanode = model.datanodes[c.index];
              return (
                <span
                  key={c.key}
                  role="columnheader"
                  aria-colindex={c.index + 2}
                  aria-label={`datanode ${datanode?.peerId ?? ''}`}
                  className={classes.colLabel}
                  data-upright={isUpright || undefined}
                  data-datanode-column={datanode?.peerId}
                  style={{ left: c.start, width: c.size, height: headerHeight }}
                  title={`datanode ${datanode?.peerId ?? ''} (${datanode?.addr ?? ''})`}
                >
                  {datanode?.peerId}
                </span>
              );
            })}
          </div>
          {rows.getVirtualItems().map((r) => {
            const tableId = tableIdAt(r.index);
            const label = tableLabel(tableNames, tableId);
            const isActiveRow = r.index === active.row;
            return (
              <div
                key={r.key}
                role="row"
                aria-rowindex={r.index + 2}
                className={classes.row}
                style={{ top: r.start, height: r.size, width }}
              >
                <div
                  role="rowheader"
                  aria-colindex={1}
                  className={classes.rowHeader}
                  style={{ width: labelWidth, height: r.size }}
                >
                  <button
                    type="button"
                    className={classes.rowHeaderButton}
                    tabIndex={isActiveRow && active.column === -1 ? 0 : -1}
                    aria-label={`Open table ${tableNames.has(tableId) ? `${label} (${String(tableId)})` : String(tableId)}`}
                    title={tableNames.has(tableId) ? `${label} (table ${String(tableId)})` : label}
                    data-table-id={tableId}
                    data-row={r.index}
                    data-column={-1}
                  >
                    {label}
                  </button>
                </div>
                {columns.getVirtualItems().map((c) => {
                  const value = valueAt(r.index, c.index);
                  const isActive = isActiveRow && c.index === active.column;
                  // Empty cells are drawn only where the keyboard is.
                  if (value === 0 && !isActive) return null;
                  const d = model.datanodes[c.index];
                  return (
                    <div
                      key={c.key}
                      role="gridcell"
                      aria-colindex={c.index + 2}
                      tabIndex={isActive ? 0 : -1}
                      aria-label={`${label} on datanode ${d?.peerId ?? ''}: ${value === 0 ? `no ${weighting === 'count' ? 'regions' : 'bytes'}` : formatWeightWithUnit(value, weighting)}`}
                      className={classes.cell}
                      data-table-id={tableId}
                      data-datanode-index={c.index}
                      data-datanode={d?.peerId}
                      data-empty={value === 0 || undefined}
                      data-row={r.index}
                      data-column={c.index}
                      title={
                        value === 0
                          ? undefined
                          : `${label} on datanode ${d?.peerId ?? ''}: ${formatWeightWithUnit(value, weighting)}. Click to open the table at this datanode's region.`
                      }
                      style={heatStyle(
                        c.start + 1,
                        c.size - 2,
                        value === 0 ? 0 : alphaOf(value, max),
                      )}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {/* What the focused cell holds, for sighted keyboard users; the keys otherwise. */}
      <Text size="xs" c="dimmed" data-testid="heatmap-keyboard-hint">
        {isFocused
          ? describe(active.row, active.column)
          : 'Keyboard: Tab into the heatmap; arrow keys move between cells, Home and End along a row, Page Up and Page Down by a screenful; Enter opens the table.'}
      </Text>
    </Stack>
  );
}

/** A cell's place and colour: the colour's strength as a variable, so a focus ring stays opaque. */
function heatStyle(left: number, width: number, alpha: number): CSSProperties {
  // React types no custom properties; the variable is the module's own.
  return { left, width, '--heat-alpha': `${(alpha * 100).toFixed(1)}%` } as CSSProperties;
}

/** The colour scale: a blank cell is 0, the full colour the largest cell. */
function HeatLegend({ max, weighting }: { max: number; weighting: HeatWeighting }) {
  const lowest = weighting === 'count' ? Math.min(1, max) : 0;
  return (
    <div
      className={classes.legend}
      role="img"
      aria-label={`Colour scale: a blank cell is 0; the lightest colour ${formatWeightWithUnit(lowest, weighting)}, the full colour ${formatWeightWithUnit(max, weighting)} of a table on one datanode.`}
      data-testid="heatmap-legend"
    >
      <Text span size="xs">
        {weighting === 'count' ? 'Regions' : 'Bytes'} of a table on a datanode:
      </Text>
      <span className={classes.legendBlank} />
      <Text span size="xs">
        0
      </Text>
      <span className={classes.legendScale}>
        <span className={classes.legendGradient} />
        <span className={classes.legendTicks}>
          <Text span size="xs">
            {formatWeight(lowest, weighting)}
          </Text>
          <Text span size="xs">
            {formatWeightWithUnit(max, weighting)}
          </Text>
        </span>
      </span>
    </div>
  );
}

interface HeatTableProps {
  model: DistributionModel;
  cells: readonly (Uint32Array | Float64Array)[];
  weighting: HeatWeighting;
  tableNames: ReadonlyMap<number, string>;
  onOpenTable: (tableId: number) => void;
}

/** The heatmap as a table: per table, its total and what each datanode holds of it. */
function HeatTable({ model, cells, weighting, tableNames, onOpenTable }: HeatTableProps) {
  const [isShown, setIsShown] = useState(false);
  const tableId = useId();
  return (
    <div>
      <Button
        size="compact-xs"
        variant="subtle"
        aria-expanded={isShown}
        aria-controls={tableId}
        onClick={() => {
          setIsShown(!isShown);
        }}
      >
        {isShown ? 'Hide the heatmap table' : 'Show the heatmap as a table'}
      </Button>
      <div id={tableId}>
        {isShown && (
          <ScrollArea.Autosize mah={360} mt="xs">
            <Table
              striped
              withTableBorder
              fz="xs"
              verticalSpacing={4}
              aria-label={`${weighting === 'count' ? 'Regions' : 'Bytes'} per table and datanode`}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Table</Table.Th>
                  <Table.Th scope="col">{weighting === 'count' ? 'Regions' : 'Bytes'}</Table.Th>
                  <Table.Th scope="col">
                    Per datanode (peer id: {weighting === 'count' ? 'regions' : 'bytes'})
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {model.tableIds.map((id, index) => {
                  const row = cells[index] ?? [];
                  let total = 0;
                  const parts: string[] = [];
                  row.forEach((value, datanodeIndex) => {
                    if (value === 0) return;
                    total += value;
                    parts.push(
                      `${model.datanodes[datanodeIndex]?.peerId ?? ''}: ${formatWeight(value, weighting)}`,
                    );
                  });
                  return (
                    <Table.Tr key={id}>
                      <Table.Th scope="row">
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => {
                            onOpenTable(id);
                          }}
                        >
                          {tableNames.has(id)
                            ? `${tableLabel(tableNames, id)} (${String(id)})`
                            : String(id)}
                        </Button>
                      </Table.Th>
                      <Table.Td>{formatWeight(total, weighting)}</Table.Td>
                      <Table.Td>{parts.join(' · ')}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </div>
    </div>
  );
}
