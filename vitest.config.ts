import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/checklist/default-text.ts', 'src/types/**'],
      reporter: ['text-summary', 'json-summary'],
      // The shell (I/O around the pure core) is tested in-process against the emulator: keep it so.
      thresholds: { 'src/shell/**': { lines: 85 } },
    },
  },
});
