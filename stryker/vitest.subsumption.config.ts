import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The engine tests that switch subsumption on, for `subsumption.config.mjs`. Subsumption's files
 * (`internal/Subsumer.ts`, `internal/BudgetKeys.ts`, `internal/budgetVectors.ts`) run only when a check is given
 * `subsumption: true`, which only these files do, so the rest of the engine suite covers none of
 * their mutants: a score measured with these tests is the engine suite's (see docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['src/engine/subsumption.test.ts', 'src/engine/internal/BudgetKeys.test.ts', 'src/engine/internal/budgetVectors.test.ts', 'src/engine/internal/Subsumer.test.ts', 'src/engine/internal/LevelExpander.test.ts'],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
