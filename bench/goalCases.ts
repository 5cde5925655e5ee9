import { getScenario } from '../models/scenarios.ts';
import { scenarioSource } from '../src/cli/scenarioModel.ts';
import type { BenchCase } from './engineCases.ts';

/** The group of the row that tracks the scope goal of the speed work. */
export const GOAL_GROUP = 'scope goal: outbox-cdc --scope large (a=2 r=2) within 60 s, every reduction on';

/**
 * `outbox-cdc` at its large scope (two aggregates, two requests each, the scenario's own faults),
 * checked the fastest way the engine offers: partial-order reduction, symmetry, and two worker
 * threads, stopped after 60 s. Its status says whether the goal is met; when it is not, the
 * classes and the depth reached say how far the search got in the time.
 */
export function goalCases(): BenchCase[] {
  return [
    {
      name: 'outbox-cdc large, por + symmetry, 2 workers',
      group: GOAL_GROUP,
      maxRuns: 1,
      build: () => ({
        model: getScenario('outbox-cdc')!.model('large'),
        options: { reduction: 'por', symmetry: true, workers: 2, source: scenarioSource('outbox-cdc', 'large'), timeoutMs: 60_000, maxStates: 100_000_000 },
      }),
    },
  ];
}
