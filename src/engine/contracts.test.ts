import { describe, expect, it } from 'vitest';
import { always, check, ModelError, sometimes } from '../index.ts';
import type { CheckOptions, Model } from '../index.ts';
import { fingerprintedMaps } from './fixtures/parallelGaps.ts';
import { ModelRunner } from './internal/ModelRunner.ts';

/** Runs `check` and returns the error it throws (the test fails if it returns a verdict). */
function errorOf<S, A>(model: Model<S, A>, options?: CheckOptions): ModelError {
  let result: unknown;
  try {
    result = check(model, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).hint.length).toBeGreaterThan(20);
    return e as ModelError;
  }
  throw new Error(`expected a ModelError, got a verdict: ${JSON.stringify((result as { status: string }).status)}`);
}

type XY = { x: number; y: number };

/** The model: set one coordinate to 1; never x = 0 with y = 1. */
const xy = (next: (s: XY, a: 'x' | 'y') => XY): Model<XY, 'x' | 'y'> => ({
  name: 'xy',
  initial: () => [{ x: 0, y: 0 }],
  actions: (s) => (['x', 'y'] as const).filter((k) => s[k] === 0),
  next,
  properties: [always('never x=0 with y=1', (s) => !(s.x === 0 && s.y === 1))],
});

describe('next must not mutate its input', () => {
  const mutating = () =>
    xy((s, a) => {
      s[a] = 1;
      return s;
    });

  it('the pure model is violated in one step', () => {
    const result = check(xy((s, a) => ({ ...s, [a]: 1 })));
    expect(result.status).toBe('violated');
    expect(result.violations[0]!.trace.map((t) => t.action)).toEqual([null, 'y']);
  });

  it('the mutating model is a typed error, not ok, naming the action, the change and the step', () => {
    const e = errorOf(mutating());
    expect(e.code).toBe('next-mutated-state');
    expect(e.message).toBe('model xy: next(state, "x") changed its input state, at step 0 of the trace: it was {"x":0,"y":0}, and is {"x":1,"y":0} afterwards');
    expect(e.hint).toMatch(/return a new state .* immer/);
    expect(e.trace).toEqual([{ action: null, state: { x: 0, y: 0 } }]);
  });

  it('random mode gives the same typed error', () => {
    expect(errorOf(mutating(), { mode: 'random', seed: 1, runs: 10 }).code).toBe('next-mutated-state');
  });

  it('a mutation deep in the search is still caught: calls are sampled, the first ones always', () => {
    // A counter to 3000 that mutates its input only from n = 1500 on: its first 64 calls are
    // clean, so only the later sampling (one call in 1024) can see it.
    const model: Model<{ n: number }, 'Inc'> = {
      name: 'late-mutation',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n < 3000 ? ['Inc'] : []),
      next: (s) => {
        if (s.n < 1500) return { n: s.n + 1 };
        s.n++;
        return { ...s };
      },
      properties: [always('never negative', ({ n }) => n >= 0)],
    };
    const e = errorOf(model);
    expect(e.code).toBe('next-mutated-state');
    expect(e.message).toMatch(/it was \{"n":2047\}, and is \{"n":2048\} afterwards/);
    expect(e.trace).toHaveLength(2048);
  });

  it('the replay that rebuilds the trace samples nothing: the trace is whole, or empty if the replay fails', () => {
    // Clean for its first 2047 calls, then next() changes its input in place, which the sampled
    // call 2048 sees. The replay of the 2047 steps to that input makes calls 2049 to 4095, and
    // 3072 would be sampled. `afterwards` says what next() does from call 2049 on.
    const model = (afterwards: 'mutates' | 'throws'): Model<{ n: number }, 'Inc'> => {
      let calls = 0;
      return {
        name: `mutates-then-${afterwards}`,
        initial: () => [{ n: 0 }],
        actions: ({ n }) => (n < 3000 ? ['Inc'] : []),
        next: (s) => {
          calls++;
          if (calls > 2048 && afterwards === 'throws') throw new Error('next() has broken down');
          const out = { n: s.n + 1 };
          if (calls >= 2048) s.n = -1;
          return out;
        },
        properties: [always('never negative', ({ n }) => n >= 0)],
      };
    };
    const whole = errorOf(model('mutates'));
    expect(whole.code).toBe('next-mutated-state');
    expect(whole.message).toMatch(/at step 2047 of the trace: it was \{"n":2047\}, and is \{"n":-1\} afterwards$/);
    expect(whole.trace).toHaveLength(2048);
    const empty = errorOf(model('throws'));
    expect(empty.code).toBe('next-mutated-state');
    expect(empty.message).toMatch(/at step 0 of the trace: it was \{"n":2047\}, and is \{"n":-1\} afterwards$/);
    expect(empty.trace).toEqual([]);
  });

  it('a model whose states are not plain data is compared by its own key', () => {
    const model: Model<Map<string, number>, 'Inc'> = {
      name: 'map-state',
      initial: () => [new Map([['n', 0]])],
      actions: (s) => (s.get('n')! < 3 ? ['Inc'] : []),
      next: (s) => s.set('n', s.get('n')! + 1),
      key: (s) => String(s.get('n')),
      properties: [always('small', (s) => s.get('n')! < 10)],
    };
    expect(errorOf(model).code).toBe('next-mutated-state');
    expect(check({ ...model, next: (s) => new Map([['n', s.get('n')! + 1]]) }).status).toBe('ok');
  });
});

