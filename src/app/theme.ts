/**
 * Theme tokens in one place. Colours for grid marks and states live here as Mantine colour
 * names; CSS modules read them through Mantine's `--mantine-color-<name>-*` variables, which
 * already switch between light and dark.
 */
import { Combobox, createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Filled colours use this shade. Shade 6 under white text is below WCAG AA's 4.5:1 for most
  // colours (axe color-contrast); shade 9 (light) and 8 (dark), with black text where the
  // colour is light enough (autoContrast), pass for every colour the console uses.
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.17,
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace:
    'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  // Keyboard users move through the grid row by row: always show the focus ring.
  focusRing: 'auto',
  components: {
    // Mantine keeps every Select's closed dropdown in the page, with all its options, and
    // positions it as it mounts: a synchronous layout of the whole page inside React's commit
    // (~13 ms when a table opens) and one option element per datanode, 200 on a large cluster.
    // Mounted on opening, a dropdown costs nothing until someone uses it.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
  },
});

/**
 * Mantine's defaults that fall below WCAG AA contrast on the page's own backgrounds (axe
 * `color-contrast`, e2e/a11y.spec.ts): dimmed text (gray 6 in light, dark 2 in dark) and
 * light-variant text in the light scheme.
 */
export const cssVariablesResolver: CSSVariablesResolver = (mantineTheme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Light-variant text (badges, light buttons, alerts) is shade 6 on its own tint: under
    // 4.5:1 for most colours. Even shade 9 is short for orange, yellow and green; a third
    // black on shade 9 passes on every tint.
    ...Object.fromEntries(
      Object.keys(mantineTheme.colors).map((color) => [
        `--mantine-color-${color}-light-color`,
        `color-mix(in srgb, var(--mantine-color-${color}-9) 65%, black)`,
      ]),
    ),
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});

/** "Follow the system" is the default; Mantine stores an explicit choice in localStorage. */
export const DEFAULT_COLOR_SCHEME = 'auto';
