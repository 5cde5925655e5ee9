// Stryker over subsumption by fault budgets' own files (internal/Subsumer.ts,
// internal/BudgetKeys.ts, internal/budgetVectors.ts), killed by the engine tests that switch subsumption on
// (stryker/vitest.subsumption.config.ts): no other engine test runs these files, so the score is
// the engine suite's. Run with `npx stryker run stryker/subsumption.config.mjs` (docs/mutation.md).
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.subsumption.config.ts', related: false },
  mutate: ['src/engine/internal/Subsumer.ts', 'src/engine/internal/BudgetKeys.ts', 'src/engine/internal/budgetVectors.ts'],
  htmlReporter: { fileName: 'mutation-report/subsumption.html' },
  jsonReporter: { fileName: 'mutation-report/subsumption.json' },
  incrementalFile: 'mutation-report/subsumption-incremental.json',
  tempDirName: '.stryker-tmp/subsumption',
};
