import { describe, expect, it } from 'vitest';
import { eventually } from '../Property.ts';
import { WalkLiveness } from './WalkLiveness.ts';

const done = eventually<string>('done', (s) => s === 'done');
const walk = (fairness: ('weak' | 'strong')[], steps: [key: string, enabled: number, took: number][]) => {
  const w = new WalkLiveness([done], fairness);
  for (const [key, enabled, took] of steps) {
    const lasso = w.visit(key, enabled, (p) => p.holds(key));
    if (lasso) return lasso;
    w.took(took);
  }
  return w.terminal();
};

describe('liveness along one random walk', () => {
  it('a walk that comes back to a state with the goal false all along is a lasso', () => {
    expect(walk([], [['a', 0, 0], ['b', 0, 0], ['a', 0, 0]])).toEqual({ property: done, loopsBackTo: 0 });
  });

  it('a walk that reached the goal once is no counterexample, cycle or not', () => {
    const w = new WalkLiveness([done], []);
    expect(w.visit('done', 0, (p) => p.holds('done'))).toBeNull();
    w.took(0);
    expect(w.visit('x', 0, (p) => p.holds('x'))).toBeNull();
    expect(w.watching).toBe(false);
    expect(w.terminal()).toBeNull();
  });

  it('ending in a terminal state with the goal false all along is a finite counterexample', () => {
    expect(walk([], [['a', 0, 0], ['b', 0, 0]])).toEqual({ property: done });
  });

  it('weak fairness: a cycle that keeps a group enabled and never takes it is no lasso', () => {
    // Group 0 enabled in a and b, never taken: unfair.
    expect(walk(['weak'], [['a', 1, 0], ['b', 1, 0], ['a', 1, 0], ['c', 0, 0]])).toEqual({ property: done });
    // Disabled in b: the cycle is fair.
    expect(walk(['weak'], [['a', 1, 0], ['b', 0, 0], ['a', 1, 0]])).toEqual({ property: done, loopsBackTo: 0 });
    // Taken on the way round: fair.
    expect(walk(['weak'], [['a', 1, 1], ['b', 1, 0], ['a', 1, 0]])).toEqual({ property: done, loopsBackTo: 0 });
  });

  it('strong fairness: a group enabled somewhere on the cycle and never taken rules it out', () => {
    expect(walk(['strong'], [['a', 0, 0], ['b', 1, 0], ['a', 0, 0], ['c', 0, 0]])).toEqual({ property: done });
    expect(walk(['strong'], [['a', 0, 0], ['b', 0, 0], ['a', 0, 0]])).toEqual({ property: done, loopsBackTo: 0 });
  });

  it('only the steps of the cycle count, not the stem before it', () => {
    // The group is taken on the stem (x → a) but not on the cycle a → b → a, where it stays enabled.
    expect(walk(['weak'], [['x', 1, 1], ['a', 1, 0], ['b', 1, 0], ['a', 1, 0], ['end', 0, 0]])).toEqual({ property: done });
  });
});
