import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { atQuiescence, eventually } from './Property.ts';

// What the exhaustive search does with partial-order reduction beside choosing ample sets
// (AmpleSets.test.ts): the cycle proviso is owed only while an always or sometimes property is
// open, and a reduction switched off for eventually properties says which ones.

type S = { bit: number; set: boolean };

/** A toggler that flips a bit for ever (invisible, independent) and a setter that sets once. */
function toggleAndSet(properties: Model<S, 'Toggle' | 'Set'>['properties']): Model<S, 'Toggle' | 'Set'> {
  return {
    name: 'toggle-and-set',
    initial: () => [{ bit: 0, set: false }],
    actions: (s) => ['Toggle', ...(s.set ? [] : ['Set' as const])],
    next: (s, x) => (x === 'Toggle' ? { ...s, bit: 1 - s.bit } : { ...s, set: true }),
    properties,
    independence: {
      footprint: (_, x) => (x === 'Toggle' ? { actor: 'toggler', reads: ['bit'], writes: ['bit'], visible: false } : { actor: 'setter', reads: ['set'], writes: ['set'], visible: false }),
      reach: (s) => ({ toggler: { reads: ['bit'], writes: ['bit'] }, ...(s.set ? {} : { setter: { reads: ['set'], writes: ['set'] } }) }),
    },
  };
}

describe('checkExhaustive under partial-order reduction', () => {
  it('owes no cycle proviso when only terminal states are judged: a reduced set may close a cycle', () => {
    // Only atQuiescence: the reduction keeps every terminal state (there is none: the toggler never
    // stops), so the toggle's cycle is followed without expanding the setter.
    const r = check(toggleAndSet([atQuiescence('set at the end', (s) => s.set)]), { reduction: 'por', exploreAll: true });
    expect(r.status).toBe('ok');
    expect(r.stats.states).toBe(2);
    expect(r.stats.reduction).toMatchObject({ applied: true, reducedStates: 2, provisoExpansions: 0 });
  });

  it('names every eventually property it was switched off for', () => {
    const r = check(toggleAndSet([eventually('sets', (s) => s.set), eventually('flips', (s) => s.bit === 1)]), { reduction: 'por' });
    expect(r.stats.reduction).toMatchObject({ applied: false, note: 'not applied: the model has eventually properties (sets, flips), which the reduction does not preserve' });
  });
});
