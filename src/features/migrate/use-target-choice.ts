/**
 * The migrate dialog's choice of target: the datanodes on offer with their figures, the
 * suggested target (src/domain/suggested-target.ts, the console's one rule) and what the user
 * picked. The suggestion is preselected once and then kept: figures refresh every few seconds,
 * and a choice that moves on its own under the user's pointer would be worse than a slightly
 * old one. Changing the weighting asks for a fresh suggestion.
 */
import { useState } from 'react';
import {
  availableWeightings,
  candidatesFromFigures,
  suggestTarget,
  type SuggestedTarget,
  type TargetWeighting,
} from '../../domain/suggested-target';
import type { RegionRow } from '../../domain/region-row';
import { CLUSTER_SUMMARY_POLL_INTERVAL_MS } from '../../queries/cluster-summary-queries';
import { LEASES_POLL_INTERVAL_MS } from '../../queries/datanode-queries';
import { useDatanodeFigures, type DatanodeFiguresResult } from '../../queries/use-datanode-figures';
import { buildTargetOptions, type TargetOption } from './target-options';

export interface TargetChoice {
  datanodes: DatanodeFiguresResult;
  options: TargetOption[];
  /** The chosen datanode (the user's, else the suggestion); null while there is none. */
  targetPeerId: string | null;
  suggestion: SuggestedTarget | null;
  weighting: TargetWeighting;
  weightings: TargetWeighting[];
  onTargetChange: (peerId: string) => void;
  onWeightingChange: (weighting: TargetWeighting) => void;
}

export function useTargetChoice(
  clusterId: string,
  tableId: string,
  region: RegionRow,
  routePeers: ReadonlyArray<{ id: string; addr: string }>,
  /** Chosen before the dialog opened (a target cell or a drop): no suggestion replaces it. */
  initialTargetPeerId: string | null,
): TargetChoice {
  const tableIdNumber = Number(tableId);
  // The datanodes panel's figures beside each choice (shared with the panel's cache; the picker
  // works without them), and fresh leases while the user chooses: a datanode can die while the
  // dialog is open.
  const datanodes = useDatanodeFigures(
    clusterId,
    Number.isSafeInteger(tableIdNumber) ? tableIdNumber : null,
    { leases: LEASES_POLL_INTERVAL_MS, figures: CLUSTER_SUMMARY_POLL_INTERVAL_MS },
  );
  const leases = datanodes.leases.data;
  const options =
    leases === undefined ? [] : buildTargetOptions(leases, region.leaderPeerId, routePeers);
  const candidates = candidatesFromFigures(datanodes.figures);
  const excluded = region.leaderPeerId === null ? [] : [region.leaderPeerId];

  const [chosenPeerId, setChosenPeerId] = useState<string | null>(initialTargetPeerId);
  const [weighting, setWeighting] = useState<TargetWeighting>('count');
  const [suggestion, setSuggestion] = useState<SuggestedTarget | null>(null);
  // Latched during render once the figures allow one (React's "adjust state while rendering").
  const fresh = leases === undefined ? null : suggestTarget(candidates, weighting, excluded);
  if (suggestion === null && fresh !== null) setSuggestion(fresh);

  return {
    datanodes,
    options,
    targetPeerId: chosenPeerId ?? suggestion?.peerId ?? null,
    suggestion: suggestion ?? fresh,
    weighting,
    weightings: availableWeightings(candidates),
    onTargetChange: setChosenPeerId,
    onWeightingChange: (next) => {
      setWeighting(next);
      setChosenPeerId(null);
      setSuggestion(suggestTarget(candidates, next, excluded));
    },
  };
}
