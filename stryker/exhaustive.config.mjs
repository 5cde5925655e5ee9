// Stryker over the breadth-first search (checkExhaustive.ts), killed by the engine's tests less
// the parallel and random ones (stryker/vitest.exhaustive.config.ts): nearly every engine test
// covers this file, and the parallel tests spawn worker threads, so with the whole suite each
// surviving mutant costs minutes on a shared 2-core machine. The score is a lower bound of the
// one the engine suite would give. Run with `npx stryker run stryker/exhaustive.config.mjs`.
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.exhaustive.config.ts', related: false },
  mutate: ['src/engine/checkExhaustive.ts'],
  htmlReporter: { fileName: 'mutation-report/exhaustive.html' },
  jsonReporter: { fileName: 'mutation-report/exhaustive.json' },
  incrementalFile: 'mutation-report/exhaustive-incremental.json',
  tempDirName: '.stryker-tmp/exhaustive',
};
