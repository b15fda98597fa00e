import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'server/**/*.test.ts',
      'emulator/**/*.test.ts',
      'contract/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    // Component tests drive a user through several steps; on a shared CI machine under load
    // 5 s is not always enough. Assertions wait for what they wait for, never for time.
    testTimeout: 15_000,
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
  },
});
