/**
 * The shared GreptimeDB fixtures (../shared/greptimedb/fixtures), imported as raw text so
 * tests see exactly the bytes MetaSrv sends, without Node file APIs in browser code.
 */
import routeV06StringEncoded from '../../../shared/greptimedb/fixtures/route-v0.6-string-encoded.json?raw';
import routeV072Object from '../../../shared/greptimedb/fixtures/route-v0.7.2-object.json?raw';
import routeV072SingleRegion from '../../../shared/greptimedb/fixtures/route-v0.7.2-single-region.json?raw';
import routeLogical from '../../../shared/greptimedb/fixtures/route-logical.json?raw';
import nodeLeaseV060 from '../../../shared/greptimedb/fixtures/node-lease-v0.6.0.json?raw';
import nodeLeaseV07 from '../../../shared/greptimedb/fixtures/node-lease.json?raw';
import nodeLeaseV114 from '../../../shared/greptimedb/fixtures/modern-node-lease-v1.1.4.json?raw';
import regionMigrationOk from '../../../shared/greptimedb/fixtures/region-migration-ok.json?raw';
import regionMigrationAlreadyMigrated from '../../../shared/greptimedb/fixtures/region-migration-already-migrated.json?raw';
import catalogs from '../../../shared/greptimedb/fixtures/catalogs.json?raw';
import legacyAdminErrors from '../../../shared/greptimedb/fixtures/legacy-admin-errors.json?raw';

export const fixtures = {
  routeV06StringEncoded,
  routeV072Object,
  routeV072SingleRegion,
  routeLogical,
  nodeLeaseV060,
  nodeLeaseV07,
  nodeLeaseV114,
  regionMigrationOk,
  regionMigrationAlreadyMigrated,
  catalogs,
  legacyAdminErrors,
};
