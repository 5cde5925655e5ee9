import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests that run the exhaustive search, for `exhaustive.config.mjs`: the engine's tests less
 * the parallel search's (which spawn worker threads, seconds a test) and random mode's (which
 * never run `checkExhaustive.ts`'s search). A mutant of the search these leave alive may still
 * be killed by those, so a score measured with them is a lower bound (see docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['src/engine/**/*.test.ts'],
    exclude: ['src/engine/checkParallel.test.ts', 'src/engine/checkRandom*.test.ts', '**/node_modules/**'],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
