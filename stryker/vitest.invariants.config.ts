import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests that judge the invariants directly, for `invariants.config.mjs`: on worlds built by
 * hand (`invariantVerdicts`, `definitions`, `noSilentLoss`) and on the counterexamples of a few
 * small scenarios (`explain`). The scenario tests in `properties/` run the invariants too, but
 * each costs seconds to a minute: a score measured without them is a lower bound of the one the
 * whole `properties/` suite would give (see docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['properties/invariantVerdicts.test.ts', 'properties/definitions.test.ts', 'properties/noSilentLoss.test.ts', 'properties/explain.test.ts'],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
