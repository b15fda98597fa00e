import { Alert, Text } from '@mantine/core';
import { splitRegionId } from '../../../contract/region-id';
import type { RegionRow } from '../../domain/region-row';
import classes from './migration.module.css';

/** What is about to move, from where, in which table. */
interface MigrationSummaryProps {
  region: RegionRow;
  tableId: string;
  /** While this dialog follows its own migration, Downgraded is expected, not a warning. */
  isFollowing: boolean;
}

export function MigrationSummary({ region, tableId, isFollowing }: MigrationSummaryProps) {
  const { regionNumber } = splitRegionId(region.regionId);
  return (
    <>
      <dl className={classes.summary}>
        <dt>Region</dt>
        <dd>
          <span className={classes.mono}>{region.regionId}</span>{' '}
          <Text span size="xs" c="dimmed">
            (region number {regionNumber})
          </Text>
        </dd>
        <dt>Current leader</dt>
        <dd>
          {region.leaderPeerId === null ? (
            'none'
          ) : (
            <>
              Datanode {region.leaderPeerId}{' '}
              <span className={classes.mono}>{region.leaderAddr ?? ''}</span>
            </>
          )}
        </dd>
        <dt>Table</dt>
        <dd>{tableId}</dd>
      </dl>
      {region.leaderStatus === 'Downgraded' && !isFollowing && (
        <Alert color="orange" variant="light" title="This region is Downgraded">
          A migration of this region is probably running. MetaSrv refuses another one until it ends.
        </Alert>
      )}
    </>
  );
}
