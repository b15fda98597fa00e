import type { CSSProperties } from 'react';

/** The length of a `.bar` (hot-regions.module.css): a fraction of its cell, 0–1. */
export function barStyle(fraction: number): CSSProperties {
  const clamped = Math.min(1, Math.max(0, fraction));
  // React types no custom properties; the variable is the module's own.
  return { '--bar-fraction': `${(clamped * 100).toFixed(1)}%` } as CSSProperties;
}
