/**
 * The migrate dialog's choice of target: the datanodes on offer with their figures, the
 * suggested target (src/domain/suggested-target.ts, the console's one rule) and what the user
 * picked. The suggestion is preselected once and then kept: figures refresh every few seconds,
 * and a choice that moves on its own under the user's pointer would be worse than a slightly
 * old one. It starts on the active weighting (src/preferences/weighting.tsx), the one the
 * cluster view weighs by, where these figures can rank on it, and on region count otherwise.
 * Changing the weighting asks for a fresh suggestion and changes the active weighting too, so
 * the choice holds in every view and the next dialog.
 *
 * A caller that ranked the datanodes on a measure of its own (the hot-regions list, on a load
 * rate) hands its suggestion in: it is the first weighting, preselected with the caller's
 * reason, and the user can still weigh by the dialog's own figures. Where its datanode cannot
 * take the region once leases are read (dead, or the leader after all), it is set aside, said
 * so, and the dialog suggests by its own rule. The caller's measure is this dialog's alone: it
 * never becomes the active weighting.
 */
import { useState } from 'react';
import {
  availableWeightings,
  candidatesFromFigures,
  isTargetWeighting,
  suggestTarget,
  type CallerSuggestion,
  type TargetWeighting,
} from '../../domain/suggested-target';
import { WEIGHTING_LABELS, useWeighting } from '../../preferences/weighting';
import type { RegionRow } from '../../domain/region-row';
import { CLUSTER_SUMMARY_POLL_INTERVAL_MS } from '../../queries/cluster-summary-queries';
import { LEASES_POLL_INTERVAL_MS } from '../../queries/datanode-queries';
import { useDatanodeFigures, type DatanodeFiguresResult } from '../../queries/use-datanode-figures';
import { buildTargetOptions, type TargetOption } from './target-options';

/** What a suggestion is measured on: the dialog's own figures, or the caller's measure. */
export type TargetBasis = TargetWeighting | 'caller';

/** What the "Suggested:" line states. */
export interface ShownSuggestion {
  peerId: string;
  reason: string;
}

export interface TargetChoice {
  datanodes: DatanodeFiguresResult;
  options: TargetOption[];
  /** The chosen datanode (the user's, else the suggestion); null while there is none. */
  targetPeerId: string | null;
  suggestion: ShownSuggestion | null;
  weighting: TargetBasis;
  weightings: TargetBasis[];
  /** The caller's suggestion while it stands (it names the `caller` weighting). */
  callerSuggestion: CallerSuggestion | null;
  /** Why the caller's suggestion was set aside, in words; null when it was not. */
  callerSetAside: string | null;
  /** Why the suggestion is not on the active weighting, in words; null when it is. */
  weightingSetAside: string | null;
  onTargetChange: (peerId: string) => void;
  onWeightingChange: (weighting: TargetBasis) => void;
}

export function useTargetChoice(
  clusterId: string,
  tableId: string,
  region: RegionRow,
  routePeers: ReadonlyArray<{ id: string; addr: string }>,
  /** Chosen before the dialog opened (a target cell or a drop): no suggestion replaces it. */
  initialTargetPeerId: string | null,
  /** Suggested before the dialog opened, on the caller's measure (a hot region's "Move…"). */
  callerSuggestion: CallerSuggestion | null = null,
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
  const ownSuggestion = (weighting: TargetWeighting) =>
    suggestTarget(candidates, weighting, excluded);
  const ownWeightings = availableWeightings(candidates);
  const { weighting: activeWeighting, setWeighting: setActiveWeighting } = useWeighting();
  const defaultWeighting: TargetWeighting =
    isTargetWeighting(activeWeighting) && ownWeightings.includes(activeWeighting)
      ? activeWeighting
      : 'count';

  const [chosenPeerId, setChosenPeerId] = useState<string | null>(initialTargetPeerId);
  // Null until the suggestion is latched: until then the figures decide what the active
  // weighting falls back to.
  const [chosenWeighting, setChosenWeighting] = useState<TargetBasis | null>(
    callerSuggestion === null ? null : 'caller',
  );
  const weighting = chosenWeighting ?? defaultWeighting;
  const [suggestion, setSuggestion] = useState<ShownSuggestion | null>(null);
  const [callerSetAside, setCallerSetAside] = useState<string | null>(null);

  // The caller's datanode, judged like every other choice once leases are read.
  const callerOption =
    callerSuggestion === null
      ? undefined
      : options.find((option) => option.peerId === callerSuggestion.peerId);
  const callerProblem =
    callerSuggestion === null || leases === undefined
      ? null
      : callerOption === undefined
        ? 'it holds no lease and the route does not name it'
        : callerOption.disabledReason;

  // Latched during render once the figures allow one (React's "adjust state while rendering").
  const fresh =
    leases === undefined
      ? null
      : weighting === 'caller'
        ? callerProblem === null
          ? callerSuggestion
          : null
        : ownSuggestion(weighting);
  if (suggestion === null && fresh !== null) {
    setSuggestion(fresh);
    if (chosenWeighting === null) setChosenWeighting(defaultWeighting);
  }
  if (
    suggestion === null &&
    weighting === 'caller' &&
    callerSuggestion !== null &&
    callerProblem !== null
  ) {
    setChosenWeighting(null);
    setCallerSetAside(
      `The suggestion by ${callerSuggestion.label}, datanode ${callerSuggestion.peerId}, cannot take the region: ${callerProblem}.`,
    );
  }

  const isCallerOffered = callerSuggestion !== null && callerSetAside === null;
  const shown = suggestion ?? fresh;
  // Only where these figures cannot rank on it: a weighting changed in another tab is not one.
  const weightingSetAside =
    shown !== null &&
    weighting === 'count' &&
    defaultWeighting === 'count' &&
    activeWeighting !== 'count'
      ? `Suggested by region count rather than ${WEIGHTING_LABELS[activeWeighting].toLowerCase()}, the active weighting: ${
          isTargetWeighting(activeWeighting)
            ? 'this cluster’s datanodes do not report it'
            : 'a target is suggested on regions, bytes or query load only'
        }.`
      : null;
  return {
    datanodes,
    options,
    targetPeerId: chosenPeerId ?? suggestion?.peerId ?? null,
    suggestion: shown,
    weighting,
    weightings: [...(isCallerOffered ? (['caller'] as const) : []), ...ownWeightings],
    callerSuggestion: isCallerOffered ? callerSuggestion : null,
    callerSetAside,
    weightingSetAside,
    onTargetChange: setChosenPeerId,
    onWeightingChange: (next) => {
      setChosenWeighting(next);
      setChosenPeerId(null);
      if (next === 'caller') {
        setSuggestion(callerSuggestion);
      } else {
        setSuggestion(ownSuggestion(next));
        setActiveWeighting(next);
      }
    },
  };
}
