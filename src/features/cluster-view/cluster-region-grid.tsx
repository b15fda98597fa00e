import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { describeLiveness } from '../../domain/datanode-liveness';
import {
  DATANODE_COLUMN_WIDTH,
  FIXED_COLUMNS,
  FIXED_WIDTH,
  HEADER_HEIGHT,
  ROW_HEIGHT,
} from './cluster-region-grid-columns';
import { formatBytes } from '../../components/format-bytes';
import type { ClusterRegion, DistributionModel } from './distribution-model';
import { targetBlockReason } from './move-targets';
import type { RegionListQuery, RegionSortKey } from '../../domain/region-list-query';
import { regionIdText } from './region-list-model';
import classes from './cluster-region-grid.module.css';
import { formatCount } from '../../components/format-count';

export interface MoveRequest {
  region: ClusterRegion;
  targetIndex: number;
}

interface ClusterRegionGridProps {
  model: DistributionModel;
  /** Indexes into model.regions, in display order. */
  order: Uint32Array;
  query: RegionListQuery;
  onSort: (key: RegionSortKey) => void;
  /** Absent in read-only mode: the leader mark is then neither selectable nor draggable. */
  onMove?: ((move: MoveRequest) => void) | undefined;
}

const DRAG_TYPE = 'application/x-region-index';

/**
 * The cluster-wide region grid, virtualized on rows and on datanode columns (TanStack
 * Virtual), so 100,000 regions over 200 datanodes render ~30 rows × ~15 columns at a time.
 * Moving: click (or Enter on) a region's leader mark, then a target cell in its row; or drag
 * the mark onto another datanode's column. Invalid targets show why instead of a button.
 */
