import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The engine's own tests, for Stryker's run over `src/engine` (see docs/mutation.md). */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['src/engine/**/*.test.ts'],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