describe('a property must return a boolean', () => {
  it("the string 'no' is a ModelError naming the property, the value and the step", () => {
    const model: Model<{ n: number }, 'Inc'> = {
      name: 'stringly',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n < 3 ? ['Inc'] : []),
      next: ({ n }) => ({ n: n + 1 }),
      properties: [always('answers', ({ n }) => (n < 2 ? true : 'no') as unknown as boolean)],
    };
    const e = errorOf(model);
    expect(e.code).toBe('property-not-boolean');
    expect(e.message).toBe('model stringly: property "answers" returned "no", not true or false, at step 2 of the trace');
    expect(e.trace.map((t) => (t.state as { n: number }).n)).toEqual([0, 1, 2]);
    expect(errorOf(model, { mode: 'random', seed: 2, runs: 5 }).code).toBe('property-not-boolean');
  });

  it('undefined and 0 are refused too, in every kind of property', () => {
    for (const value of [undefined, 0, null, 1]) {
      const model: Model<{ n: number }, never> = {
        name: 'falsy',
        initial: () => [{ n: 0 }],
        actions: () => [],
        next: (s) => s,
        properties: [sometimes('value', () => value as unknown as boolean)],
      };
      expect(errorOf(model).code).toBe('property-not-boolean');
    }
  });
});

