/**
 * Imported first by a parallel search's worker thread (`parallelWorkerBoot.mjs`) to learn whether
 * it can load TypeScript as it is: a failed import is remembered under its URL, so the probe is a
 * file of its own that nothing else imports.
 */
export const typescriptLoads = true;
