import { buildScenario, scenarios } from '../models/scenarios.ts';
import type { BenchCase } from './engineCases.ts';

/** Bounds for the growth table, so a scope that explodes reports `incomplete` instead of hanging. */
const GROWTH_BOUNDS = { maxStates: 2_000_000, timeoutMs: 20_000 } as const;

/**
 * Benchmark cases for the registered scenarios:
 * - every scenario at its default scope, checked as `npm run check` checks it;
 * - `outbox-cdc` stepped through compiled transition tables against xstate's `transition`, with
 *   the hand-written copy against immer's `produce`, and in steady state (after three warm-up
 *   runs, JIT-compiled, on a collected heap);
 * - the worlds' packed frontier (`CollapseCodec`) against a frontier of objects, in time and peak
 *   memory;
 * - state-space growth with scope (aggregates 1→3 × requests 1→3), whole space explored,
 *   with and without symmetry reduction over aggregates.
 */
export function scenarioCases(): BenchCase[] {
  const cases: BenchCase[] = scenarios.map((s) => ({
    name: `${s.id}`,
    group: 'scenarios at the default scope (as npm run check)',
    build: () => ({ model: s.model('small'), options: {} }),
  }));
  for (const compiled of [true, false]) {
    cases.push({
      name: `outbox-cdc, ${compiled ? 'compiled tables' : 'xstate transition per step'}`,
      group: 'machine stepping (outbox-cdc, whole space)',
      build: () => ({ model: buildScenario('outbox-cdc', { compiled }), options: { exploreAll: true } }),
    });
  }
  cases.push({
    name: 'outbox-cdc, immer produce instead of the copy',
    group: 'machine stepping (outbox-cdc, whole space)',
    build: () => ({ model: buildScenario('outbox-cdc', { updates: 'immer' }), options: { exploreAll: true } }),
  });
  for (const [aggregates, requests] of [[1, 2], [2, 1]] as const) {
    cases.push({
      name: `outbox-cdc a=${aggregates} r=${requests}, steady state`,
      group: 'machine stepping (outbox-cdc, whole space)',
      warmUps: 3,
      build: () => ({ model: buildScenario('outbox-cdc', { aggregates, requests }), options: { exploreAll: true } }),
    });
  }
  // The frontier: the worlds packed by their `CollapseCodec`, against the objects themselves.
  for (const [aggregates, requests] of [[2, 1], [1, 3]] as const) {
    for (const packed of [true, false]) {
      cases.push({
        name: `outbox-cdc a=${aggregates} r=${requests}, ${packed ? 'CollapseCodec' : 'object'} frontier`,
        group: 'the frontier (outbox-cdc, whole space): CollapseCodec against objects',
        maxRuns: 3,
        build: () => {
          const model = buildScenario('outbox-cdc', { aggregates, requests });
          return { model: packed ? model : { ...model, codec: undefined }, options: { exploreAll: true } };
        },
      });
    }
  }
  for (const id of ['dual-write', 'outbox-cdc']) {
    for (let aggregates = 1; aggregates <= 3; aggregates++) {
      for (let requests = 1; requests <= 3; requests++) {
        for (const symmetry of [false, true]) {
          cases.push({
            name: `${id} a=${aggregates} r=${requests}${symmetry ? ' sym' : ''}`,
            group: `growth with scope: ${id} (whole space; sym = symmetry reduction; bounded at 2M states or 20 s)`,
            maxRuns: 3,
            build: () => {
              const model = buildScenario(id, { aggregates, requests });
              return { model, options: { ...GROWTH_BOUNDS, exploreAll: true, symmetry: symmetry && !!model.representative } };
            },
          });
        }
      }
    }
  }
  return cases;
}
