import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'models/**/*.test.ts', 'properties/**/*.test.ts', 'examples/**/*.test.ts', 'conformance/**/*.test.ts'],
    // The real-pipeline suite needs Java, Maven and its own JVMs: `npm run test:pipeline` runs it.
    exclude: [...configDefaults.exclude, 'conformance/pipeline/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**', 'models/**', 'properties/**'],
      exclude: ['**/*.test.ts'],
    },
  },
});