export function ClusterRegionGrid({ model, order, query, onSort, onMove }: ClusterRegionGridProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  // Virtualizer instances are not memoizable; this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const columns = useVirtualizer({
    horizontal: true,
    count: model.datanodes.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => DATANODE_COLUMN_WIDTH,
    overscan: 3,
    // The fixed columns sit before the first datanode column.
    paddingStart: FIXED_WIDTH,
  });
  const totalWidth = FIXED_WIDTH + model.datanodes.length * DATANODE_COLUMN_WIDTH;
  const selectedRegion = selected === null ? undefined : model.regions[selected];

  const startMove = (region: ClusterRegion, targetIndex: number) => {
    setSelected(null);
    onMove?.({ region, targetIndex });
  };

  const handleDrop = (event: DragEvent, targetIndex: number) => {
    setDragOver(null);
    const regionIndex = Number(event.dataTransfer.getData(DRAG_TYPE));
    const region = model.regions[regionIndex];
    const target = model.datanodes[targetIndex];
    if (region === undefined || target === undefined) return;
    event.preventDefault();
    if (targetBlockReason(region, target) === null) startMove(region, targetIndex);
  };
  const dropProps = (targetIndex: number) =>
    onMove === undefined ? {} : dropHandlers(targetIndex);
  const dropHandlers = (targetIndex: number) => ({
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      setDragOver(targetIndex);
    },
    onDragLeave: () => {
      setDragOver((current) => (current === targetIndex ? null : current));
    },
    onDrop: (event: DragEvent) => {
      handleDrop(event, targetIndex);
    },
  });

  const handleKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && selected !== null) {
      event.preventDefault();
      setSelected(null);
    }
  };

  return (
    <div
      ref={scrollerRef}
      className={classes.scroller}
      role="grid"
      aria-label="Regions of all tables by datanode"
      aria-rowcount={order.length + 1}
      aria-colcount={FIXED_COLUMNS.length + model.datanodes.length}
      onKeyDown={handleKeyDown}
      tabIndex={-1}
    >
      <div
        className={classes.canvas}
        style={{ width: totalWidth, height: HEADER_HEIGHT + rows.getTotalSize() }}
      >
        <div
          className={classes.header}
          role="row"
          aria-rowindex={1}
          style={{ width: totalWidth, height: HEADER_HEIGHT }}
        >
          <div className={classes.fixed} style={{ height: HEADER_HEIGHT }}>
            {FIXED_COLUMNS.map((column) => (
              <div
                key={column.id}
                role="columnheader"
                className={classes.cell}
                style={{ width: column.width }}
                aria-sort={
                  column.sortKey !== null && column.sortKey === query.sort
                    ? query.isDescending
                      ? 'descending'
                      : 'ascending'
                    : undefined
                }
              >
                {column.sortKey === null ? (
                  column.header
                ) : (
                  <button
                    type="button"
                    className={classes.sortButton}
                    onClick={() => {
                      if (column.sortKey !== null) onSort(column.sortKey);
                    }}
                  >
                    {column.header}
                    {column.sortKey === query.sort ? (query.isDescending ? ' ↓' : ' ↑') : ''}
                  </button>
                )}
              </div>
            ))}
          </div>
          {columns.getVirtualItems().map((column) => {
            const d = model.datanodes[column.index];
            if (d === undefined) return null;
            const isAlive = d.liveness === null || d.liveness.kind === 'alive';
            return (
              <div
                key={column.key}
                role="columnheader"
                aria-colindex={FIXED_COLUMNS.length + column.index + 1}
                className={classes.dnHeader}
                data-dead={!isAlive || undefined}
                data-drop-target={dragOver === column.index || undefined}
                data-datanode={d.peerId}
                title={`${d.addr}: ${d.liveness === null ? 'liveness unknown' : describeLiveness(d.liveness)}`}
                style={{ left: column.start, width: column.size }}
                {...dropProps(column.index)}
              >
                <span>dn {d.peerId}</span>
                <span>{formatCount(d.count)}</span>
              </div>
            );
          })}
        </div>
        {rows.getVirtualItems().map((row) => {
          const regionIndex = order[row.index] ?? 0;
          const region = model.regions[regionIndex];
          if (region === undefined) return null;
          const regionId = regionIdText(region);
          const isSelected = selected === regionIndex;
          return (
            <div
              key={regionIndex}
              role="row"
              aria-rowindex={row.index + 2}
              className={classes.row}
              data-selected={isSelected || undefined}
              data-region-id={regionId}
              style={{
                top: HEADER_HEIGHT + row.start,
                height: row.size,
                width: totalWidth,
              }}
            >
              <div className={classes.fixed} style={{ height: row.size }}>
                <div role="rowheader" className={classes.cell} style={{ width: 150 }}>
                  {regionId}
                </div>
                <div role="gridcell" className={classes.cell} style={{ width: 64 }}>
                  {region.tableId}
                </div>
                <div role="gridcell" className={classes.cell} style={{ width: 44 }}>
                  {region.regionNumber}
                </div>
                <div role="gridcell" className={classes.cell} style={{ width: 76 }}>
                  {formatBytes(region.bytes)}
                </div>
              </div>
              {columns.getVirtualItems().map((column) => {
                const d = model.datanodes[column.index];
                if (d === undefined) return null;
                const isLeader = region.datanodeIndex === column.index;
                const blocked = isSelected && !isLeader ? targetBlockReason(region, d) : null;
                return (
                  <div
                    key={column.key}
                    role="gridcell"
                    aria-colindex={FIXED_COLUMNS.length + column.index + 1}
                    className={classes.dnCell}
                    data-datanode={d.peerId}
                    data-drop-target={(dragOver === column.index && !isLeader) || undefined}
                    style={{ left: column.start, width: column.size }}
                    {...dropProps(column.index)}
                  >
                    {isLeader && onMove === undefined ? (
                      <span
                        className={classes.leader}
                        role="img"
                        aria-label={`Region ${regionId} led by datanode ${d.peerId}`}
                      >
                        L
                      </span>
                    ) : isLeader ? (
                      <button
                        type="button"
                        className={classes.leader}
                        draggable
                        aria-pressed={isSelected}
                        aria-label={`Region ${regionId} on datanode ${d.peerId}: ${isSelected ? 'selected, choose a target in this row (Escape cancels)' : 'select to move'}`}
                        onClick={() => {
                          setSelected(isSelected ? null : regionIndex);
                        }}
                        onDragStart={(event) => {
                          event.dataTransfer.setData(DRAG_TYPE, String(regionIndex));
                          event.dataTransfer.effectAllowed = 'move';
                        }}
                        onDragEnd={() => {
                          setDragOver(null);
                        }}
                      >
                        L
                      </button>
                    ) : isSelected && blocked === null ? (
                      <button
                        type="button"
                        className={classes.target}
                        aria-label={`Move region ${regionId} to datanode ${d.peerId}`}
                        onClick={() => {
                          startMove(region, column.index);
                        }}
                      >
                        here
                      </button>
                    ) : isSelected && blocked !== null ? (
                      <span
                        className={classes.blocked}
                        title={`Not offered: datanode ${d.peerId} ${blocked}`}
                        aria-label={`Datanode ${d.peerId} not offered: ${blocked}`}
                        role="img"
                      >
                        ✕
                      </span>
                    ) : null}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
      {selectedRegion !== undefined && (
        <p className="visually-hidden" role="status">
          Region {regionIdText(selectedRegion)} selected.
        </p>
      )}
    </div>
  );
}
