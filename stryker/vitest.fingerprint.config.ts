import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests that run `StructuralFingerprint` (and its `UnorderedPaths`) in the test's own thread, for
 * `fingerprint.config.mjs`: its unit tests and the runner's canonical fingerprints. The parallel
 * search also runs it (its workers, which Stryker cannot see, and its main thread for the
 * initial states), but each of its tests costs seconds: a score measured without them is a lower
 * bound (see docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/engine/StructuralFingerprint.test.ts',
      'src/engine/StructuralFingerprint.memo.test.ts',
      'src/engine/StructuralFingerprint.options.test.ts',
      'src/engine/internal/ModelRunner.test.ts',
      'src/engine/internal/ModelRunner.fingerprint.test.ts',
    ],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
