// Stryker over partial-order reduction's own files (internal/AmpleSets.ts, internal/Reducer.ts,
// internal/ReductionChecks.ts), killed by the engine tests that switch the reduction on
// (stryker/vitest.reduction.config.ts): no other engine test runs these files, so the score is
// the engine suite's. Run with `npx stryker run stryker/reduction.config.mjs` (docs/mutation.md).
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.reduction.config.ts', related: false },
  mutate: ['src/engine/internal/AmpleSets.ts', 'src/engine/internal/ReductionChecks.ts', 'src/engine/internal/Reducer.ts', 'src/engine/Independence.ts'],
  htmlReporter: { fileName: 'mutation-report/reduction.html' },
  jsonReporter: { fileName: 'mutation-report/reduction.json' },
  incrementalFile: 'mutation-report/reduction-incremental.json',
  tempDirName: '.stryker-tmp/reduction',
};
