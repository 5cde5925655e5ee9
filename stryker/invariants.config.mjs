// Stryker over the CDC invariants (properties/*.ts that define one, and the helpers they share),
// killed by the tests that judge them directly (stryker/vitest.invariants.config.ts), not by
// the scenario tests (seconds to a minute a test). The score is a lower bound of the one
// properties.config.mjs would give. Run with `npx stryker run stryker/invariants.config.mjs`
// (docs/mutation.md).
import properties from './properties.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...properties,
  vitest: { configFile: 'stryker/vitest.invariants.config.ts', related: false },
  mutate: [
    'properties/atLeastOnce.ts',
    'properties/consumerContract.ts',
    'properties/exactlyOnceEffect.ts',
    'properties/noLostEvents.ts',
    'properties/noPhantomEvents.ts',
    'properties/noSilentLoss.ts',
    'properties/perAggregateOrder.ts',
    'properties/reachability.ts',
    'properties/snapshotStreamConsistency.ts',
    'properties/internal/downstream.ts',
    'properties/internal/explainText.ts',
    'properties/internal/ids.ts',
  ],
  htmlReporter: { fileName: 'mutation-report/invariants.html' },
  jsonReporter: { fileName: 'mutation-report/invariants.json' },
  incrementalFile: 'mutation-report/invariants-incremental.json',
  tempDirName: '.stryker-tmp/invariants',
  timeoutMS: 10000,
};
