/**
 * Mantine CSS is imported per component (mantine-styles.ts for the shell, and a lazy chunk's
 * own styles file for what only that chunk renders). A component used without its CSS still
 * renders, but unstyled: the header's refresh control once showed as bare radio buttons
 * until the cluster page's chunk happened to load SegmentedControl.css. This test reads the
 * sources, so adding a component without its CSS fails here rather than in a screenshot.
 */
import { describe, expect, it } from 'vitest';

/** Every source file's text, keyed by its path relative to src (`/src/app/x.ts` -> `app/x.ts`). */
const sources = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['/src/**/*.{ts,tsx}', '!/src/**/*.test.{ts,tsx}'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  ).map(([path, text]) => [path.replace(/^\/src\//, ''), text]),
);
/** Components Mantine ships a stylesheet for. */
const STYLED = new Set(
  Object.keys(import.meta.glob('/node_modules/@mantine/core/styles/*.css')).map((path) =>
    path.replace(/^.*\/(\w+)\.css$/, '$1'),
  ),
);
/** Lazy chunks with their own styles file, which may carry CSS the first page does not need. */
const LAZY_CHUNK_STYLES: Record<string, string> = {
  'features/cluster-view': 'features/cluster-view/cluster-view-styles.ts',
};

function mantineComponents(source: string): string[] {
  const imports = source.matchAll(/import\s*\{([^}]+)\}\s*from\s*'@mantine\/core'/g);
  return [...imports].flatMap((match) =>
    (match[1] ?? '')
      .split(',')
      .map((name) => name.trim().replace(/^type\s+/, ''))
      .filter((name) => /^[A-Z]/.test(name)),
  );
}

function importedCss(file: string): Set<string> {
  const text = sources[file] ?? '';
  return new Set([...text.matchAll(/@mantine\/core\/styles\/(\w+)\.css/g)].map((m) => m[1] ?? ''));
}

describe('Mantine CSS per component', () => {
  const shell = importedCss('app/mantine-styles.ts');

  const usingMantine = Object.keys(sources).filter((file) =>
    (sources[file] ?? '').includes("from '@mantine/core'"),
  );

  it('sees the sources and Mantine stylesheets', () => {
    expect(usingMantine.length).toBeGreaterThan(10);
    expect(STYLED.has('SegmentedControl')).toBe(true);
  });

  it.each(usingMantine)('%s has its CSS', (file) => {
    const chunk = Object.keys(LAZY_CHUNK_STYLES).find((folder) => file.startsWith(folder));
    const available = new Set([
      ...shell,
      ...(chunk === undefined ? [] : importedCss(LAZY_CHUNK_STYLES[chunk] ?? '')),
    ]);
    const missing = mantineComponents(sources[file] ?? '').filter(
      (name) => STYLED.has(name) && !available.has(name),
    );
    expect(missing).toEqual([]);
  });
});
