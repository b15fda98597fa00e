import type { ComponentProps } from 'react';
import { MigrateDialog } from '../../features/migrate/migrate-dialog';
import { RegionMaintenanceSection } from '../../features/region-maintenance/region-maintenance-section';

type MigrateRegionDialogProps = Omit<ComponentProps<typeof MigrateDialog>, 'renderRegionExtras'>;

/** The migrate dialog as both pages open it: the region's maintenance section under the move. */
export function MigrateRegionDialog(props: MigrateRegionDialogProps) {
  return (
    <MigrateDialog
      {...props}
      renderRegionExtras={(regionId) => (
        <RegionMaintenanceSection
          clusterId={props.clusterId}
          tableId={props.tableId}
          regionId={regionId}
        />
      )}
    />
  );
}
