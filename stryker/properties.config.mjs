// Stryker over the invariants in properties/, killed by the tests in properties/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker/vitest.properties.config.ts', related: false },
  mutate: ['properties/**/*.ts', '!properties/**/*.test.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'mutation-report/properties.html' },
  jsonReporter: { fileName: 'mutation-report/properties.json' },
  tempDirName: '.stryker-tmp',
  incremental: false,
  concurrency: 2,
  timeoutMS: 60000,
  cleanTempDir: true,
};
