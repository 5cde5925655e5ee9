// Stryker over the state keys and the visited set (StructuralKeys, KeptRoots, ContentTable,
// VisitedStates), killed by their own tests and a few searches (stryker/vitest.keys.config.ts):
// every search covers these files, so with the whole engine suite each mutant costs a minute on a
// shared 2-core machine. The score is a lower bound of the one the engine suite would give.
// Run with `npx stryker run stryker/keys.config.mjs` (docs/mutation.md).
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.keys.config.ts', related: false },
  mutate: ['src/engine/StructuralKeys.ts', 'src/engine/internal/KeptRoots.ts', 'src/engine/internal/ContentTable.ts', 'src/engine/internal/VisitedStates.ts'],
  htmlReporter: { fileName: 'mutation-report/keys.html' },
  jsonReporter: { fileName: 'mutation-report/keys.json' },
  incrementalFile: 'mutation-report/keys-incremental.json',
};
