import { getScenario } from '../models/scenarios.ts';
import { scenarioSource } from '../src/cli/scenarioModel.ts';
import { modelSource } from '../src/engine/ModelSource.ts';
import { twoPhaseCommit } from '../src/engine/fixtures/twoPhaseCommit.ts';
import type { BenchCase } from './engineCases.ts';

/** The group of the parallel search's rows, which `printWorkersRows` sums up. */
export const WORKERS_GROUP = 'two-phase commit, parallel search (--workers)';

/** The sizes and worker counts compared. */
export const WORKERS_SIZES = [8, 9] as const;
export const WORKER_COUNTS = [1, 2] as const;

/** The CDC scenario of the parallel search's rows, at its default scope. */
export const WORKERS_SCENARIO = 'outbox-cdc';

/**
 * Two-Phase Commit over 8 and 9 resource managers, the whole space, on one worker (the search in
 * this thread) and on two worker threads sharing one visited set; and `outbox-cdc` at its default
 * scope, the whole space, on one worker and on two worker threads (which fingerprint its states by
 * content, `StructuralFingerprint`, so that they agree on them).
 */
export function workersCases(): BenchCase[] {
  const scenario = getScenario(WORKERS_SCENARIO)!;
  const name = (label: string, workers: number) => `${label}, ${workers} worker${workers === 1 ? '' : 's'}`;
  // Each row's runs alternate with the one-worker row's: the speed-up is their ratio.
  const alternates = (label: string, workers: number) => (workers === WORKER_COUNTS[0] ? {} : { alternatesWith: name(label, WORKER_COUNTS[0]) });
  const cdc: BenchCase[] = WORKER_COUNTS.map((workers) => ({
    name: name(WORKERS_SCENARIO, workers),
    group: WORKERS_GROUP,
    maxRuns: 5,
    ...alternates(WORKERS_SCENARIO, workers),
    build: () => ({
      model: scenario.model('small'),
      options: { exploreAll: true, ...(workers > 1 ? { workers, source: scenarioSource(WORKERS_SCENARIO, 'small') } : {}) },
    }),
  }));
  return [...cdc, ...WORKERS_SIZES.flatMap((n) =>
    WORKER_COUNTS.map((workers) => ({
      name: name(`2pc N=${n}`, workers),
      group: WORKERS_GROUP,
      maxRuns: 3,
      ...alternates(`2pc N=${n}`, workers),
      build: () => ({
        model: twoPhaseCommit(n),
        options: {
          exploreAll: true,
          maxStates: 20_000_000,
          ...(workers > 1 ? { workers, source: modelSource(new URL('../src/engine/fixtures/twoPhaseCommit.ts', import.meta.url), 'twoPhaseCommit', n) } : {}),
        },
      }),
    })),
  )];
}
