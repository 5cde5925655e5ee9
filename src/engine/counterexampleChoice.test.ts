import { describe, expect, it } from 'vitest';
import { check, eventually, weakFairness } from '../index.ts';
import type { Fairness, Model } from '../index.ts';
import { ring } from './fixtures/liveness.ts';

// Which counterexample to `eventually` the exhaustive search reports: a path on which the goal is
// false in every state, the shortest there is, the first found on a tie.

type At = { at: string };
/** A graph model: `edges[at]` lists the states each action of `at` leads to, in order. */
const graph = (edges: Record<string, string[]>, goal: string, fairness: Fairness<string>[] = []): Model<At, string> => ({
  name: 'graph',
  initial: () => [{ at: 'a' }],
  actions: ({ at }) => (edges[at] ?? []).map((to) => `${at}>${to}`),
  next: (_, action) => ({ at: action.split('>')[1]! }),
  properties: [eventually(`reaches ${goal}`, ({ at }) => at === goal)],
  fairness,
});
const only = (model: Model<At, string>) => {
  const r = check(model);
  expect(r.violations).toHaveLength(1);
  const v = r.violations[0]!;
  return { states: v.trace.map((s) => s.state.at), loopsBackTo: v.loopsBackTo };
};

describe('the counterexample to eventually', () => {
  it('a path whose first state already satisfies the goal is no counterexample, whatever follows', () => {
    // a is the goal; b ⇄ c loop for ever after it.
    const r = check(graph({ a: ['b'], b: ['c'], c: ['b'] }, 'a'));
    expect(r.status).toBe('ok');
  });

  it('of two dead ends, the nearer one', () => {
    expect(only(graph({ a: ['b', 'c'], c: ['d'] }, 'goal'))).toEqual({ states: ['a', 'b'], loopsBackTo: undefined });
  });

  it('of two lassos, the shorter, whichever cycle the search closes first', () => {
    // a → b → b (stem 1, cycle 1) is shorter than a → c → d → c (stem 1, cycle 2).
    expect(only(graph({ a: ['c', 'b'], b: ['b'], c: ['d'], d: ['c'] }, 'goal'))).toEqual({ states: ['a', 'b', 'b'], loopsBackTo: 1 });
  });

  it('of two lassos as long as each other, the one entered first', () => {
    // a → c → a (cycle at the start) and a → b → b (stem 1, cycle 1): two steps each.
    expect(only(graph({ a: ['c', 'b'], c: ['a'], b: ['b'] }, 'goal'))).toEqual({ states: ['a', 'c', 'a'], loopsBackTo: 0 });
  });

  it('a cycle that can close in one step is reported in one step', () => {
    // a → a directly, or a → c → a.
    expect(only(graph({ a: ['a', 'c'], c: ['a'] }, 'goal'))).toEqual({ states: ['a', 'a'], loopsBackTo: 0 });
  });

  it('a fair cycle that must take a fair action goes round once, not twice', () => {
    const r = check({ ...ring(), fairness: [weakFairness('step', () => true)] });
    expect(r.violations.map((v) => [v.trace.map((s) => s.state.n), v.loopsBackTo])).toEqual([[[0, 1, 2, 0], 0]]);
  });
});
