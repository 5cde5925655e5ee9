import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The parallel search's quicker tests (the worker's own, its special cases and what its result
 * says), for `parallelQuick.config.mjs`: a first pass over the worker's code, whose every mutant
 * runs against every test here (see `workerMutant.ts`). Its survivors are then tested again with all
 * of the parallel search's tests (`parallel.config.mjs --mutate file:lines`).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['src/engine/checkParallel.worker.test.ts', 'src/engine/checkParallel.cases.test.ts', 'src/engine/checkParallel.result.test.ts', 'src/engine/checkParallel.gaps.test.ts', 'src/engine/internal/LevelExpander.test.ts', 'src/engine/CollapseCodec.test.ts'],
    setupFiles: ['stryker/fixedSeeds.ts', 'stryker/workerMutant.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
