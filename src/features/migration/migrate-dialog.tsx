import { useState } from 'react';
import { Modal, Stack } from '@mantine/core';
import type { RegionRow } from '../region-grid/grid-model';
// The server submits and follows; the dialog watches its record (features/migrations).
import { TrackedMigrationWorkflow } from '../migrations/tracked-migration-workflow';
import { RegionMaintenanceSection } from '../region-maintenance/region-maintenance-section';

interface MigrateDialogProps {
  clusterId: string;
  tableId: string;
  /** The region to migrate; null closes the dialog. */
  region: RegionRow | null;
  /** Every peer the route names, with its address (some may hold no lease). */
  routePeers: ReadonlyArray<{ id: string; addr: string }>;
  /** Preselected target, when the move was started from a target cell or a drop. */
  initialTargetPeerId?: string | null;
  onClose: () => void;
}

/**
 * The "Migrate region" dialog. Escape and the close button close it; Mantine returns focus to
 * the element focused before it opened (the region row).
 */
export function MigrateDialog({
  clusterId,
  tableId,
  region,
  routePeers,
  initialTargetPeerId = null,
  onClose,
}: MigrateDialogProps) {
  // Keep showing the last region while the close transition runs.
  const [shownRegion, setShownRegion] = useState(region);
  if (region !== null && region !== shownRegion) setShownRegion(region);

  return (
    <Modal
      opened={region !== null}
      onClose={onClose}
      title="Migrate region"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close dialog' }}
    >
      {shownRegion !== null && (
        // A new region starts afresh: fresh form, no old submission or maintenance answer.
        <Stack gap="lg" key={shownRegion.regionId}>
          <TrackedMigrationWorkflow
            clusterId={clusterId}
            tableId={tableId}
            region={shownRegion}
            routePeers={routePeers}
            initialTargetPeerId={initialTargetPeerId}
            onClose={onClose}
          />
          <RegionMaintenanceSection
            clusterId={clusterId}
            tableId={tableId}
            regionId={shownRegion.regionId}
          />
        </Stack>
      )}
    </Modal>
  );
}
