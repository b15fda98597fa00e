import { useEffect, useState } from 'react';

/**
 * The browser's clock, re-read every `intervalMs` while `isActive`. For elapsed times and
 * "stale for N s" labels only; lease ages use MetaSrv's clock, never this one.
 */
export function useNow(intervalMs: number, isActive = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isActive) return undefined;
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, intervalMs);
    return () => {
      window.clearInterval(timer);
    };
  }, [intervalMs, isActive]);
  return now;
}
