import { useId, useRef, useState, type MouseEvent } from 'react';
import { Button, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  formatWeight,
  formatWeightWithUnit,
  regionOnDatanode,
  type DistributionModel,
} from './distribution-model';
import classes from './heatmap.module.css';

type HeatWeighting = 'count' | 'bytes';

interface HeatmapProps {
  model: DistributionModel;
  weighting: HeatWeighting;
  /** Table names by id where the cluster can name them (the SQL path); ids stand in for the rest. */
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
 * label opens the table. "Show as table" lists the same figures per table.
 */
export function Heatmap({ model, weighting, tableNames, onOpenTable }: HeatmapProps) {
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
  // Virtualizer instances are not memoizable; this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: model.tableIds.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    paddingStart: headerHeight,
  });
  const columns = useVirtualizer({
    horizontal: true,
    count: model.datanodes.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => cellWidth,
    overscan: 4,
    paddingStart: labelWidth,
  });
  const width = labelWidth + model.datanodes.length * cellWidth;

  // One handler for every cell and row label: the table id (and datanode) ride on the element.
  const handleClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    const tableId = target.dataset.tableId;
    if (tableId === undefined) return;
    const datanodeIndex = target.dataset.datanodeIndex;
    if (datanodeIndex === undefined) onOpenTable(Number(tableId));
    else onOpenCell(Number(tableId), Number(datanodeIndex));
  };

  return (
    <div
      ref={scrollerRef}
      className={classes.scroller}
      onClick={handleClick}
      role="region"
      aria-label={`Heatmap of ${weighting === 'count' ? 'regions' : 'bytes'} per table and datanode`}
      // Focusable, so that a keyboard can scroll it (axe: scrollable-region-focusable).
      tabIndex={0}
      // A few tables need a few rows, not the whole box (the total includes the header row;
      // 2 px of border, 16 px for a horizontal scrollbar).
      style={{ height: Math.min(MAX_HEIGHT, rows.getTotalSize() + 2 + 16) }}
    >
      <div style={{ position: 'relative', width, height: rows.getTotalSize() }}>
        <div className={classes.colHeader} style={{ width, height: headerHeight }}>
          <span className={classes.corner} style={{ width: labelWidth, height: headerHeight }}>
            table \ datanode
          </span>
          {columns.getVirtualItems().map((c) => {
            const datanode = model.datanodes[c.index];
            return (
              <span
                key={c.key}
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
          const tableId = model.tableIds[r.index] ?? 0;
          const label = tableLabel(tableNames, tableId);
          const row = cells[r.index];
          return (
            <div
              key={r.key}
              className={classes.row}
              style={{ top: r.start, height: r.size, width }}
            >
              <button
                type="button"
                className={classes.rowHeader}
                style={{ width: labelWidth, height: r.size }}
                aria-label={`Open table ${tableNames.has(tableId) ? `${label} (${String(tableId)})` : String(tableId)}`}
                title={tableNames.has(tableId) ? `${label} (table ${String(tableId)})` : label}
                data-table-id={tableId}
              >
                {label}
              </button>
              {columns.getVirtualItems().map((c) => {
                const value = row?.[c.index] ?? 0;
                if (value === 0) return null;
                const d = model.datanodes[c.index];
                return (
                  <div
                    key={c.key}
                    className={classes.cell}
                    data-table-id={tableId}
                    data-datanode-index={c.index}
                    data-datanode={d?.peerId}
                    title={`${label} on datanode ${d?.peerId ?? ''}: ${formatWeightWithUnit(value, weighting)}. Click to open the table at this datanode's region.`}
                    style={{
                      left: c.start + 1,
                      width: c.size - 2,
                      opacity: alphaOf(value, max).toFixed(3),
                    }}
                  />
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
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
