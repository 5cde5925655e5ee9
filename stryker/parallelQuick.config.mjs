// A first, quicker pass over the parallel worker's code (internal/parallelWorker.ts and
// internal/LevelExpander.ts): every mutant runs against the parallel search's quicker tests
// (stryker/vitest.parallelQuick.config.ts), whose setup file hands the mutant to the workers. Its
// survivors are tested again with parallel.config.mjs and `--mutate file:lines` (docs/mutation.md).
// Run with `npx stryker run stryker/parallelQuick.config.mjs --concurrency 1`.
import parallel from './parallel.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...parallel,
  vitest: { configFile: 'stryker/vitest.parallelQuick.config.ts', related: false },
  mutate: ['src/engine/internal/parallelWorker.ts', 'src/engine/internal/LevelExpander.ts'],
  htmlReporter: { fileName: 'mutation-report/parallelQuick.html' },
  jsonReporter: { fileName: 'mutation-report/parallelQuick.json' },
  incrementalFile: 'mutation-report/parallelQuick-incremental.json',
  tempDirName: '.stryker-tmp/parallelQuick',
  timeoutMS: 10000,
};
