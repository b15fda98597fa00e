/**
 * The auto-refresh interval every polling query uses (off, 5, 15, 30, 60 s). The default,
 * 30 s, keeps an idle tab at or below 0.2 requests/s to MetaSrv: one cycle costs about six
 * MetaSrv requests (the leader check asks each of 3 nodes, plus route, leases and the
 * heartbeat summary; the procedure-manager check stops after a 404). TanStack Query pauses intervals while the tab is hidden
 * (refetchIntervalInBackground is false), so a hidden tab asks nothing; the server keeps
 * following migrations regardless.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import { SegmentedControl, Stack, Text } from '@mantine/core';

export const REFRESH_CHOICES = [0, 5_000, 15_000, 30_000, 60_000] as const;
export type RefreshIntervalMs = (typeof REFRESH_CHOICES)[number];
export const DEFAULT_REFRESH_INTERVAL_MS: RefreshIntervalMs = 30_000;
const STORAGE_KEY = 'region-console.refresh-interval-ms';

function isRefreshChoice(value: number): value is RefreshIntervalMs {
  return REFRESH_CHOICES.some((choice) => choice === value);
}

function readStored(): RefreshIntervalMs {
  try {
    const stored = Number(window.localStorage.getItem(STORAGE_KEY));
    return window.localStorage.getItem(STORAGE_KEY) !== null && isRefreshChoice(stored)
      ? stored
      : DEFAULT_REFRESH_INTERVAL_MS;
  } catch {
    return DEFAULT_REFRESH_INTERVAL_MS;
  }
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
  const [intervalMs, setStoredInterval] = useState(readStored);
  const setIntervalMs = (value: RefreshIntervalMs) => {
    setStoredInterval(value);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(value));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
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
          const next = Number(value);
          if (isRefreshChoice(next)) setIntervalMs(next);
        }}
        data={REFRESH_CHOICES.map((choice) => ({
          value: String(choice),
          label: choice === 0 ? 'Off' : `${choice / 1000} s`,
        }))}
      />
    </Stack>
  );
}
