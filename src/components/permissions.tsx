/**
 * Whether the UI may offer mutating controls (migrate, and issue 4's plans, flush/compact,
 * maintenance). False in read-only mode. Hiding controls is a courtesy; the server refusing
 * mutating calls is the real guard.
 */
import { createContext, useContext, type ReactNode } from 'react';

const CanMutateContext = createContext(true);

export function CanMutateProvider({ value, children }: { value: boolean; children: ReactNode }) {
  return <CanMutateContext value={value}>{children}</CanMutateContext>;
}

export function useCanMutate(): boolean {
  return useContext(CanMutateContext);
}
