import { afterAll, afterEach, beforeEach } from 'vitest';

/**
 * Setup file for the mutation run of the parallel search (`parallel.config.mjs`) only. Stryker activates a mutant in the test thread's
 * `globalThis.__stryker__`, which a `worker_threads` worker does not share; but the instrumented
 * code also reads the active mutant from `process.env.__STRYKER_ACTIVE_MUTANT__` when it loads,
 * and a worker starts with a copy of its parent's `process.env`. So before each test the test
 * thread's active mutant is copied there (and removed after), and the workers the test starts
 * run the same mutant. Their coverage is lost with the thread, so the coverage recorded here
 * would make their mutants `NoCoverage`: it is dropped after each file (before Stryker's own
 * setup file reads it: vitest runs `afterAll` hooks last registered first), and with no
 * coverage reported Stryker runs every test file against every mutant (the config's coverage
 * analysis is `off` to say so: the vitest runner reports coverage whatever that option says).
 */
const ENV = '__STRYKER_ACTIVE_MUTANT__';
const ns = () => (globalThis as { __stryker__?: { activeMutant?: string; mutantCoverage?: unknown } }).__stryker__;
const active = () => ns()?.activeMutant;

beforeEach(() => {
  const id = active();
  if (id === undefined) delete process.env[ENV];
  else process.env[ENV] = id;
});
afterEach(() => {
  delete process.env[ENV];
});
afterAll(() => {
  const stryker = ns();
  if (stryker) delete stryker.mutantCoverage;
});
