import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The invariants' tests, for Stryker's run over `properties/` (see docs/mutation.md). */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['properties/**/*.test.ts'],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
