import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../vitest.config.ts';

/**
 * `npm run test:conformance`: the project's settings, only this folder's tests, and one server
 * for all of them (plain `npm test` still runs these files, each starting its own server).
 */
export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...base.test,
    include: ['conformance/**/*.test.ts'],
    globalSetup: ['conformance/internal/globalSetup.ts'],
  },
});
