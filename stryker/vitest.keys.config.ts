import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests of the state keys and the visited set, for `keys.config.mjs`: a narrower set than the
 * engine's, so that a mutant of the keys (which every search covers) runs in seconds on a shared
 * machine. A mutant it leaves alive may still be killed by the rest of the engine's tests, so a
 * score measured with it is a lower bound (see docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/engine/StructuralKeys.test.ts',
      'src/engine/StructuralKeys.parent.test.ts',
      'src/engine/StructuralKeys.work.test.ts',
      'src/engine/StructuralKeys.hint.test.ts',
      'src/engine/internal/VisitedStates.test.ts',
      'src/engine/internal/KeptRoots.test.ts',
      'src/engine/internal/ContentTable.test.ts',
      'src/engine/modelFingerprint.test.ts',
      'src/engine/checkExhaustive.property.test.ts',
      'src/engine/fixtures/twoPhaseCommit.test.ts',
    ],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
