/**
 * The SQL-path fixtures of ../shared/greptimedb/fixtures as raw text (the bytes a frontend
 * sends), without Node file APIs in browser code.
 */
import sqlClusterInfo from '../../../../shared/greptimedb/fixtures/sql-cluster-info.json?raw';
import sqlErrorAuth from '../../../../shared/greptimedb/fixtures/sql-error-auth.json?raw';
import sqlEventsRegionMigrationV11 from '../../../../shared/greptimedb/fixtures/sql-events-region-migration-v1.1.4.json?raw';
import sqlEventsRegionMigrationV12 from '../../../../shared/greptimedb/fixtures/sql-events-region-migration-v1.2.json?raw';
import sqlEventsRepartitionV12 from '../../../../shared/greptimedb/fixtures/sql-events-repartition-v1.2.json?raw';
import sqlErrorMigratePeerUnavailable from '../../../../shared/greptimedb/fixtures/sql-error-migrate-peer-unavailable.json?raw';
import sqlMigrateRegionNull from '../../../../shared/greptimedb/fixtures/sql-migrate-region-null.json?raw';
import sqlMigrateRegionOk from '../../../../shared/greptimedb/fixtures/sql-migrate-region-ok.json?raw';
import sqlProcedureState from '../../../../shared/greptimedb/fixtures/sql-procedure-state.json?raw';
import sqlProcedureStateFailed from '../../../../shared/greptimedb/fixtures/sql-procedure-state-failed.json?raw';
import sqlRegionDistributionJoin from '../../../../shared/greptimedb/fixtures/sql-region-distribution-join.json?raw';
import sqlRegionPeers from '../../../../shared/greptimedb/fixtures/sql-region-peers.json?raw';
import sqlRegionPeersDuringSplit from '../../../../shared/greptimedb/fixtures/sql-region-peers-during-split.json?raw';
import sqlRegionStatistics from '../../../../shared/greptimedb/fixtures/sql-region-statistics.json?raw';

export const sqlFixtures: Readonly<Record<string, string>> = {
  'sql-cluster-info.json': sqlClusterInfo,
  'sql-error-auth.json': sqlErrorAuth,
  'sql-error-migrate-peer-unavailable.json': sqlErrorMigratePeerUnavailable,
  'sql-events-region-migration-v1.1.4.json': sqlEventsRegionMigrationV11,
  'sql-events-region-migration-v1.2.json': sqlEventsRegionMigrationV12,
  'sql-events-repartition-v1.2.json': sqlEventsRepartitionV12,
  'sql-migrate-region-null.json': sqlMigrateRegionNull,
  'sql-migrate-region-ok.json': sqlMigrateRegionOk,
  'sql-procedure-state.json': sqlProcedureState,
  'sql-procedure-state-failed.json': sqlProcedureStateFailed,
  'sql-region-distribution-join.json': sqlRegionDistributionJoin,
  'sql-region-peers.json': sqlRegionPeers,
  'sql-region-peers-during-split.json': sqlRegionPeersDuringSplit,
  'sql-region-statistics.json': sqlRegionStatistics,
};

export function sqlFixture(name: string): string {
  const text = sqlFixtures[name];
  if (text === undefined) throw new Error(`no fixture ${name}`);
  return text;
}
