import { twoPhaseCommit } from '../src/engine/fixtures/twoPhaseCommit.ts';
import type { BenchCase } from './engineCases.ts';

/** The sizes at which the engine is compared with Spin. */
export const TWO_PHASE_SIZES = [7, 8, 9] as const;

/** The group name of the engine's Two-Phase Commit rows, which the Spin rows follow. */
export const TWO_PHASE_GROUP = 'two-phase commit (TwoPhase.tla), engine; Spin beside it when installed';

/** Two-Phase Commit over 7, 8 and 9 resource managers, the whole space, as Spin explores it. */
export function twoPhaseCases(): BenchCase[] {
  return TWO_PHASE_SIZES.map((n) => ({
    name: `2pc N=${n}`,
    group: TWO_PHASE_GROUP,
    maxRuns: n === 9 ? 3 : undefined,
    // 10.3M states at N = 9: above the default state bound, which would make the run incomplete.
    build: () => ({ model: twoPhaseCommit(n), options: { exploreAll: true, maxStates: 20_000_000 } }),
  }));
}
