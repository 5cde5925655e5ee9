// Stryker over the content fingerprint of the parallel search (StructuralFingerprint.ts, with the
// unordered paths of its options, internal/UnorderedPaths.ts), killed
// by its own tests and the runner's canonical-fingerprint tests (stryker/vitest.fingerprint.config.ts),
// not by the parallel search's tests (seconds a test, and their workers run unmutated code). The
// score is a lower bound of the one the engine suite would give.
// Run with `npx stryker run stryker/fingerprint.config.mjs` (docs/mutation.md).
import engine from './engine.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...engine,
  vitest: { configFile: 'stryker/vitest.fingerprint.config.ts', related: false },
  mutate: ['src/engine/StructuralFingerprint.ts', 'src/engine/internal/UnorderedPaths.ts'],
  htmlReporter: { fileName: 'mutation-report/fingerprint.html' },
  jsonReporter: { fileName: 'mutation-report/fingerprint.json' },
  incrementalFile: 'mutation-report/fingerprint-incremental.json',
  tempDirName: '.stryker-tmp/fingerprint',
};
