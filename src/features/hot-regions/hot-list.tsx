/**
 * The top-N hot regions as a table (TanStack Table v9 for columns and visibility; the server
 * ranks, so sorting is its state only): one rate heading per reported rate, each a button that
 * ranks the list by it, hottest first. Rows carry their table (a link to its page with the
 * region selected), region, datanode, rows (a gauge) and the share of their datanode's load;
 * "Move…" opens the migrate dialog with the suggested target.
 */
import { useMemo, type MouseEvent } from 'react';
import { VisuallyHidden } from '@mantine/core';
import {
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
} from '@tanstack/react-table';
import { LOAD_RATES, type HotRegion, type LoadRate } from '../../../contract/hot-regions';
import { formatRegionIdDisplay } from '../../../contract/region-id';
import { formatCount } from '../../components/format-count';
import {
  RATE_NOUNS,
  RATE_TITLES,
  RATE_UNITS,
  formatRate,
  formatShare,
  shownTableName,
  type MoveSuggestion,
} from './hot-regions-model';
import { barStyle } from './bar-style';
import classes from './hot-regions.module.css';

export interface HotListRow {
  rank: number;
  region: HotRegion;
  /** The region's part of its datanode's load on the ranking rate. */
  share: number | null;
  /** Where "Move…" would send it; null where no alive datanode can take it. */
  suggestion: MoveSuggestion | null;
}

interface HotColumnMeta {
  isNumeric: boolean;
  /** The rate this column shows, when it is one (its heading ranks the list). */
  rate: LoadRate | null;
  hint: string | null;
}

const hotListFeatures = tableFeatures({
  columnVisibilityFeature,
  rowSortingFeature,
  columnMeta: metaHelper<HotColumnMeta>(),
});

const column = createColumnHelper<typeof hotListFeatures, HotListRow>();

const UNKNOWN_HINTS: Record<NonNullable<HotRegion['unknownReason']>, string> = {
  'first-sample': 'Not known yet: a rate needs two samples of the region.',
  'counter-reset':
    'Not known this interval: the region’s counters restarted (it moved, or its datanode restarted); known after the next sample.',
};

function RateCell({ row, rate }: { row: HotListRow; rate: LoadRate }) {
  const value = row.region[rate];
  if (value === null) {
    const reason = row.region.unknownReason;
    return (
      <span className={classes.dimmed} title={reason === null ? undefined : UNKNOWN_HINTS[reason]}>
        —<VisuallyHidden>not known</VisuallyHidden>
      </span>
    );
  }
  return formatRate(rate, value);
}

const RATE_COLUMNS = LOAD_RATES.map((rate) =>
  column.display({
    id: rate,
    header: RATE_TITLES[rate],
    cell: ({ row }) => <RateCell row={row.original} rate={rate} />,
    meta: {
      isNumeric: true,
      rate,
      hint: `${RATE_TITLES[rate]} (${RATE_UNITS[rate]}) between the last two samples; click to rank the list by it.`,
    },
  }),
);

