import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { grid, type Cell } from './fixtures/grid.ts';
import { modelErrorOf } from './fixtures/modelErrorOf.ts';

/** The n×n grid, symmetric in x and y, keyed by the checker: its representative puts the smaller coordinate first. */
function symmetricGrid(n: number): Model<Cell, 'IncX' | 'IncY'> & { representative(s: Cell): Cell } {
  const { key: _, ...g } = grid(n);
  return { ...g, representative: ({ x, y }) => (x <= y ? { x, y } : { x: y, y: x }) };
}

/** `symmetricGrid` with its own class fingerprint (`hook`), counting the calls of both. */
function hooked(n: number, hook: (s: Cell, into: Int32Array) => void) {
  const calls = { hook: 0, representative: 0 };
  const base = symmetricGrid(n);
  const model: Model<Cell, 'IncX' | 'IncY'> = {
    ...base,
    representative(s) {
      calls.representative++;
      return base.representative(s);
    },
    representativeFingerprint(s, into) {
      calls.hook++;
      hook(s, into);
    },
  };
  return { model, calls };
}

const exact = (s: Cell, into: Int32Array) => {
  into[0] = Math.min(s.x, s.y);
  into[1] = Math.max(s.x, s.y);
};

describe('Model.representativeFingerprint, a model\'s own fingerprint of a symmetry class', () => {
  it('is what the visited set keys by under symmetry: the classes the representative gives, with no representative worked out but the sampled checks\'', () => {
    const { model, calls } = hooked(20, exact);
    const r = check(model, { exploreAll: true, symmetry: true });
    // One class per pair x <= y: 21 · 22 / 2.
    expect(r.stats.states).toBe((21 * 22) / 2);
    expect(r.stats.states).toBe(check(symmetricGrid(20), { exploreAll: true, symmetry: true }).stats.states);
    expect(calls.hook).toBeGreaterThan(0);
    // Each state's class is worked out once (ClassCache): fewer calls than transitions.
    expect(calls.hook).toBeLessThan(r.stats.transitions);
  });

  it('is bypassed by exactKeys and without symmetry', () => {
    const a = hooked(10, exact);
    expect(check(a.model, { exploreAll: true, symmetry: true, exactKeys: true }).stats.states).toBe((11 * 12) / 2);
    expect(a.calls.hook).toBe(0);
    const b = hooked(10, exact);
    expect(check(b.model, { exploreAll: true }).stats.states).toBe(11 * 11);
    expect(b.calls.hook).toBe(0);
  });

  it('merging two classes is a ModelError naming the hook and both states, not a verdict', () => {
    const { model } = hooked(5, (s, into) => {
      into[0] = Math.min(s.x, s.y);
      into[1] = 0;
    });
    const e = modelErrorOf(() => check(model, { exploreAll: true, symmetry: true }));
    expect(e.code).toBe('fingerprint-collision');
    expect(e.message).toMatch(/^model grid-5: representativeFingerprint\(state\) gave the same fingerprint to two states of different representatives: \{"x":\d,"y":\d\} \(the end of the trace\) and \{"x":\d,"y":\d\}/);
    expect(e.hint).toMatch(/hash the whole representative/);
  });

  it('a hook that throws is a ModelError that names it', () => {
    const { model } = hooked(5, (s, into) => {
      if (s.x + s.y === 3) throw new RangeError('jammed');
      exact(s, into);
    });
    const e = modelErrorOf(() => check(model, { exploreAll: true, symmetry: true }));
    expect(e.code).toBe('key-threw');
    expect(e.message).toMatch(/^model grid-5: representativeFingerprint\(state\) for the state after "Inc[XY]" threw RangeError: jammed$/);
  });

  it('adds the odds of the prints that remember the classes to the collision odds', () => {
    const model = symmetricGrid(20);
    const r = check(model, { exploreAll: true, symmetry: true });
    const n = r.stats.states;
    // The states met: more than the classes, at most one per transition and initial state.
    expect(r.stats.collisionProbability).toBeGreaterThan((n * n + n * n) / 2 ** 65);
    expect(r.stats.collisionProbability).toBeLessThanOrEqual((n * n + (r.stats.transitions + 1) ** 2) / 2 ** 65);
    const plain = check(model, { exploreAll: true }).stats;
    expect(plain.collisionProbability).toBe((plain.states * plain.states) / 2 ** 65);
  });
});
