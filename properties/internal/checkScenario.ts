import { expect } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { replayOutcome } from '../../src/engine/replay.ts';
import type { Scenario } from '../../models/Scenario.ts';
import type { CheckResult } from '../../src/engine/CheckResult.ts';
import { getScenario } from '../../models/scenarios.ts';
import type { Action } from '../../models/world/Action.ts';
import type { World } from '../../models/world/World.ts';

const cache = new Map<string, CheckResult<World, Action>>();

/** The exhaustive check of a scenario at its default scope, computed once per test file. */
export function exhaustive(id: string): CheckResult<World, Action> {
  let r = cache.get(id);
  if (!r) {
    const s = getScenario(id);
    if (!s) throw new Error(`no scenario ${id}`);
    r = check(s.model(), {});
    cache.set(id, r);
  }
  return r;
}

/** The action labels of a violation's trace (the initial state has none). */
export function labels(r: CheckResult<World, Action>, property: string): string[] {
  const v = r.violations.find((x) => x.property === property);
  if (!v) throw new Error(`${property} is not violated`);
  return v.trace.flatMap((s) => (s.action ? [s.action.label] : []));
}

/** The states of a violation's trace, initial state first. */
export function states(r: CheckResult<World, Action>, property: string): World[] {
  const v = r.violations.find((x) => x.property === property);
  if (!v) throw new Error(`${property} is not violated`);
  return v.trace.map((s) => s.state);
}

/** Index of the first label matching `pattern` at or after `from`, or -1. */
export function indexOf(list: readonly string[], pattern: RegExp, from = 0): number {
  for (let i = from; i < list.length; i++) if (pattern.test(list[i]!)) return i;
  return -1;
}

/**
 * Asserts what a reduced search of `scenario` must still give: its expected verdicts, every
 * sometimes property reached, and counterexamples that replay on a fresh model as violations
 * of their property, step for step.
 */
export function expectExpectedVerdicts(scenario: Scenario<World, Action>, r: CheckResult<World, Action>): void {
  expect(r.status).not.toBe('incomplete');
  const violated = new Set(r.violations.map((v) => v.property));
  const found = Object.fromEntries(Object.keys(scenario.expected).map((inv) => [inv, violated.has(inv) ? 'violated' : 'holds']));
  expect(found).toEqual(scenario.expected);
  expect(r.violations.filter((v) => v.kind === 'sometimes').map((v) => v.property)).toEqual([]);
  for (const v of r.violations) {
    const out = replayOutcome(scenario.model(), v.replay);
    expect(out.violated.map((x) => x.property)).toContain(v.property);
    expect(out.trace.map((s) => s.action?.label ?? null)).toEqual(v.trace.map((s) => s.action?.label ?? null));
  }
}
