import type { BenchCase } from './engineCases.ts';

/** Benchmark cases for the registered scenarios (filled in once the registry lands). */
export function scenarioCases(): BenchCase[] {
  return [];
}
