// Stryker over the engine's files that one search runs, killed by the engine's tests less the
// parallel search's (stryker/vitest.sequential.config.ts): about 40 seconds for the dry run
// here, against minutes with the workers' tests. The score is a lower bound of the engine
// suite's. Runs S1, S2 and X4 used it (docs/mutation.md). Run with
// `npx stryker run stryker/sequential.config.mjs`, or narrow it with `--mutate <files>`.
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.sequential.config.ts', related: false },
  mutate: [
    'src/engine/**/*.ts',
    '!src/engine/**/*.test.ts',
    '!src/engine/fixtures/**',
    '!src/engine/checkParallel.ts',
    '!src/engine/internal/parallelWorker.ts',
    '!src/engine/internal/LevelExpander.ts',
  ],
  htmlReporter: { fileName: 'mutation-report/sequential.html' },
  jsonReporter: { fileName: 'mutation-report/sequential.json' },
  incrementalFile: 'mutation-report/sequential-incremental.json',
  tempDirName: '.stryker-tmp/sequential',
};
