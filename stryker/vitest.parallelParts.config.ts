import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The unit tests of the parallel search's parts (the shared visited set, the rebalancing plan,
 * errors sent from a worker, model sources), without the searches with workers: for a second run
 * over those files after their unit tests were added. Its kills add to those of a run with the
 * searches (`parallel.config.mjs`, or the engine suite), see docs/mutation.md.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/engine/ModelSource.test.ts',
      'src/engine/internal/SharedVisited.test.ts',
      'src/engine/internal/SharedVisited.race.test.ts',
      'src/engine/internal/SharedVisited.blocks.test.ts',
      'src/engine/internal/planRebalance.test.ts',
      'src/engine/internal/workerErrors.test.ts',
    ],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
