// Stryker over the parallel search's main thread (checkParallel.ts, parallelWorker.ts), killed
// by the tests of the parallel search and its parts (stryker/vitest.parallel.config.ts). Code
// that runs only in a worker thread cannot be measured: Stryker activates a mutant through the
// test thread's `globalThis`, which a worker thread does not share, so there the code runs
// unmutated and its coverage is not reported (docs/mutation.md). Under load the engine suite's
// dry run with workers outlasted Stryker's 5-minute limit, hence the narrower tests and the
// longer limit. Run with `npx stryker run stryker/parallel.config.mjs`.
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.parallel.config.ts', related: false },
  mutate: ['src/engine/checkParallel.ts', 'src/engine/internal/parallelWorker.ts'],
  htmlReporter: { fileName: 'mutation-report/parallel.html' },
  jsonReporter: { fileName: 'mutation-report/parallel.json' },
  incrementalFile: 'mutation-report/parallel-incremental.json',
  tempDirName: '.stryker-tmp/parallel',
  ignorePatterns: ['/.stryker-tmp*'],
  dryRunTimeoutMinutes: 20,
  timeoutMS: 20000,
};
