// Stryker over src/engine, killed by the engine's own tests only: a kill by a CDC scenario test
// would say little about the engine's tests. `npm run mutation` runs this, then properties.config.mjs.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker/vitest.engine.config.ts', related: false },
  mutate: ['src/engine/**/*.ts', '!src/engine/**/*.test.ts', '!src/engine/fixtures/**'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'mutation-report/engine.html' },
  jsonReporter: { fileName: 'mutation-report/engine.json' },
  tempDirName: '.stryker-tmp',
  incremental: false,
  concurrency: 2,
  timeoutMS: 20000,
  cleanTempDir: true,
};
