import type { BenchCase } from './engineCases.ts';
import { engineCases } from './engineCases.ts';

/** Every benchmark case: the engine fixtures, then the scenarios' cases once the registry exists. */
export async function allCases(): Promise<BenchCase[]> {
  const { scenarioCases } = await import('./scenarioCases.ts');
  const { livenessCases } = await import('./livenessCases.ts');
  const { twoPhaseCases } = await import('./twoPhaseCases.ts');
  const { workersCases } = await import('./workersCases.ts');
  const { porCases, porSymmetryCases } = await import('./porCases.ts');
  const { goalCases, goalFaultCases } = await import('./goalCases.ts');
  const { subsumptionCases } = await import('./subsumptionCases.ts');
  return [...engineCases, ...livenessCases(), ...twoPhaseCases(), ...workersCases(), ...porCases(), ...porSymmetryCases(), ...subsumptionCases(), ...goalCases(), ...goalFaultCases(), ...scenarioCases()];
}
