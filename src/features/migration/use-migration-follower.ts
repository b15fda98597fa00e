import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNow } from '../../components/use-now';
import { MIGRATION_ROUTE_POLL_INTERVAL_MS, routeQueries } from '../region-grid/route-queries';
import {
  classifyMigration,
  recordObservation,
  regionStateOf,
  type MigrationProgress,
  type Observation,
} from './migration-progress';
import { procedureBoundMs } from './replay-timeout';

export interface FollowedMigration {
  clusterId: string;
  tableId: string;
  regionId: string;
  sourcePeerId: string;
  targetPeerId: string;
  replayTimeoutMs: number;
  /** Browser time the submission was made. */
  submittedAtMs: number;
}

/**
 * Follows a submitted migration by re-reading the table route every second until the
 * classifier calls it terminal. It shares the grid's route query, so the grid updates too.
 */
export function useMigrationFollower(migration: FollowedMigration): MigrationProgress {
  const [observations, setObservations] = useState<readonly Observation[]>([]);
  const [recordedUpdatedAt, setRecordedUpdatedAt] = useState(0);
  const now = useNow(1_000);

  const progress = classifyMigration({
    sourcePeerId: migration.sourcePeerId,
    targetPeerId: migration.targetPeerId,
    submittedAtMs: migration.submittedAtMs,
    boundMs: procedureBoundMs(migration.replayTimeoutMs),
    observations,
    nowMs: Math.max(now, migration.submittedAtMs),
  });

  const { data, dataUpdatedAt } = useQuery({
    ...routeQueries.byTableId(migration.clusterId, migration.tableId),
    refetchInterval: progress.isTerminal ? false : MIGRATION_ROUTE_POLL_INTERVAL_MS,
  });

  // Record each read made after the submission, once (state adjusted during render, the
  // React way to derive from a changing input without an effect).
  if (
    data !== undefined &&
    dataUpdatedAt > migration.submittedAtMs &&
    dataUpdatedAt !== recordedUpdatedAt
  ) {
    setRecordedUpdatedAt(dataUpdatedAt);
    if (!progress.isTerminal) {
      setObservations(
        recordObservation(observations, {
          atMs: dataUpdatedAt,
          state: regionStateOf(data, migration.regionId),
        }),
      );
    }
  }

  return progress;
}
