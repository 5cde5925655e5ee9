import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:pipeline`: the model against the real pipeline (Debezium, Kafka Connect, a
 * KRaft broker, PostgreSQL). One PostgreSQL and one broker for the run; the files one at a
 * time, since each runs JVMs on a small machine. The root config excludes this folder, so
 * `npm test` stays Node-only.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['conformance/pipeline/**/*.test.ts'],
    globalSetup: ['conformance/pipeline/globalSetup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
