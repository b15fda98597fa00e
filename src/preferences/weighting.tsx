/**
 * The active weighting: what "heavy" and "lowest" are measured on wherever the console weighs
 * datanodes (the cluster view's plot, skew and heatmap; the migrate dialog's suggested target).
 * One user preference, kept in the browser, so the datanode the cluster view shows lightest on
 * bytes is the one the dialog then suggests. A view that cannot weigh by the active weighting
 * (rows on the heatmap, query load on the cluster view) shows its fallback and says so; it
 * never rewrites the preference, which another view may still honour.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useLocalStorage } from '@mantine/hooks';
import { z } from 'zod';

export const WEIGHTINGS = ['count', 'bytes', 'rows', 'load'] as const;
const WeightingSchema = z.enum(WEIGHTINGS);
export type Weighting = z.infer<typeof WeightingSchema>;
export const DEFAULT_WEIGHTING: Weighting = 'count';
const STORAGE_KEY = 'region-console.weighting';

/** How every weighting control names a choice, so one word stands for one weighting. */
export const WEIGHTING_LABELS: Record<Weighting, string> = {
  count: 'Regions',
  bytes: 'Bytes',
  rows: 'Rows',
  load: 'Query load',
};

/** A control's value (or any text) as a weighting; null when it names none. */
export function parseWeighting(value: unknown): Weighting | null {
  const parsed = WeightingSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A value edited by hand or written by another version falls back to the default. */
function deserializeWeighting(stored: string | undefined): Weighting {
  return parseWeighting(stored) ?? DEFAULT_WEIGHTING;
}

interface WeightingContextValue {
  weighting: Weighting;
  setWeighting: (value: Weighting) => void;
}

const WeightingContext = createContext<WeightingContextValue>({
  weighting: DEFAULT_WEIGHTING,
  setWeighting: () => undefined,
});

export function WeightingProvider({ children }: { children: ReactNode }) {
  // Read while rendering, not in an effect: a dialog opened on the first render already
  // suggests by the stored weighting. Blocked storage gives the default and keeps a choice for
  // this page.
  const [weighting, setWeighting] = useLocalStorage<Weighting>({
    key: STORAGE_KEY,
    defaultValue: DEFAULT_WEIGHTING,
    getInitialValueInEffect: false,
    serialize: String,
    deserialize: deserializeWeighting,
  });
  return <WeightingContext value={{ weighting, setWeighting }}>{children}</WeightingContext>;
}

/** The active weighting and its setter; every view that weighs datanodes shares them. */
export function useWeighting(): WeightingContextValue {
  return useContext(WeightingContext);
}
