import fc from 'fast-check';

/**
 * Setup file for the mutation run only: fast-check's property tests draw from a fixed seed, so
 * every run (the dry run and each mutant's) explores the same inputs and Stryker can credit a
 * kill to the property test that made it. `npm test` keeps fast-check's random seeds.
 */
fc.configureGlobal({ seed: 20261130 });
