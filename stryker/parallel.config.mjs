// Stryker over the parallel search (checkParallel.ts, and the worker's parallelWorker.ts and
// LevelExpander.ts), killed by the tests of the parallel search
// (stryker/vitest.parallel.config.ts). Its setup file stryker/workerMutant.ts hands the active
// mutant to the worker threads through the environment they copy, so the worker's code runs mutated
// too; the coverage recorded in a worker is lost with it, so coverage analysis is off: every mutant
// runs against these tests (until the first that fails). Under load the engine suite's dry run with
// workers outlasted Stryker's 5-minute limit, hence the narrower tests and the longer limit
// (docs/mutation.md). Run with `npx stryker run stryker/parallel.config.mjs --concurrency 1
// --ignoreStatic`.
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.parallel.config.ts', related: false },
  mutate: ['src/engine/checkParallel.ts', 'src/engine/internal/parallelWorker.ts', 'src/engine/internal/LevelExpander.ts'],
  htmlReporter: { fileName: 'mutation-report/parallel.html' },
  jsonReporter: { fileName: 'mutation-report/parallel.json' },
  incrementalFile: 'mutation-report/parallel-incremental.json',
  tempDirName: '.stryker-tmp/parallel',
  ignorePatterns: ['/.stryker-tmp*'],
  coverageAnalysis: 'off',
  dryRunTimeoutMinutes: 20,
  timeoutMS: 20000,
};
