import { useState, type ReactNode } from 'react';
import { Modal, Stack } from '@mantine/core';
import type { RegionRow } from '../../domain/region-row';
import type { CallerSuggestion } from '../../domain/suggested-target';
// The server submits and follows; the dialog watches its record.
import { TrackedMigrationWorkflow } from './tracked-migration-workflow';

interface MigrateDialogProps {
  clusterId: string;
  tableId: string;
  /** The region to migrate; null closes the dialog. */
  region: RegionRow | null;
  /** Every peer the route names, with its address (some may hold no lease). */
  routePeers: ReadonlyArray<{ id: string; addr: string }>;
  /** Preselected target, when the move was started from a target cell or a drop. */
  initialTargetPeerId?: string | null;
  /**
   * A target the opener suggested on a measure of its own (a hot region's "Move…": the alive
   * datanode lowest on the list's rate), preselected with its reason.
   */
  callerSuggestion?: CallerSuggestion | null;
  /**
   * What the page shows under the migration for the same region (its maintenance section):
   * another feature's, so the page that assembles both passes it in.
   */
  renderRegionExtras?: (regionId: string) => ReactNode;
  /**
   * Whether Mantine returns focus to what was focused when the dialog opened. A page that
   * hands focus back itself (the table page focuses the region's row) turns it off.
   */
  returnFocus?: boolean;
  onClose: () => void;
}

/**
 * The "Migrate region" dialog. Escape and the close button close it; focus returns to the
 * element focused before it opened (Mantine's, unless the page does it with `returnFocus`).
 */
export function MigrateDialog({
  clusterId,
  tableId,
  region,
  routePeers,
  initialTargetPeerId = null,
  callerSuggestion = null,
  renderRegionExtras,
  returnFocus = true,
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
      returnFocus={returnFocus}
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
            callerSuggestion={callerSuggestion}
            onClose={onClose}
          />
          {renderRegionExtras?.(shownRegion.regionId)}
        </Stack>
      )}
    </Modal>
  );
}
