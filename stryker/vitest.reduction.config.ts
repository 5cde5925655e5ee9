import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The engine tests that switch partial-order reduction on, for `reduction.config.mjs`. The
 * reduction's files (`internal/AmpleSets.ts`, `internal/ReductionChecks.ts`) run only when a
 * check is given `reduction: 'por'` (or `CDC_CHECK_REDUCTION=por`), which only these files do, so
 * the rest of the engine suite covers none of their mutants: a score measured with these tests is
 * the engine suite's (see docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/engine/partialOrder.test.ts',
      'src/engine/internal/AmpleSets.test.ts',
      'src/engine/internal/ReductionChecks.test.ts',
      'src/engine/checkExhaustive.edges.test.ts',
      'src/engine/errorMessages.test.ts',
      'src/engine/check.test.ts',
      'src/engine/liveness.test.ts',
    ],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
