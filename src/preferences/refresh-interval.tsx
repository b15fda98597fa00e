/**
 * The auto-refresh interval every polling query uses (off, 5, 15, 30, 60 s). The default,
 * 30 s, keeps an idle tab at or below 0.2 requests/s to MetaSrv: one cycle costs about six
 * MetaSrv requests (the leader check asks each of 3 nodes, plus route, leases and the
 * heartbeat summary; the procedure-manager check stops after a 404). TanStack Query pauses intervals while the tab is hidden
 * (refetchIntervalInBackground is false), so a hidden tab asks nothing; the server keeps
 * following migrations regardless.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { z } from 'zod';

export const REFRESH_CHOICES = [0, 5_000, 15_000, 30_000, 60_000] as const;
export type RefreshIntervalMs = (typeof REFRESH_CHOICES)[number];
export const DEFAULT_REFRESH_INTERVAL_MS: RefreshIntervalMs = 30_000;
const STORAGE_KEY = 'region-console.refresh-interval-ms';

/** A choice as text ("5000"): as it is stored, and as the segmented control names it. */
const RefreshIntervalTextSchema = z
  .string()
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(z.literal(REFRESH_CHOICES));

/** A value edited by hand or written by another version falls back to the default. */
function deserializeRefreshInterval(stored: string | undefined): RefreshIntervalMs {
  const parsed = RefreshIntervalTextSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_REFRESH_INTERVAL_MS;
}

interface RefreshContextValue {
  intervalMs: RefreshIntervalMs;
  setIntervalMs: (value: RefreshIntervalMs) => void;
}

const RefreshContext = createContext<RefreshContextValue>({
  intervalMs: DEFAULT_REFRESH_INTERVAL_MS,
  setIntervalMs: () => undefined,
});

export function RefreshIntervalProvider({ children }: { children: ReactNode }) {
  // Read while rendering, not in an effect: the first queries already poll at the stored
  // interval. Blocked storage (private mode) gives the default and keeps a choice for this page.
  const [intervalMs, setIntervalMs] = useLocalStorage<RefreshIntervalMs>({
    key: STORAGE_KEY,
    defaultValue: DEFAULT_REFRESH_INTERVAL_MS,
    getInitialValueInEffect: false,
    serialize: String,
    deserialize: deserializeRefreshInterval,
  });
  return <RefreshContext value={{ intervalMs, setIntervalMs }}>{children}</RefreshContext>;
}

/** For `refetchInterval`: false when auto-refresh is off. */
export function useRefreshInterval(): number | false {
  const { intervalMs } = useContext(RefreshContext);
  return intervalMs === 0 ? false : intervalMs;
}

export function RefreshIntervalControl() {
  const { intervalMs, setIntervalMs } = useContext(RefreshContext);
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" id="refresh-interval-label">
        Auto-refresh
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby="refresh-interval-label"
        value={String(intervalMs)}
        onChange={(value) => {
          const next = RefreshIntervalTextSchema.safeParse(value);
          if (next.success) setIntervalMs(next.data);
        }}
        data={REFRESH_CHOICES.map((choice) => ({
          value: String(choice),
          label: choice === 0 ? 'Off' : `${choice / 1000} s`,
        }))}
      />
    </Stack>
  );
}
