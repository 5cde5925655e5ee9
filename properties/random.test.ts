import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { buildScenario, scenarios } from '../models/scenarios.ts';
import { exhaustive } from './internal/checkScenario.ts';
import type { CheckResult } from '../src/engine/CheckResult.ts';
import type { World } from '../models/world/World.ts';
import type { Action } from '../models/world/Action.ts';

const violating = scenarios.filter((s) => Object.values(s.expected).includes('violated'));

/**
 * Rows whose loss needs a rare order of independent steps get more random schedules. On
 * dbz-7816-no-data-delete the router's dropped delete must be reported back before the insert's
 * acknowledgement, the commit timer must fire between them, and the connector must crash before
 * the insert is resent: seed 7 hits that in 1,000 schedules, not in 200. On dbz-7816-inflight a
 * failed send, the later record's acknowledgement, the commit timer and the crash must all come
 * before the resend: seed 7 hits it in 10,000 schedules (about 5 s), not in 5,000. On
 * dbz-7816-partition-acks the later partition's acknowledgement, the commit timer and the crash
 * must all come before the earlier record's acknowledgement: seed 7 hits it in 1,000, not in 200.
 * On slot-lost-when-needed-crash the snapshot must complete and its offset be stored, the slot be
 * lost, a row commit, and the connector crash while it snapshots again, before any new offset is
 * stored: seed 7 hits it in 1,000, not in 700.
 */
const runsFor: Readonly<Record<string, number>> = { 'dbz-7816-no-data-delete': 1000, 'dbz-7816-inflight': 10_000, 'dbz-7816-partition-acks': 1000, 'slot-lost-when-needed-crash': 1000 };

/**
 * Random mode at the larger `medium` scope (more requests or more faults than the default)
 * must find every violation the scenario expects, and fast-check's shrinking must bring each
 * trace within twice the length of the shortest one: the breadth-first trace at the default
 * scope for `always` properties, and at the same scope for `atQuiescence` properties, whose
 * traces must run on to a terminal state and so grow with the scope.
 */
describe.each(violating.map((s) => [s.id, s] as const))('%s, at random in the medium scope', (id, scenario) => {
  it('finds every expected violation, with a shrunk trace at most twice the shortest', () => {
    const model = buildScenario(id, { scope: 'medium' });
    const random = check(model, { mode: 'random', seed: 7, runs: runsFor[id] ?? 200, maxSteps: 80 });
    const small = exhaustive(id);
    let medium: CheckResult<World, Action> | undefined;
    for (const [inv, verdict] of Object.entries(scenario.expected)) {
      if (verdict !== 'violated') continue;
      const found = random.violations.find((v) => v.property === inv);
      expect(found, `${inv} found at random`).toBeDefined();
      let shortest = small.violations.find((v) => v.property === inv)!;
      if (found!.kind === 'atQuiescence') {
        medium ??= check(model, { maxStates: 400_000 });
        shortest = medium.violations.find((v) => v.property === inv)!;
        expect(shortest, `${inv}: breadth-first search at the medium scope found it (${medium.status})`).toBeDefined();
      }
      expect(found!.trace.length - 1, `${inv}: random ${found!.trace.length - 1} steps vs shortest ${shortest.trace.length - 1}`).toBeLessThanOrEqual(2 * (shortest.trace.length - 1));
      expect(found!.fastCheck?.seed).toBeTypeOf('number');
    }
  });
});

describe('outbox-cdc at random in the medium scope', () => {
  it('finds no violation in many schedules (sampling, not proof: the status stays incomplete)', () => {
    const r = check(buildScenario('outbox-cdc', { scope: 'medium' }), { mode: 'random', seed: 7, runs: 300, maxSteps: 80 });
    expect(r.violations.filter((v) => v.kind !== 'sometimes')).toEqual([]);
    expect(r.status).toBe('incomplete');
  });
});

/**
 * The larger scopes must keep what a scenario declares: `--scope medium` and `--scope large` are
 * its question asked at a larger size, not another question. Exhaustive search does not finish
 * there in a test's time, but a seeded sample of schedules finds an invariant declared to hold
 * that a fault added to the larger scope breaks (as a crash budget once did to
 * dual-write-concurrent's no-lost-events and listen-to-yourself's exactly-once-effect).
 */
describe.each(['medium', 'large'] as const)('at random in the %s scope', (scope) => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s breaks no invariant it declares to hold', (id, scenario) => {
    const r = check(buildScenario(id, { scope }), { mode: 'random', seed: 7, runs: 200, maxSteps: 80 });
    const expected: Readonly<Record<string, string | undefined>> = scenario.expected;
    const unexpected = r.violations.filter((v) => v.kind !== 'sometimes' && expected[v.property] !== 'violated');
    expect(unexpected.map((v) => `${v.property} in ${v.trace.length - 1} steps: ${v.replay}`)).toEqual([]);
  });
});
