/**
 * Theme tokens in one place. Colours for grid marks and states live here as Mantine colour
 * names; CSS modules read them through Mantine's `--mantine-color-<name>-*` variables, which
 * already switch between light and dark.
 */
import { Combobox, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
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

/** "Follow the system" is the default; Mantine stores an explicit choice in localStorage. */
export const DEFAULT_COLOR_SCHEME = 'auto';
