import { useState } from 'react';
import { Modal } from '@mantine/core';
import type { RegionRow } from '../region-grid/grid-model';
// The server submits and follows; the dialog watches its record (features/migrations).
import { TrackedMigrationWorkflow } from '../migrations/tracked-migration-workflow';

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
        <TrackedMigrationWorkflow
          // A new region starts a new workflow: fresh form, no old submission.
          key={shownRegion.regionId}
          clusterId={clusterId}
          tableId={tableId}
          region={shownRegion}
          routePeers={routePeers}
          initialTargetPeerId={initialTargetPeerId}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}
