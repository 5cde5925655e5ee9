import { describe, expect, it } from 'vitest';
import { scenarios } from '../models/scenarios.ts';
import { check } from '../src/engine/check.ts';
import { expectExpectedVerdicts } from './internal/checkScenario.ts';

// Every catalogue scenario at its default scope, searched with partial-order reduction: the
// verdicts are the scenario's expected ones (which scenarios.test.ts holds the unreduced search
// to), every sometimes property is still reached, and every counterexample replays as a trace
// of the unreduced model that violates its property. The search's own checks of the declaration
// (footprints within reach, invisible steps, sampled diamonds) run on the way.
describe.each(scenarios.map((s) => [s.id, s] as const))('%s with partial-order reduction', (_id, scenario) => {
  it('gives the expected verdicts, reaches every sometimes, and its counterexamples replay', () => {
    const model = scenario.model();
    const r = check(model, { reduction: 'por' });
    expect(r.stats.reduction?.applied).toBe(true);
    expectExpectedVerdicts(scenario, r);
  });
});

describe('partial-order reduction on the CDC world', () => {
  it('explores fewer states where a consumer fetches old records while the pipeline appends, with the same verdicts', () => {
    const scenario = scenarios.find((s) => s.id === 'dbz-7816-no-data-delete')!;
    const full = check(scenario.model(), {});
    const por = check(scenario.model(), { reduction: 'por' });
    expect(por.violations.map((v) => v.property).sort()).toEqual(full.violations.map((v) => v.property).sort());
    expect(por.stats.states).toBeLessThan(full.stats.states);
    expect(por.stats.reduction!.reducedStates).toBeGreaterThan(0);
  });
});
