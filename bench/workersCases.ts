import { modelSource } from '../src/engine/ModelSource.ts';
import { twoPhaseCommit } from '../src/engine/fixtures/twoPhaseCommit.ts';
import type { BenchCase } from './engineCases.ts';

/** The group of the parallel search's rows, which `printWorkersRows` sums up. */
export const WORKERS_GROUP = 'two-phase commit, parallel search (--workers)';

/** The sizes and worker counts compared. */
export const WORKERS_SIZES = [8, 9] as const;
export const WORKER_COUNTS = [1, 2] as const;

/**
 * Two-Phase Commit over 8 and 9 resource managers, the whole space, on one worker (the search in
 * this thread) and on two worker threads sharing one visited set.
 */
export function workersCases(): BenchCase[] {
  return WORKERS_SIZES.flatMap((n) =>
    WORKER_COUNTS.map((workers) => ({
      name: `2pc N=${n}, ${workers} worker${workers === 1 ? '' : 's'}`,
      group: WORKERS_GROUP,
      maxRuns: 3,
      build: () => ({
        model: twoPhaseCommit(n),
        options: {
          exploreAll: true,
          maxStates: 20_000_000,
          ...(workers > 1 ? { workers, source: modelSource(new URL('../src/engine/fixtures/twoPhaseCommit.ts', import.meta.url), 'twoPhaseCommit', n) } : {}),
        },
      }),
    })),
  );
}
