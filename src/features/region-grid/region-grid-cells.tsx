/**
 * Small renderers for grid cells. They style through `data-*` attributes and the CSS module
 * (no style props: these render once per cell), and every mark carries words, not colour only.
 */
import { VisuallyHidden } from '@mantine/core';
import type { RegionState } from '../../../contract/sql/region-runtime-types';
import type { RegionSize } from '../../../contract/sql-types';
import { formatBytes } from '../../components/format-bytes';
import { RegionStateBadge } from '../../components/region-state-badge';
import { describeLiveness } from '../../domain/datanode-liveness';
import { describeBounds, roleOn, type DatanodeColumn, type ReplicaRole } from './grid-model';
import type { RegionRow } from '../../domain/region-row';
import classes from './region-grid.module.css';
import { formatCount } from '../../components/format-count';

const ROLE_TEXT: Record<ReplicaRole, string> = {
  leader: 'Leader',
  follower: 'Follower',
  downgraded: 'Downgraded',
};

const ROLE_TITLE: Record<ReplicaRole, string> = {
  leader: 'Leader peer of this region',
  follower: 'Follower peer of this region',
  downgraded: 'Leader peer, downgraded by a running migration (leader_status "Downgraded")',
};

export function RegionIdCell({
  regionId,
  states,
  isStaging,
}: {
  regionId: string;
  states: readonly RegionState[] | undefined;
  /** region_peers says `STAGING` (a repartition runs). */
  isStaging: boolean;
}) {
  return (
    <span className={classes.regionId}>
      <span className={classes.mono}>{regionId}</span>
      <RegionStateBadge states={states} isStaging={isStaging} />
    </span>
  );
}

export function ReplicaMark({ row, peerId }: { row: RegionRow; peerId: string }) {
  const role = roleOn(row, peerId);
  if (role === null) return null;
  return (
    <span className={classes.mark} data-role={role} title={ROLE_TITLE[role]}>
      <span aria-hidden className={classes.glyph} />
      {ROLE_TEXT[role]}
    </span>
  );
}

export function PartitionBoundsCell({ row }: { row: RegionRow }) {
  const pieces = describeBounds(row);
  if (pieces.length === 0) return <span className={classes.dimmed}>none</span>;
  // One line per row (rows have one height): the whole text on hover.
  const whole = pieces.map((piece) => (piece.kind === 'text' ? piece.text : piece.raw)).join(' ');
  return (
    <span className={classes.bounds} title={whole}>
      {pieces.map((piece, index) =>
        piece.kind === 'text' ? (
          <span key={index} className={classes.mono}>
            {piece.text}
          </span>
        ) : (
          <span key={index} className={classes.rawBound} title="Shown exactly as MetaSrv sent it">
            <VisuallyHidden>Unparsed bound: </VisuallyHidden>
            <code>{piece.raw}</code>
          </span>
        ),
      )}
    </span>
  );
}

export function DatanodeHeader({
  datanode,
  addressLabel,
}: {
  datanode: DatanodeColumn;
  /** The part of the address that tells this datanode apart (datanodeAddressLabels). */
  addressLabel: string;
}) {
  const { liveness } = datanode;
  const isDead = liveness !== null && liveness.kind !== 'alive';
  return (
    <span className={classes.datanodeHeader} data-dead={isDead || undefined}>
      <span>Datanode {datanode.peerId}</span>
      <span className={classes.addr} title={datanode.addr}>
        {addressLabel}
        {addressLabel !== datanode.addr && <VisuallyHidden> ({datanode.addr})</VisuallyHidden>}
      </span>
      {isDead && <span className={classes.deadNote}>{describeLiveness(liveness)}</span>}
    </span>
  );
}

/** The pinned "Leader on" column: which datanode leads the region, by peer id. */
export function LeaderOnCell({ row }: { row: RegionRow }) {
  if (row.leaderPeerId === null) return <span className={classes.dimmed}>no leader</span>;
  return (
    <span
      className={classes.leaderOn}
      data-downgraded={row.leaderStatus === 'Downgraded' || undefined}
      title={row.leaderAddr ?? undefined}
    >
      Datanode {row.leaderPeerId}
      {row.leaderStatus === 'Downgraded' && <span className={classes.dimmed}> (downgraded)</span>}
      {row.leaderStatus === 'Staging' && <span className={classes.dimmed}> (staging)</span>}
    </span>
  );
}

export function DatanodeCountFooter({
  datanode,
  evenShare,
}: {
  datanode: DatanodeColumn | undefined;
  evenShare: number;
}) {
  if (datanode === undefined) return null;
  const share = Number.isInteger(evenShare) ? String(evenShare) : evenShare.toFixed(1);
  return (
    <span className={classes.count} data-spread={datanode.spread}>
      {datanode.leaderCount}
      <VisuallyHidden>{datanode.leaderCount === 1 ? ' region' : ' regions'}</VisuallyHidden>
      {datanode.followerCount > 0 && (
        <span className={classes.dimmed}> (+{datanode.followerCount} as follower)</span>
      )}
      {datanode.spread !== 'even' && (
        <>
          <span aria-hidden className={classes.spreadGlyph}>
            {datanode.spread === 'over' ? '▲' : '▼'}
          </span>
          <VisuallyHidden>
            {datanode.spread === 'over' ? ', more than' : ', fewer than'} an even share of {share}
          </VisuallyHidden>
        </>
      )}
    </span>
  );
}

const SIZE_PARTS = [
  ['memtable', 'memtableSize'],
  ['SST', 'sstSize'],
  ['index', 'indexSize'],
  ['manifest', 'manifestSize'],
] as const;

/**
 * Disk size from region_statistics, with what it is made of. The breakdown is in the DOM
 * (read with the row) and shows on hover, or while the row has focus.
 */
export function SizeCell({ size }: { size: RegionSize | undefined | null }) {
  // null: sizes still loading; undefined: this region has no statistics row.
  if (size === null) return <span className={classes.dimmed}>…</span>;
  if (size?.diskSize == null) {
    return (
      <span className={classes.dimmed} title="region_statistics has no size for this region">
        —<VisuallyHidden> size not reported</VisuallyHidden>
      </span>
    );
  }
  const sstFiles = size.sstNum === null ? '' : ` in ${String(size.sstNum)} files`;
  return (
    <span className={classes.size}>
      {formatBytes(size.diskSize)}
      <span className={classes.breakdown}>
        {' ('}
        {SIZE_PARTS.map(([label, key], index) => {
          const value = size[key];
          return (
            <span key={key}>
              {index > 0 && ', '}
              {label} {value === null ? 'not reported' : formatBytes(value)}
              {key === 'sstSize' && sstFiles}
            </span>
          );
        })}
        )
      </span>
    </span>
  );
}

export function RowsCell({ size }: { size: RegionSize | undefined | null }) {
  if (size === null) return <span className={classes.dimmed}>…</span>;
  if (size?.rows == null) return <span className={classes.dimmed}>—</span>;
  return <>{formatCount(size.rows)}</>;
}
