import { describe, expect, it } from 'vitest';
import { scenarios } from '../models/scenarios.ts';
import { check } from '../src/engine/check.ts';
import { expectExpectedVerdicts } from './internal/checkScenario.ts';

// Every catalogue scenario at its default scope, searched with subsumption by fault budgets,
// alone and with partial-order reduction: the verdicts are the scenario's expected ones, every
// sometimes property is still reached, and every counterexample replays. Alone, subsumption
// keeps shortest counterexamples: a state it skips is covered by one met no deeper, which runs
// every step the skipped one would, so a violation is found at the depth the full search finds
// it. The search's own checks of the budgets (every skipped terminal state, sampled covers) run
// on the way.
describe.each(scenarios.map((s) => [s.id, s] as const))('%s with subsumption', (_id, scenario) => {
  it('gives the expected verdicts and reaches every sometimes, alone and with partial-order reduction; alone, its counterexamples are as short as the full search\'s', () => {
    const full = check(scenario.model(), {});
    for (const options of [{ subsumption: true }, { subsumption: true, reduction: 'por' as const }]) {
      const r = check(scenario.model(), options);
      expect(r.stats.subsumption?.applied).toBe(true);
      expectExpectedVerdicts(scenario, r);
      if (options.reduction) continue;
      for (const v of r.violations) expect(v.trace.length).toBe(full.violations.find((w) => w.property === v.property)!.trace.length);
    }
  });
});

describe('subsumption on the CDC world', () => {
  it('skips states of outbox-cdc that a state with more fault budget left covers: 1.5 times fewer, or more, with the same verdicts', () => {
    const scenario = scenarios.find((s) => s.id === 'outbox-cdc')!;
    const full = check(scenario.model(), { exploreAll: true });
    const sub = check(scenario.model(), { exploreAll: true, subsumption: true });
    expect(sub.violations.map((v) => v.property)).toEqual(full.violations.map((v) => v.property));
    expect(sub.stats.subsumption!.subsumed).toBeGreaterThan(0);
    expect(full.stats.states / sub.stats.states).toBeGreaterThan(1.5);
  });
});