describe('the key contract', () => {
  const counter = (key: (s: { n: number }) => string): Model<{ n: number }, 'Inc'> => ({
    name: 'keyed-counter',
    initial: () => [{ n: 0 }],
    actions: ({ n }) => (n < 3 ? ['Inc'] : []),
    next: ({ n }) => ({ n: n + 1 }),
    key,
    properties: [always('below 2', ({ n }) => n < 2)],
  });

  it('a sound key finds the violation', () => {
    expect(check(counter(({ n }) => `n${n}`)).status).toBe('violated');
  });

  it('a constant key is a typed error naming both states, not ok on one state', () => {
    const e = errorOf(counter(() => 'same'));
    expect(e.code).toBe('key-collision');
    expect(e.message).toBe(
      'model keyed-counter: key(state) gave the same key to two different states: {"n":1} (the end of the trace) and {"n":0} (first met at step 0 of its shortest path), so the search would take one for the other',
    );
    expect(e.hint).toMatch(/include every field/);
    expect(e.trace.map((t) => t.state)).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it('two initial states with one key are caught too', () => {
    const e = errorOf({ ...counter(() => 'same'), initial: () => [{ n: 0 }, { n: 2 }] });
    expect(e.code).toBe('key-collision');
    expect(e.message).toMatch(/\{"n":2\} \(the end of the trace\) and \{"n":0\}/);
    expect(e.trace).toEqual([{ action: null, state: { n: 2 } }]); // the second initial state itself
  });

  it('with its own fingerprint and states that are not plain data, a violation cannot be given a replay string: a ModelError with its trace', () => {
    // The search needs only the fingerprint; a replay string needs stable JSON or key().
    const e = errorOf(fingerprintedMaps());
    expect(e.code).toBe('unserialisable-state');
    expect(e.message).toMatch(/^model fingerprinted-maps: the last state of the trace cannot be serialised: state is a Map instance/);
    expect(e.trace.map((t) => (t.state as Map<string, number>).get('n'))).toEqual([0, 1, 2]);
  });

  it('a key that merges only some states is caught where they meet', () => {
    // n and n + 10 share a key: the counter reaches 10 after 10 steps.
    const model = { ...counter(({ n }) => String(n % 10)), actions: ({ n }: { n: number }) => (n < 12 ? (['Inc'] as const) : []) };
    expect(errorOf({ ...model, properties: [] }).code).toBe('key-collision');
  });
});

describe('the representative contract (symmetry)', () => {
  /** Two interchangeable counters up to 3, whose properties do not tell them apart. */
  const pair = (over: Partial<Model<number[], number>>): Model<number[], number> => ({
    name: 'pair',
    initial: () => [[0, 0]],
    actions: (s) => s.flatMap((v, i) => (v < 3 ? [i] : [])),
    next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)),
    representative: (s) => [...s].sort(),
    properties: [always('below 3', (s) => s.every((v) => v < 3))],
    ...over,
  });

  it('a sound representative finds the violation', () => {
    expect(check(pair({}), { symmetry: true }).status).toBe('violated');
  });

  it('a constant representative is a typed error, not ok on one state', () => {
    const e = errorOf(pair({ representative: () => [0, 0] }), { symmetry: true });
    expect(e.code).toBe('representative-merges-initial');
    expect(e.message).toBe('model pair: representative(state) gives [1,0], reached in 1 steps, the symmetric key of an initial state, though it is not an initial state');
    expect(e.trace.map((t) => t.state)).toEqual([[0, 0], [1, 0]]);
  });

  it('a constant representative of a counter, which has no symmetry at all', () => {
    const counter: Model<{ n: number }, 'Inc'> = {
      name: 'counter',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n < 3 ? ['Inc'] : []),
      next: ({ n }) => ({ n: n + 1 }),
      representative: () => ({ n: 0 }),
      properties: [always('below 2', ({ n }) => n < 2)],
    };
    expect(errorOf(counter, { symmetry: true }).code).toBe('representative-merges-initial');
  });

  it('a representative that enables other actions than its state', () => {
    const e = errorOf(pair({ representative: (s) => [...s].sort().map((v) => Math.min(v, 2)), properties: [] }), { symmetry: true });
    expect(e.code).toBe('representative-changes-actions');
    expect(e.message).toMatch(/the state enables 1 actions, its representative 2\. The state is \[3,0\], its representative \[0,2\]$/);
    // The trace ends in the state itself, reached by the action that made it.
    expect(e.trace.map((t) => t.action)).toEqual([null, 0, 0, 0]);
    expect(e.trace.at(-1)!.state).toEqual([3, 0]);
  });

  it('a representative that is not idempotent', () => {
    const e = errorOf(pair({ representative: (s) => [...s].reverse(), properties: [] }), { symmetry: true });
    expect(e.code).toBe('representative-not-idempotent');
  });

  it('a property that tells the symmetric states apart', () => {
    const e = errorOf(pair({ properties: [sometimes('first reaches 3', (s) => s[0] === 3)] }), { symmetry: true });
    expect(e.code).toBe('representative-changes-property');
  });

  it('a constant representativeKey is a typed error naming both representatives', () => {
    const e = errorOf(pair({ representativeKey: () => 'same' }), { symmetry: true });
    expect(e.code).toBe('representative-key-collision');
    expect(e.message).toMatch(/\[0,1\] \(the end of the trace\) and \[0,0\] \(first met at step 0/);
  });

  it('none of these checks runs without symmetry', () => {
    expect(check(pair({ representative: () => [0, 0], representativeKey: () => 'same' })).status).toBe('violated');
  });
});

describe('a fingerprint collision is not blamed on the key', () => {
  it('states with different keys that meet in the visited set pass the key check', () => {
    const model: Model<{ n: number }, 'Inc'> = {
      name: 'keyed',
      initial: () => [{ n: 0 }],
      actions: () => [],
      next: (s) => s,
      key: ({ n }) => `n${n}`,
      properties: [],
    };
    const runner = new ModelRunner(model, false);
    // As if {n: 1} had the 64-bit fingerprint of {n: 0}: the keys differ, the model is not at fault.
    expect(() => runner.checkRevisit({ n: 1 }, [{ action: null, state: { n: 0 } }], () => [], 1)).not.toThrow();
    const constant = new ModelRunner({ ...model, key: () => 'k' }, false);
    expect(() => constant.checkRevisit({ n: 1 }, [{ action: null, state: { n: 0 } }], () => [], 1)).toThrow(/same key to two different states/);
  });
});
