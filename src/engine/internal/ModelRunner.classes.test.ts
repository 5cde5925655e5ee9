import { describe, expect, it } from 'vitest';
import type { Model } from '../Model.ts';
import { StructuralFingerprint } from '../StructuralFingerprint.ts';
import { ModelRunner } from './ModelRunner.ts';
import { StateKey } from './VisitedStates.ts';

type Pair = { a: number; b: number };
/** A model whose representative orders the pair and counts its calls. */
function pairs(calls: { n: number }, extra: Partial<Model<Pair, string>> = {}): Model<Pair, string> {
  return {
    name: 'pairs',
    initial: () => [{ a: 0, b: 0 }],
    actions: () => [],
    next: (s) => s,
    properties: [],
    representative: (s) => {
      calls.n++;
      return s.a <= s.b ? s : { a: s.b, b: s.a };
    },
    ...extra,
  };
}

/** The prints a runner gives `states` under symmetry, and the representatives it worked out. */
function printsOf(states: Pair[], canonical: boolean, extra: Partial<Model<Pair, string>> = {}): { prints: string[]; calls: number } {
  const calls = { n: 0 };
  const runner = new ModelRunner(pairs(calls, extra), true, false, canonical);
  const key = new StateKey();
  const prints = states.map((s) => {
    runner.keyInto(key, s, () => []);
    return key.fingerprint.join();
  });
  return { prints, calls: calls.n };
}

describe('ModelRunner under symmetry: classes remembered by the states\' own prints', () => {
  const states = [
    { a: 1, b: 2 },
    { a: 2, b: 1 },
    { a: 1, b: 2 },
    { a: 2, b: 1 },
    { a: 3, b: 3 },
  ];

  it.each([false, true])('gives a class one print, and works out each state\'s representative once (canonical %s)', (canonical) => {
    const { prints, calls } = printsOf(states, canonical);
    expect(prints[1]).toBe(prints[0]);
    expect(prints[2]).toBe(prints[0]);
    expect(prints[3]).toBe(prints[0]);
    expect(prints[4]).not.toBe(prints[0]);
    // Three distinct states met: (1, 2), (2, 1) and (3, 3). (The sampled check of the
    // representative's contract calls it too, on the first keys: hence the margin.)
    const sampled = printsOf([{ a: 9, b: 9 }], canonical).calls - 1;
    expect(calls - sampled * states.length).toBe(3);
  });

  it('gives the print the parallel search gives without the cache: the content hash of the representative', () => {
    const content = new StructuralFingerprint();
    const into = new Int32Array(2);
    const expected = states.map((s) => {
      content.fingerprint(s.a <= s.b ? s : { a: s.b, b: s.a }, into);
      return into.join();
    });
    expect(printsOf(states, true).prints).toEqual(expected);
  });

  it('reports the odds of its prints with the runner\'s cache, and has none without symmetry', () => {
    const runner = new ModelRunner(pairs({ n: 0 }), true);
    const key = new StateKey();
    for (const s of states) runner.keyInto(key, s, () => []);
    expect(runner.classes!.collisionProbability).toBe((3 * 3) / 2 ** 65);
    expect(new ModelRunner(pairs({ n: 0 }), false).classes).toBeNull();
    expect(new ModelRunner(pairs({ n: 0 }), true, true).classes).toBeNull();
    expect(new ModelRunner(pairs({ n: 0 }, { key: (s) => `${s.a},${s.b}` }), true).classes).toBeNull();
  });
});
