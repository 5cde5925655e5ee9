import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The engine's tests less the parallel search's (`checkParallel*.test.ts`, whose worker threads
 * cost seconds a test), for `sequential.config.mjs`. A mutant these leave alive may still be
 * killed by the parallel tests, so a score measured with them is a lower bound (see
 * docs/mutation.md).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['src/engine/**/*.test.ts'],
    exclude: ['src/engine/**/checkParallel*.test.ts', '**/node_modules/**'],
    setupFiles: ['stryker/fixedSeeds.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
