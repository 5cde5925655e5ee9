import { scenarioDefs } from '../models/scenarioDefs.ts';
import { buildScenarioOf, getScenario } from '../models/scenarios.ts';
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

/** The group of the rows that say where the scope goal's space comes from. */
export const GOAL_FAULTS_GROUP = 'scope goal by fault: outbox-cdc a=2 r=2 with one fault of its budget at a time, por + symmetry, 1 worker';

/**
 * The scope goal's world with none of its faults, then with each of them alone (a budget of
 * one), searched to the end: which fault makes the space. Each row's classes against the first
 * row's is what that fault multiplies the space by. The scenario's own reachability goals are
 * left out: they ask for a redelivery or a crash, which most of these budgets cannot give, and
 * would only mark the rows violated. One worker, since a world whose budget is not the
 * scenario's cannot be rebuilt in a worker thread from its id and scope.
 */
export function goalFaultCases(): BenchCase[] {
  const def = scenarioDefs.find((d) => d.id === 'outbox-cdc')!;
  const faults = Object.keys(def.options.budget);
  const budgets: [string, Record<string, number>][] = [['no faults', {}], ...faults.map((f): [string, Record<string, number>] => [`${f} only`, { [f]: 1 }])];
  return budgets.map(([label, budget]) => ({
    name: `outbox-cdc large, ${label}`,
    group: GOAL_FAULTS_GROUP,
    maxRuns: 1,
    build: () => ({
      model: buildScenarioOf({ ...def, options: { ...def.options, budget }, reach: [] }, { scope: 'large' }),
      options: { reduction: 'por', symmetry: true, timeoutMs: 600_000, maxStates: 100_000_000 },
    }),
  }));
}
