import { buildScenario, getScenario } from '../models/scenarios.ts';
import type { CheckOptions } from '../src/engine/CheckResult.ts';
import type { BenchCase } from './engineCases.ts';

/** The group of the rows of subsumption by fault budgets. */
export const SUBSUMPTION_GROUP = 'subsumption by fault budgets (--subsumption), without and with';

/**
 * Worlds searched to the end, without and with subsumption: `outbox-cdc` with two aggregates
 * and one request each, where it is at its best (every state expanded in full), and
 * `outbox-cdc --scope medium` under partial-order reduction, which leaves it only the fully
 * expanded states' successors (docs/subsumption.md).
 */
export function subsumptionCases(): BenchCase[] {
  const subjects: { name: string; build: () => ReturnType<typeof buildScenario>; options: CheckOptions }[] = [
    { name: 'outbox-cdc a=2 r=1', build: () => buildScenario('outbox-cdc', { aggregates: 2, requests: 1 }), options: {} },
    { name: 'outbox-cdc medium, por', build: () => getScenario('outbox-cdc')!.model('medium'), options: { reduction: 'por' } },
  ];
  return subjects.flatMap((subject) =>
    [false, true].map((subsumption) => ({
      name: `${subject.name}${subsumption ? ', subsumption' : ''}`,
      group: SUBSUMPTION_GROUP,
      maxRuns: 3,
      build: () => ({ model: subject.build(), options: { ...subject.options, exploreAll: true, subsumption } }),
    })),
  );
}
