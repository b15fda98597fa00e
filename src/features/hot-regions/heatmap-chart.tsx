/**
 * The time × region heatmap, TiDB Key Visualizer's view of the cluster: time runs left to
 * right, the compressed key axis (regions by table) top to bottom, colour is the load rate.
 * Up to 1,536 × 720 cells, so it is drawn on a canvas: one pixel per cell into an image, then
 * scaled to the plot. Hovering names the cell (table, regions, time, value); clicking opens the
 * row's table at its first region. The canvas is an image to assistive technology: its text
 * equivalent is the table of the hottest cells under it.
 *
 * The keyboard reaches every cell through an ARIA grid over the canvas that holds one element,
 * the focused cell (a roving focus over up to 1,536 × 720 cells): it starts on the hottest
 * cell, arrow keys move it, Page Up and Page Down jump between tables, Enter opens what a click
 * opens, and the hover's tooltip names it.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { composeRegionId } from '../../../contract/region-id';
import type { HotRegionsHeatmap } from '../../api/hot-regions-api';
import {
  LEGEND_GRADIENT,
  colourAt,
  columnAtSlot,
  fromUnit,
  hottestCells,
  maxCell,
  placeLabels,
  rowRegions,
  tableGroups,
  tableLabel,
  timeAxis,
  toUnit,
  type TimeAxis,
} from './heatmap-model';
import { RATE_TITLES, RATE_UNITS, formatClockTime, formatRate } from './hot-regions-model';
import classes from './hot-regions.module.css';

/** Rows get a few pixels each while they fit, and the plot never outgrows a screen. */
const PX_PER_ROW = 6;
const MIN_PLOT_HEIGHT = 160;
const MAX_PLOT_HEIGHT = 420;
const LABEL_HEIGHT = 14;
const TOOLTIP_WIDTH = 320;
const TIME_TICKS = [0, 0.25, 0.5, 0.75, 1];
const LEGEND_TICKS = [0, 0.25, 0.5, 0.75, 1];
export const HOTTEST_CELLS_LISTED = 10;
/** A cell can be a fraction of a pixel: its focus ring is drawn around at least this box. */
const MIN_FOCUS_BOX_PX = 8;

function drawHeatmap(
  canvas: HTMLCanvasElement,
  heatmap: HotRegionsHeatmap,
  axis: TimeAxis,
  max: number,
  width: number,
  height: number,
): void {
  const rowCount = heatmap.rowStarts.length;
  if (rowCount === 0 || width === 0 || height === 0) return;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const ratio = window.devicePixelRatio;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);

  const columnCount = heatmap.columnStartsMs.length;
  const image = new ImageData(axis.slotCount, rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    for (let column = 0; column < columnCount; column += 1) {
      const value = heatmap.cells[row * columnCount + column] ?? Number.NaN;
      // No known rate: left transparent, the plot's background (the legend's grey) shows.
      if (Number.isNaN(value)) continue;
      const [r, g, b] = colourAt(toUnit(value, max));
      const at = (row * axis.slotCount + (axis.columnSlots[column] ?? 0)) * 4;
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = 255;
    }
  }
  const source = document.createElement('canvas');
  source.width = axis.slotCount;
  source.height = rowCount;
  source.getContext('2d')?.putImageData(image, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  // Enlarged cells keep hard edges; more rows than pixels are averaged, so a single hot row
  // still tints its pixel rather than vanishing between sampled ones.
  const isShrinking = rowCount > canvas.height || axis.slotCount > canvas.width;
  context.imageSmoothingEnabled = isShrinking;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
}

interface HoveredCell {
  row: number;
  column: number;
  x: number;
  y: number;
}

/**
 * The keyboard's cell: a row, and a column by its start time, so that a refresh that drops the
 * oldest column leaves it on the same time.
 */
interface FocusedCell {
  row: number;
  columnStartMs: number;
}

interface HeatmapChartProps {
  heatmap: HotRegionsHeatmap;
  onOpenRegion: (tableId: number, regionId: string) => void;
}

