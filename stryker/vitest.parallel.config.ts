import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests of the parallel search, for `parallel.config.mjs`: no other engine test runs a search
 * with workers (`LevelExpander.test.ts` runs one worker's expansion in the test's thread).
 * `workerMutant.ts` hands Stryker's active mutant to the worker threads those tests start, so the
 * worker's code is measured too. A mutant these leave alive may still be killed by
 * the rest of the engine's tests, so a score measured with them is a lower bound (see
 * docs/mutation.md). The unit tests of the parallel search's parts run in
 * `vitest.parallelParts.config.ts`: they touch neither mutated file.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/engine/checkParallel*.test.ts',
      'src/engine/internal/LevelExpander.test.ts',
    ],
    setupFiles: ['stryker/fixedSeeds.ts', 'stryker/workerMutant.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
