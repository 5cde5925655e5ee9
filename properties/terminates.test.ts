import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { eventually } from '../src/engine/Property.ts';
import { scenarios } from '../models/scenarios.ts';

/**
 * The catalogue's invariants are `atQuiescence`: checked in every terminal state. That covers
 * every behaviour only if every maximal path ends in one, so each scenario's world must
 * terminate: `eventually quiescent` must hold, which the engine's liveness check refutes with a
 * lasso if any fair cycle exists.
 */
describe('every scenario terminates, so atQuiescence covers every maximal path', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s: every path reaches a terminal state', (_, scenario) => {
    const model = scenario.model();
    const quiescent = eventually('quiescent', (w: Parameters<typeof model.actions>[0]) => model.actions(w).length === 0);
    const result = check({ ...model, properties: [quiescent] });
    expect(result.violations).toEqual([]);
    expect(result.status).toBe('ok');
  });
});