const HOT_COLUMNS = column.columns([
  column.accessor((row) => row.rank, {
    id: 'rank',
    header: '#',
    meta: { isNumeric: true, rate: null, hint: null },
  }),
  column.display({
    id: 'table',
    header: 'Table',
    cell: ({ row }) => {
      const { region } = row.original;
      return (
        <button
          type="button"
          className={classes.linkButton}
          data-action="open"
          data-region-id={region.regionId}
          aria-label={`Open table ${region.tableId} at region ${region.regionId}`}
          title={region.tableName ?? undefined}
        >
          {shownTableName(region.tableName, region.tableId)}
        </button>
      );
    },
    meta: { isNumeric: false, rate: null, hint: null },
  }),
  column.display({
    id: 'region',
    header: 'Region ID',
    cell: ({ row }) => (
      <span className={classes.mono} title={formatRegionIdDisplay(row.original.region.regionId)}>
        {row.original.region.regionId}
      </span>
    ),
    meta: { isNumeric: false, rate: null, hint: 'Hover for its table id and region number.' },
  }),
  column.display({
    id: 'datanode',
    header: 'Datanode',
    cell: ({ row }) => row.original.region.datanodeId ?? '—',
    meta: { isNumeric: true, rate: null, hint: 'The datanode leading the region.' },
  }),
  ...RATE_COLUMNS,
  column.display({
    id: 'rows',
    header: 'Rows',
    cell: ({ row }) =>
      row.original.region.rows === null ? '—' : formatCount(row.original.region.rows),
    meta: {
      isNumeric: true,
      rate: null,
      hint: 'region_rows as read in the newest sample: a gauge, not a rate.',
    },
  }),
  column.display({
    id: 'share',
    header: 'Share of datanode',
    cell: ({ row }) => {
      const { share } = row.original;
      if (share === null) return <span className={classes.dimmed}>—</span>;
      return (
        <span className={classes.bar} style={barStyle(share)}>
          <span>{formatShare(share)}</span>
        </span>
      );
    },
    meta: { isNumeric: true, rate: null, hint: null },
  }),
  column.display({
    id: 'move',
    header: () => <VisuallyHidden>Move</VisuallyHidden>,
    cell: ({ row }) => {
      const { region, suggestion } = row.original;
      return (
        <button
          type="button"
          className={classes.linkButton}
          data-action="move"
          data-region-id={region.regionId}
          disabled={suggestion === null}
          aria-label={
            suggestion === null
              ? `Move this hot region ${region.regionId}: no alive datanode can take it`
              : `Move this hot region ${region.regionId}, suggested to datanode ${suggestion.peerId}`
          }
          title={suggestion === null ? undefined : `Suggested: ${suggestion.reason}`}
        >
          Move…
        </button>
      );
    },
    meta: { isNumeric: false, rate: null, hint: null },
  }),
]);

interface HotListProps {
  rows: readonly HotListRow[];
  rates: readonly LoadRate[];
  sortBy: LoadRate;
  hasRows: boolean;
  canMove: boolean;
  onSortChange: (rate: LoadRate) => void;
  onOpenRegion: (region: HotRegion) => void;
  onMove: (row: HotListRow) => void;
}

export function HotList({
  rows,
  rates,
  sortBy,
  hasRows,
  canMove,
  onSortChange,
  onOpenRegion,
  onMove,
}: HotListProps) {
  const columnVisibility = useMemo<ColumnVisibilityState>(
    () => ({
      ...Object.fromEntries(LOAD_RATES.map((rate) => [rate, rates.includes(rate)])),
      rows: hasRows,
      move: canMove,
    }),
    [rates, hasRows, canMove],
  );
  const sorting = useMemo(() => [{ id: sortBy, desc: true }], [sortBy]);
  const data = useMemo(() => [...rows], [rows]);
  const table = useTable({
    features: hotListFeatures,
    columns: HOT_COLUMNS,
    data,
    getRowId: (row) => row.region.regionId,
    manualSorting: true,
    state: { sorting, columnVisibility },
  });

  // One handler for the table's buttons: the region rides on the element.
  const handleClick = (event: MouseEvent<HTMLTableSectionElement>) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const button = target.closest<HTMLButtonElement>('button[data-action]');
    const row = rows.find((r) => r.region.regionId === button?.dataset.regionId);
    if (button === null || row === undefined) return;
    if (button.dataset.action === 'move') onMove(row);
    else onOpenRegion(row.region);
  };

  return (
    <div className={classes.scroller}>
      <table className={classes.table} aria-label="Hot regions">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const rate = meta?.rate ?? null;
                const isSorted = rate !== null && rate === sortBy;
                return (
                  <th
                    key={header.id}
                    data-numeric={meta?.isNumeric === true || undefined}
                    data-sorted={isSorted || undefined}
                    aria-sort={isSorted ? 'descending' : undefined}
                    title={
                      header.column.id === 'share'
                        ? `This region’s part of its datanode’s ${RATE_NOUNS[sortBy]}.`
                        : (meta?.hint ?? undefined)
                    }
                  >
                    {rate === null ? (
                      <table.FlexRender header={header} />
                    ) : (
                      <button
                        type="button"
                        className={classes.headerButton}
                        onClick={() => {
                          onSortChange(rate);
                        }}
                      >
                        <table.FlexRender header={header} />
                        {isSorted ? ' ▼' : ''}
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody onClick={handleClick}>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="hot-region-row" data-region-id={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  data-numeric={cell.column.columnDef.meta?.isNumeric === true || undefined}
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
