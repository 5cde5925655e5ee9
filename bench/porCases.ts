import { independentCounters } from '../src/engine/fixtures/porModels.ts';
import { buildScenario, getScenario } from '../models/scenarios.ts';
import type { BenchCase } from './engineCases.ts';

/** The group of the partial-order reduction's rows, which `printPorRows` sums up. */
export const POR_GROUP = 'partial-order reduction (--por), without and with';

/**
 * What the rows compare: the fixture of independent counters, where the reduction is at its
 * best, and scenarios at the default scope: the ones where it finds ample sets, and the largest.
 */
export const POR_SUBJECTS = ['counters 6x4', 'snapshot-crash', 'snapshot-handover-legacy', 'dbz-7816-no-data-delete', 'dbz-7816-inflight', 'polling-publisher', 'table-cdc', 'outbox-cdc'] as const;

/** The name of the row of `subject` without (`none`) or with (`por`) the reduction. */
export const porCaseName = (subject: string, reduction: 'none' | 'por') => `${subject}, ${reduction === 'por' ? 'por' : 'unreduced'}`;

/** Each subject checked as `npm run check` checks it, without and with the reduction. */
export function porCases(): BenchCase[] {
  return POR_SUBJECTS.flatMap((subject) =>
    (['none', 'por'] as const).map((reduction) => ({
      name: porCaseName(subject, reduction),
      group: POR_GROUP,
      build: () => ({
        model: subject === 'counters 6x4' ? independentCounters(6, 4) : getScenario(subject)!.model('small'),
        options: { reduction, ...(subject === 'counters 6x4' ? { exploreAll: true } : {}) },
      }),
    })),
  );
}

/** The group of the rows that combine the reduction with symmetry. */
export const POR_SYMMETRY_GROUP = 'partial-order reduction with symmetry (two interchangeable aggregates)';

/**
 * Worlds of two aggregates, as `npm run check` checks them, by each combination of `--por` and
 * `--symmetry`: what each reduction saves alone and together, in states and in time.
 */
export function porSymmetryCases(): BenchCase[] {
  const subjects = [
    { name: 'snapshot-handover-legacy', build: () => getScenario('snapshot-handover-legacy')!.model('small') },
    { name: 'outbox-cdc a=2 r=1', build: () => buildScenario('outbox-cdc', { aggregates: 2, requests: 1 }) },
  ];
  const combos = [
    ['unreduced', {}],
    ['por', { reduction: 'por' }],
    ['symmetry', { symmetry: true }],
    ['por + symmetry', { reduction: 'por', symmetry: true }],
  ] as const;
  return subjects.flatMap((subject) =>
    combos.map(([label, options]) => ({
      name: `${subject.name}, ${label}`,
      group: POR_SYMMETRY_GROUP,
      maxRuns: 3,
      build: () => ({ model: subject.build(), options: { ...options } }),
    })),
  );
}
