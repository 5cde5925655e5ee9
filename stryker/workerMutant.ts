import { afterEach, beforeEach } from 'vitest';

/**
 * Setup file for the mutation run of the parallel search (`parallel.config.mjs`) only. Stryker activates a mutant in the test thread's
 * `globalThis.__stryker__`, which a `worker_threads` worker does not share; but the instrumented
 * code also reads the active mutant from `process.env.__STRYKER_ACTIVE_MUTANT__` when it loads,
 * and a worker starts with a copy of its parent's `process.env`. So before each test the test
 * thread's active mutant is copied there (and removed after), and the workers the test starts
 * run the same mutant. Their coverage is still lost with the thread, hence that config's
 * coverage analysis `off`.
 */
const ENV = '__STRYKER_ACTIVE_MUTANT__';
const active = () => (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__?.activeMutant;

beforeEach(() => {
  const id = active();
  if (id === undefined) delete process.env[ENV];
  else process.env[ENV] = id;
});
afterEach(() => {
  delete process.env[ENV];
});
