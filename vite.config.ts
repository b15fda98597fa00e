import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { regionConsolePlugin } from './server/proxy/vite-plugin.ts';
import { CSP_NONCE_PLACEHOLDER } from './server/security/security-headers.ts';

export default defineConfig({
  plugins: [react(), regionConsolePlugin()],
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
  // CONSOLE_OUT_DIR lets several builds (and their `vite preview`) share one checkout.
  // The production server replaces the placeholder with a per-request nonce (its CSP
  // allows only styles and scripts carrying it); vite dev and preview leave it as is.
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
