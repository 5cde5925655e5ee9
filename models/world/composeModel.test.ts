import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import type { Model } from '../../src/engine/Model.ts';
import { buildScenario, scenarios } from '../scenarios.ts';
import type { Action } from './Action.ts';
import type { World } from './World.ts';

/** Freezes `v` and everything reachable from it, so any write to a stored state throws. */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  } else if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) deepFreeze(x);
  }
  return v;
}

/** The model with every state it hands out deep-frozen: effects that write a shared part throw. */
function frozen(model: Model<World, Action>): Model<World, Action> {
  return { ...model, initial: () => model.initial().map(deepFreeze), next: (s, a) => deepFreeze(model.next(s, a)) };
}

describe('hand-written copies (the default) against immer', () => {
  // Two large spaces that add no effect the others lack: snapshot-crash (124k states when
  // explored in full), and slot-lost-when-needed-crash (134k), whose effects are
  // slot-lost-when-needed's and the connector's crash.
  const ids = scenarios.map((s) => s.id).filter((id) => id !== 'snapshot-crash' && id !== 'slot-lost-when-needed-crash');
  it.each(ids)('%s: explores exactly the states immer explores, never writing a stored state', (id) => {
    const a = check(frozen(buildScenario(id, { updates: 'immer' })), { exploreAll: true });
    const b = check(frozen(buildScenario(id, { updates: 'copy' })), { exploreAll: true });
    expect(b.stats.states).toBe(a.stats.states);
    expect(b.stats.transitions).toBe(a.stats.transitions);
    expect(b.violations.map((v) => v.replay)).toEqual(a.violations.map((v) => v.replay));
  });
});

describe('symmetry hooks', () => {
  it('offers a representative only where two or more aggregates are interchangeable', () => {
    const one = buildScenario('outbox-cdc', { aggregates: 1, requests: 1 });
    expect(one.representative).toBeUndefined();
    expect(one.representativeFingerprint).toBeUndefined();
    // Asked for symmetry anyway, the search says there is nothing to reduce by.
    expect(() => check(one, { symmetry: true })).toThrow(/no representative/);
    const two = buildScenario('outbox-cdc', { aggregates: 2, requests: 1 });
    expect(typeof two.representative).toBe('function');
    expect(typeof two.representativeFingerprint).toBe('function');
  });
});