export function HeatmapChart({ heatmap, onOpenRegion }: HeatmapChartProps) {
  const axis = useMemo(() => timeAxis(heatmap), [heatmap]);
  const max = useMemo(() => maxCell(heatmap.cells), [heatmap.cells]);
  const groups = useMemo(() => tableGroups(heatmap.rowStarts), [heatmap.rowStarts]);
  const columnCount = heatmap.columnStartsMs.length;
  const hottest = useMemo(
    () => hottestCells(heatmap.cells, columnCount, HOTTEST_CELLS_LISTED),
    [heatmap.cells, columnCount],
  );
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { ref: plotRef, width } = useElementSize<HTMLDivElement>();
  const [hovered, setHovered] = useState<HoveredCell | null>(null);
  const [focused, setFocused] = useState<FocusedCell | null>(null);
  const [isKeyboardFocused, setIsKeyboardFocused] = useState(false);
  const rowCount = heatmap.rowStarts.length;
  const height = Math.min(MAX_PLOT_HEIGHT, Math.max(MIN_PLOT_HEIGHT, rowCount * PX_PER_ROW));
  const rowHeight = rowCount === 0 ? 0 : height / rowCount;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas !== null && axis !== null) drawHeatmap(canvas, heatmap, axis, max, width, height);
  }, [heatmap, axis, max, width, height]);

  if (axis === null || rowCount === 0) {
    return (
      <Text size="sm" data-testid="heatmap-empty">
        No column yet: the heatmap fills in as samples arrive, one column per{' '}
        {Math.round(heatmap.columnWidthMs / 1000)} s.
      </Text>
    );
  }

  const metric = heatmap.metric;
  const cellAt = (row: number, column: number) =>
    column < 0 ? Number.NaN : (heatmap.cells[row * columnCount + column] ?? Number.NaN);
  const regionOfRow = (row: number) => {
    const start = heatmap.rowStarts[row];
    return start === undefined
      ? null
      : { tableId: start.tableId, regionId: composeRegionId(start.tableId, start.regionNumber) };
  };

  const locate = (event: MouseEvent<HTMLCanvasElement>): HoveredCell | null => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return null;
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const row = Math.min(rowCount - 1, Math.max(0, Math.floor((y / box.height) * rowCount)));
    const slot = Math.min(
      axis.slotCount - 1,
      Math.max(0, Math.floor((x / box.width) * axis.slotCount)),
    );
    return { row, column: columnAtSlot(axis, slot), x, y };
  };

  const handleClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const cell = locate(event);
    const region = cell === null ? null : regionOfRow(cell.row);
    if (region !== null) onOpenRegion(region.tableId, region.regionId);
  };

  const labels = placeLabels(groups, rowHeight, LABEL_HEIGHT);

  // The keyboard's cell: where the user left it, else the hottest cell, else the newest column.
  const hottestCell = hottest[0];
  const startingCell = {
    row: hottestCell?.row ?? 0,
    column: hottestCell?.column ?? columnCount - 1,
  };
  const focusedColumn =
    focused === null ? -1 : heatmap.columnStartsMs.indexOf(focused.columnStartMs);
  const keyCell =
    focused === null
      ? startingCell
      : {
          row: Math.min(rowCount - 1, focused.row),
          column: focusedColumn === -1 ? columnCount - 1 : focusedColumn,
        };
  const slotWidth = width / axis.slotCount;
  const keyBox = {
    left: (axis.columnSlots[keyCell.column] ?? 0) * slotWidth,
    top: keyCell.row * rowHeight,
    width: slotWidth,
    height: rowHeight,
  };
  // Sub-pixel cells get a ring of a size one can see, centred on them.
  const ringWidth = Math.max(MIN_FOCUS_BOX_PX, keyBox.width);
  const ringHeight = Math.max(MIN_FOCUS_BOX_PX, keyBox.height);
  const ring = {
    left: keyBox.left - (ringWidth - keyBox.width) / 2,
    top: keyBox.top - (ringHeight - keyBox.height) / 2,
    width: ringWidth,
    height: ringHeight,
  };

  const moveKeyCell = (row: number, column: number) => {
    const to = {
      row: Math.min(rowCount - 1, Math.max(0, row)),
      column: Math.min(columnCount - 1, Math.max(0, column)),
    };
    setFocused({ row: to.row, columnStartMs: heatmap.columnStartsMs[to.column] ?? 0 });
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const { row, column } = keyCell;
    const group = groups.findIndex((g) => row >= g.firstRow && row < g.firstRow + g.rowCount);
    switch (event.key) {
      case 'ArrowRight':
        moveKeyCell(row, column + 1);
        break;
      case 'ArrowLeft':
        moveKeyCell(row, column - 1);
        break;
      case 'ArrowDown':
        moveKeyCell(row + 1, column);
        break;
      case 'ArrowUp':
        moveKeyCell(row - 1, column);
        break;
      case 'PageDown':
        // The next table's first row.
        moveKeyCell(groups[group + 1]?.firstRow ?? rowCount - 1, column);
        break;
      case 'PageUp': {
        // This table's first row, or the previous table's when already there.
        const first = groups[group]?.firstRow ?? 0;
        moveKeyCell(row > first ? first : (groups[group - 1]?.firstRow ?? 0), column);
        break;
      }
      case 'Home':
        moveKeyCell(event.ctrlKey ? 0 : row, 0);
        break;
      case 'End':
        moveKeyCell(event.ctrlKey ? rowCount - 1 : row, columnCount - 1);
        break;
      case 'Enter':
      case ' ': {
        const region = regionOfRow(row);
        if (region !== null) onOpenRegion(region.tableId, region.regionId);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  // The mouse's cell, else the keyboard's while it has focus.
  const shown: HoveredCell | null =
    hovered ??
    (isKeyboardFocused
      ? { ...keyCell, x: keyBox.left + keyBox.width / 2, y: keyBox.top + keyBox.height }
      : null);
  const isShownByKeyboard = hovered === null && shown !== null;
  const describeCell = (row: number, column: number) => {
    const start = heatmap.rowStarts[row];
    const columnStart = heatmap.columnStartsMs[column];
    const value = cellAt(row, column);
    if (start === undefined || columnStart === undefined) return '';
    return `${tableLabel(start)}, ${rowRegions(heatmap.rowStarts, row)}, ${formatClockTime(columnStart)}–${formatClockTime(columnStart + heatmap.columnWidthMs)}: ${Number.isNaN(value) ? 'no rate known' : formatRate(metric, value)}`;
  };

  const hoveredStart = shown === null ? undefined : heatmap.rowStarts[shown.row];
  const hoveredValue = shown === null ? Number.NaN : cellAt(shown.row, shown.column);
  const hoveredColumnStart =
    shown === null || shown.column < 0 ? undefined : heatmap.columnStartsMs[shown.column];

  return (
    <Stack gap="xs">
      <div className={classes.heatmap}>
        <div className={classes.rowAxis} style={{ height }} aria-hidden>
          {labels.map((label) => (
            <span
              key={label.firstRow}
              className={classes.rowLabel}
              style={{ top: label.top }}
              title={label.label}
            >
              {label.label}
            </span>
          ))}
        </div>
        <div ref={plotRef} className={classes.plot} style={{ height }}>
          <canvas
            ref={canvasRef}
            className={classes.canvas}
            role="img"
            aria-label={`Heatmap of ${RATE_TITLES[metric].toLowerCase()} per region from ${formatClockTime(axis.startMs)} to ${formatClockTime(axis.endMs)}: ${rowCount} rows of regions grouped by table, one column per ${Math.round(heatmap.columnWidthMs / 1000)} s. The hottest cells are listed in the table below.`}
            onMouseMove={(event) => {
              setHovered(locate(event));
            }}
            onMouseLeave={() => {
              setHovered(null);
            }}
            onClick={handleClick}
          />
          <div
            role="grid"
            aria-label={`Cells of the heatmap of ${RATE_TITLES[metric].toLowerCase()}: ${rowCount} rows of regions, ${columnCount} columns of time`}
            aria-rowcount={rowCount}
            aria-colcount={columnCount}
            className={classes.keyGrid}
            onKeyDown={handleKeyDown}
            onFocus={() => {
              setIsKeyboardFocused(true);
            }}
            onBlur={() => {
              setIsKeyboardFocused(false);
            }}
          >
            <div role="row" aria-rowindex={keyCell.row + 1} className={classes.keyGrid}>
              {/* One element that moves, so it keeps the focus from cell to cell. */}
              <div
                role="gridcell"
                aria-colindex={keyCell.column + 1}
                tabIndex={0}
                aria-label={describeCell(keyCell.row, keyCell.column)}
                className={classes.keyCell}
                data-testid="heatmap-key-cell"
                style={ring}
              />
            </div>
          </div>
          {shown !== null && hoveredStart !== undefined && (
            <div
              className={classes.tooltip}
              data-testid="heatmap-tooltip"
              style={{
                left: shown.x + 12 + TOOLTIP_WIDTH > width ? shown.x - TOOLTIP_WIDTH : shown.x + 12,
                top: Math.min(shown.y + 12, height - 80),
              }}
            >
              <div>
                <strong>{tableLabel(hoveredStart)}</strong>
              </div>
              <div>{rowRegions(heatmap.rowStarts, shown.row)}</div>
              <div>
                {hoveredColumnStart === undefined
                  ? 'not sampled at this time'
                  : `${formatClockTime(hoveredColumnStart)}–${formatClockTime(hoveredColumnStart + heatmap.columnWidthMs)}`}
              </div>
              <div>
                {Number.isNaN(hoveredValue)
                  ? 'no rate known'
                  : `${RATE_TITLES[metric]}: ${formatRate(metric, hoveredValue)}`}
              </div>
              <div className={classes.dimmed}>
                {isShownByKeyboard ? 'Enter opens the table' : 'Click to open the table'}
              </div>
            </div>
          )}
        </div>
        <div className={classes.timeAxis} aria-hidden>
          {TIME_TICKS.map((fraction) => (
            <span
              key={fraction}
              className={classes.timeTick}
              data-edge={fraction === 0 ? 'start' : fraction === 1 ? 'end' : undefined}
              style={{ left: `${fraction * 100}%` }}
            >
              {formatClockTime(axis.startMs + fraction * (axis.endMs - axis.startMs))}
            </span>
          ))}
        </div>
      </div>
      <div className={classes.legend} role="group" aria-label="Heatmap legend">
        <span>
          {RATE_TITLES[metric]} ({RATE_UNITS[metric]}), log scale:
        </span>
        <div className={classes.legendScale}>
          <div className={classes.legendGradient} style={{ background: LEGEND_GRADIENT }} />
          {LEGEND_TICKS.map((unit) => (
            <span key={unit} className={classes.legendTick}>
              {formatRate(metric, fromUnit(unit, max))}
            </span>
          ))}
        </div>
        <span>
          <span className={classes.swatch} />
          no rate known, or not sampled
        </span>
      </div>
      <Text size="xs" c="dimmed">
        Keyboard: Tab to the heatmap’s hottest cell; arrow keys move between cells, Page Up and Page
        Down between tables, Home and End to the oldest and newest column; Enter opens the table.
      </Text>
      <HottestCells
        heatmap={heatmap}
        cells={hottest}
        onOpenRegion={onOpenRegion}
        regionOfRow={regionOfRow}
      />
    </Stack>
  );
}

interface HottestCellsProps {
  heatmap: HotRegionsHeatmap;
  cells: ReturnType<typeof hottestCells>;
  regionOfRow: (row: number) => { tableId: number; regionId: string } | null;
  onOpenRegion: (tableId: number, regionId: string) => void;
}

/** The heatmap's text equivalent: where and when the load peaked. */
function HottestCells({ heatmap, cells, regionOfRow, onOpenRegion }: HottestCellsProps) {
  if (cells.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No cell has a load above zero yet.
      </Text>
    );
  }
  return (
    <div className={classes.scroller}>
      <table className={classes.table} aria-label="Hottest cells of the heatmap">
        <thead>
          <tr>
            <th>Table</th>
            <th>Regions</th>
            <th>Time</th>
            <th data-numeric>{RATE_TITLES[heatmap.metric]}</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => {
            const start = heatmap.rowStarts[cell.row];
            const region = regionOfRow(cell.row);
            const columnStart = heatmap.columnStartsMs[cell.column] ?? 0;
            if (start === undefined || region === null) return null;
            return (
              <tr key={`${cell.row}-${cell.column}`} data-testid="hottest-cell">
                <td>
                  <button
                    type="button"
                    className={classes.linkButton}
                    onClick={() => {
                      onOpenRegion(region.tableId, region.regionId);
                    }}
                  >
                    {tableLabel(start)}
                  </button>
                </td>
                <td>{rowRegions(heatmap.rowStarts, cell.row)}</td>
                <td>
                  {formatClockTime(columnStart)}–
                  {formatClockTime(columnStart + heatmap.columnWidthMs)}
                </td>
                <td data-numeric>{formatRate(heatmap.metric, cell.value)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
