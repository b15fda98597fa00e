import { useRef, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatWeight, type DistributionModel } from './distribution-model';
import classes from './heatmap.module.css';

interface HeatmapProps {
  model: DistributionModel;
  weighting: 'count' | 'bytes';
  onOpenTable: (tableId: number) => void;
}

const ROW_HEIGHT = 18;
const CELL_WIDTH = 16;
const LABEL_WIDTH = 80;
const HEADER_HEIGHT = 20;
/** With more tables than fit, the box scrolls. */
const MAX_HEIGHT = 320;

/**
 * Tables × datanodes, cell colour = that table's regions (or bytes) on that datanode relative
 * to the largest cell. Virtualized both ways (2,000 tables × 200 datanodes is 400k cells).
 * Hovering a cell shows its tooltip; clicking it, or the table's label, opens the table grid.
 */
export function Heatmap({ model, weighting, onOpenTable }: HeatmapProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const cells = weighting === 'count' ? model.heatCount : model.heatBytes;
  let max = 1;
  for (const row of cells) for (const v of row) if (v > max) max = v;
  // Virtualizer instances are not memoizable; this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: model.tableIds.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    paddingStart: HEADER_HEIGHT,
  });
  const columns = useVirtualizer({
    horizontal: true,
    count: model.datanodes.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => CELL_WIDTH,
    overscan: 4,
    paddingStart: LABEL_WIDTH,
  });
  const width = LABEL_WIDTH + model.datanodes.length * CELL_WIDTH;

  // One handler for every cell: the table id rides on the element.
  const handleClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    const tableId = target.dataset.tableId;
    if (tableId !== undefined) onOpenTable(Number(tableId));
  };

  return (
    <div
      ref={scrollerRef}
      className={classes.scroller}
      onClick={handleClick}
      role="region"
      aria-label="Heatmap of regions per table and datanode"
      // A few tables need a few rows, not the whole box (the total includes the header row;
      // 2 px of border, 16 px for a horizontal scrollbar).
      style={{ height: Math.min(MAX_HEIGHT, rows.getTotalSize() + 2 + 16) }}
    >
      <div style={{ position: 'relative', width, height: rows.getTotalSize() }}>
        <div className={classes.colHeader} style={{ width }}>
          {columns.getVirtualItems().map((c) => (
            <span
              key={c.key}
              className={classes.colLabel}
              style={{ left: c.start, width: c.size }}
              title={`datanode ${model.datanodes[c.index]?.peerId ?? ''}`}
            >
              {c.index % 5 === 0 ? model.datanodes[c.index]?.peerId : ''}
            </span>
          ))}
        </div>
        {rows.getVirtualItems().map((r) => {
          const tableId = model.tableIds[r.index] ?? 0;
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
                style={{ width: LABEL_WIDTH, height: r.size }}
                aria-label={`Open table ${tableId}`}
                data-table-id={tableId}
              >
                {tableId}
              </button>
              {columns.getVirtualItems().map((c) => {
                const value = row?.[c.index] ?? 0;
                if (value === 0) return null;
                const d = model.datanodes[c.index];
                const alpha = 0.15 + 0.85 * (value / max);
                return (
                  <div
                    key={c.key}
                    className={classes.cell}
                    data-table-id={tableId}
                    data-datanode={d?.peerId}
                    title={`table ${tableId} on datanode ${d?.peerId ?? ''}: ${formatWeight(value, weighting)}${weighting === 'count' ? ' regions' : ''}. Click to open the table.`}
                    style={{
                      left: c.start + 1,
                      width: c.size - 2,
                      background: `rgba(224, 49, 49, ${alpha.toFixed(3)})`,
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
