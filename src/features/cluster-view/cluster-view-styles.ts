/**
 * Mantine CSS that only the cluster page needs (the shell loads the rest, see
 * src/app/mantine-styles.ts). Imported by the lazy cluster-view chunk, so the first page
 * does not carry it.
 */
import '@mantine/core/styles/NumberInput.css';
import '@mantine/core/styles/Progress.css';
