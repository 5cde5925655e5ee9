import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests of the parallel search and its parts, for `parallel.config.mjs`: no other engine test
 * runs a search with workers. A mutant these leave alive may still be killed by the rest of the
 * engine's tests, so a score measured with them is a lower bound (see docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/engine/checkParallel.test.ts',
      'src/engine/checkParallel.result.test.ts',
      'src/engine/ModelSource.test.ts',
      'src/engine/internal/SharedVisited.test.ts',
      'src/engine/internal/planRebalance.test.ts',
      'src/engine/internal/workerErrors.test.ts',
      'src/engine/internal/ModelRunner.test.ts',
    ],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
