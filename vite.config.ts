import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Builds the renderer (the same build for Electron's app:// scheme and the web host) and
 * configures Vitest for the unit and integration tests beside the code.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
    // Quiet the plugin-timing report on every build; `npm run build` is not a profiler.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
  test: {
    root: '.',
    include: [
      'shared/**/*.test.ts',
      'sandbox/**/*.test.ts',
      'engine/**/*.test.ts',
      'electron/**/*.test.ts',
      'web-host/**/*.test.ts',
      'cli/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
