import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { always, eventually } from './Property.ts';
import { replayOutcome } from './replay.ts';
import { decodeReplay } from './replayString.ts';

// An optional field with nothing to say is left out, never present as `undefined`: the JSON
// output is the same either way, but `'field' in value` and `Object.keys` are not.

type N = { n: number };

/** A counter to 3 that loops at 3 (Stay), so that "reaches 9" is refuted by a lasso; "below 2" fails at 2. */
const counter = (): Model<N, 'Inc' | 'Stay'> => ({
  name: 'counter',
  initial: () => [{ n: 0 }],
  actions: ({ n }) => (n < 3 ? ['Inc'] : ['Stay']),
  next: ({ n }, a) => ({ n: a === 'Inc' ? n + 1 : n }),
  properties: [always<N>('below 2', ({ n }) => n < 2), eventually<N>('reaches 9', ({ n }) => n === 9)],
});

describe('optional fields are absent, not undefined', () => {
  it('a violation without a lasso or an explanation has no loopsBackTo and no reason, in both modes', () => {
    // Random mode adds what fast-check says of the run (`fastCheck`).
    for (const [options, extra] of [[{}, []], [{ mode: 'random' as const, seed: 1, runs: 20 }, ['fastCheck']]] as const) {
      const r = check(counter(), options);
      const v = r.violations.find((x) => x.property === 'below 2')!;
      expect(Object.keys(v).sort()).toEqual([...extra, 'kind', 'property', 'replay', 'trace']);
      const lasso = r.violations.find((x) => x.property === 'reaches 9')!;
      expect(Object.keys(lasso).sort()).toEqual([...extra, 'kind', 'loopsBackTo', 'property', 'replay', 'trace']);
    }
  });

  it('a search without a violation has no firstViolationMs, in both modes', () => {
    const holding = { ...counter(), properties: [always<N>('small', ({ n }) => n < 10)] };
    for (const options of [{}, { mode: 'random' as const, seed: 1, runs: 20 }]) {
      expect('firstViolationMs' in check(holding, options).stats).toBe(false);
    }
  });

  it('a replay string without a loop decodes without loopsBackTo, and its outcome has none either, nor a reason', () => {
    const r = check(counter());
    const v = r.violations.find((x) => x.property === 'below 2')!;
    expect('loopsBackTo' in decodeReplay(v.replay)).toBe(false);
    const outcome = replayOutcome(counter(), v.replay);
    expect('loopsBackTo' in outcome).toBe(false);
    expect(outcome.violated).toEqual([{ property: 'below 2', kind: 'always' }]);
    expect(Object.keys(outcome.violated[0]!).sort()).toEqual(['kind', 'property']);
  });
});
