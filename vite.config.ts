import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CSP_NONCE_PLACEHOLDER } from './server/security/security-headers.ts';

// The console server serves the dashboard: the build in `dist/client` (`npm start`), or this
// config in Vite's middleware mode (`npm run dev`, server/dev/dev-server.ts). It replaces the
// nonce placeholder per request, and its CSP allows only styles and scripts carrying it.
export default defineConfig({
  plugins: [react()],
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  // Builds and test output of other runs (CONSOLE_OUT_DIR, `playwright test --output`) hold
  // .html files, and Vite reloads the page when any .html file under the root changes.
  server: { watch: { ignored: ['**/dist*/**', '**/test-results*/**'] } },
  // Every browser dependency pre-bundled at start: a dependency first met in a lazy route chunk
  // would otherwise make Vite re-bundle mid-load and answer the page's modules with
  // 504 "Outdated Optimize Dep" (and reload the page).
  optimizeDeps: {
    include: [
      '@mantine/core',
      '@mantine/hooks',
      '@mantine/notifications',
      '@tanstack/react-query',
      '@tanstack/react-router',
      '@tanstack/react-table',
      '@tanstack/react-virtual',
      'lossless-json',
      'papaparse',
      'react',
      'react/jsx-runtime',
      'react-dom/client',
      'react-error-boundary',
      'zod',
    ],
  },
  build: {
    // scripts/build.ts builds into CONSOLE_OUT_DIR (default dist) and sets this accordingly.
    outDir: 'dist/client',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
