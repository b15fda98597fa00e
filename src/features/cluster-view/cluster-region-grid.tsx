import { useDeferredValue, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Alert } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { RegionGridToolbar } from '../../components/region-grid-toolbar';
import { describeLiveness } from '../../domain/datanode-liveness';
import type { ClusterRegion, DistributionModel } from './distribution-model';
import { targetBlockReason } from './move-targets';
import { sortBy, sortDirectionOf, type RegionListQuery } from '../../domain/region-list-query';
import { FIXED_COLUMN_IDS, regionIdText, useClusterRegionTable } from './region-list-model';
import classes from './cluster-region-grid.module.css';
import { formatCount } from '../../components/format-count';

export interface MoveRequest {
  region: ClusterRegion;
  targetIndex: number;
}

interface ClusterRegionGridProps {
  model: DistributionModel;
  /** The toolbar's search, datanode filter and sort, as typed. */
  query: RegionListQuery;
  onQueryChange: (query: RegionListQuery) => void;
  /** Absent in read-only mode: the leader mark is then neither selectable nor draggable. */
  onMove?: ((move: MoveRequest) => void) | undefined;
}

const DRAG_TYPE = 'application/x-region-index';
/** Every datanode column has this width, so the column virtualizer places them unmeasured. */
const DATANODE_COLUMN_WIDTH = 64;
const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 40;

/**
 * The cluster-wide region grid, with its search and datanode filter: a TanStack Table model
 * (region-list-model.ts) sorts and filters the regions, and the grid is virtualized on rows
 * and on datanode columns (TanStack Virtual), so 100,000 regions over 200 datanodes render
 * ~30 rows × ~15 columns at a time.
 * Moving: click (or Enter on) a region's leader mark, then a target cell in its row; or drag
 * the mark onto another datanode's column. Invalid targets show why instead of a button.
 */
export function ClusterRegionGrid({ model, query, onQueryChange, onMove }: ClusterRegionGridProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  // Typing stays responsive at 100k regions: filtering and sorting follow a beat behind.
  const shownQuery = useDeferredValue(query);
  const table = useClusterRegionTable(model, shownQuery);
  const tableRows = table.getRowModel().rows;
  const headers = (table.getHeaderGroups()[0]?.headers ?? []).filter((header) =>
    (FIXED_COLUMN_IDS as readonly string[]).includes(header.column.id),
  );
  const fixedWidth = headers.reduce((sum, h) => sum + (h.column.columnDef.meta?.width ?? 0), 0);
  const [selected, setSelected] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  // Virtualizer instances are not memoizable; this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: tableRows.length,
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
    paddingStart: fixedWidth,
  });
  const totalWidth = fixedWidth + model.datanodes.length * DATANODE_COLUMN_WIDTH;
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

  const grid = (
    <div
      ref={scrollerRef}
      className={classes.scroller}
      role="grid"
      aria-label="Regions of all tables by datanode"
      aria-rowcount={tableRows.length + 1}
      aria-colcount={headers.length + model.datanodes.length}
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
            {headers.map((header) => {
              const sortKey = header.column.columnDef.meta?.sortKey ?? null;
              // From the query: rows already in region-id order leave the table unsorted.
              const state = sortKey === null ? undefined : sortDirectionOf(shownQuery, sortKey);
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  className={classes.cell}
                  style={{ width: header.column.columnDef.meta?.width }}
                  aria-sort={sortKey === null ? undefined : state}
                >
                  {sortKey === null ? (
                    <table.FlexRender header={header} />
                  ) : (
                    <button
                      type="button"
                      className={classes.sortButton}
                      onClick={() => {
                        onQueryChange(sortBy(query, sortKey));
                      }}
                    >
                      <table.FlexRender header={header} />
                      {state === 'descending' ? ' ↓' : state === 'ascending' ? ' ↑' : ''}
                    </button>
                  )}
                </div>
              );
            })}
          </div>
          {columns.getVirtualItems().map((column) => {
            const d = model.datanodes[column.index];
            if (d === undefined) return null;
            const isAlive = d.liveness === null || d.liveness.kind === 'alive';
            return (
              <div
                key={column.key}
                role="columnheader"
                aria-colindex={headers.length + column.index + 1}
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
          const tableRow = tableRows[row.index];
          if (tableRow === undefined) return null;
          const region = tableRow.original;
          // The index into model.regions: what a selection and a drag carry.
          const regionIndex = tableRow.index;
          const regionId = tableRow.id;
          const isSelected = selected === regionIndex;
          const cells = tableRow.getAllCellsByColumnId();
          return (
            <div
              key={regionId}
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
                {FIXED_COLUMN_IDS.map((id) => {
                  const cell = cells[id];
                  if (cell === undefined) return null;
                  return (
                    <div
                      key={id}
                      role={id === 'regionId' ? 'rowheader' : 'gridcell'}
                      className={classes.cell}
                      style={{ width: cell.column.columnDef.meta?.width }}
                    >
                      <table.FlexRender cell={cell} />
                    </div>
                  );
                })}
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
                    aria-colindex={headers.length + column.index + 1}
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

  return (
    <>
      <RegionGridToolbar
        datanodes={model.datanodes}
        query={query}
        searchDescription="Table id, region id, or the start of a region id"
        shown={tableRows.length}
        total={model.regions.length}
        onChange={onQueryChange}
      />
      {tableRows.length === 0 ? <Alert color="gray">No region matches.</Alert> : grid}
    </>
  );
}
