import { describe, expect, it } from 'vitest';
import { always, atQuiescence, check, ModelError, replay, sometimes } from '../index.ts';
import type { CheckOptions, Model } from '../index.ts';

type N = { n: number };

/** A counter to 3 whose members can be overridden to misbehave. */
const counter = (over: Partial<Model<N, string>> = {}): Model<N, string> => ({
  name: 'counter',
  initial: () => [{ n: 0 }],
  actions: ({ n }) => (n < 3 ? ['Inc'] : []),
  next: ({ n }) => ({ n: n + 1 }),
  properties: [always('never negative', ({ n }) => n >= 0)],
  ...over,
});

/** The ModelError `check` throws; every one must say what happened and how to fix it. */
function modelError<S, A>(model: Model<S, A>, options?: CheckOptions): ModelError {
  let error: unknown;
  try {
    check(model, options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ModelError);
  const e = error as ModelError;
  expect(e.hint.length).toBeGreaterThan(20);
  expect(e.name).toBe(e.constructor.name);
  return e;
}

const jammed = () => {
  throw new RangeError('jammed');
};

describe('each way a model can misbehave is a ModelError with its code, message and trace', () => {
  it('initial() throws', () => {
    const e = modelError(counter({ initial: jammed }));
    expect([e.code, e.message]).toEqual(['initial-threw', 'model counter: initial() threw RangeError: jammed']);
    expect(e.trace).toEqual([]);
    expect(e.cause).toBeInstanceOf(RangeError);
  });

  it('initial() returns no state, or not an array', () => {
    for (const initial of [() => [], () => ({ n: 0 })]) {
      const e = modelError(counter({ initial: initial as never }));
      expect([e.code, e.message]).toEqual(['no-initial-state', 'model counter: initial() must return a non-empty array of states']);
    }
  });

  it('actions() throws, with the trace to the state', () => {
    const e = modelError(counter({ actions: ({ n }) => (n < 2 ? ['Inc'] : jammed()) }));
    expect([e.code, e.message]).toEqual(['actions-threw', 'model counter: actions(state) threw RangeError: jammed']);
    expect(e.trace.map((t) => (t.state as N).n)).toEqual([0, 1, 2]);
    expect(e.cause).toBeInstanceOf(RangeError);
  });

  it('actions() returns something else than an array', () => {
    const e = modelError(counter({ actions: ({ n }) => (n < 1 ? ['Inc'] : ('Inc' as never)) }));
    expect([e.code, e.message]).toEqual(['actions-not-array', 'model counter: actions(state) returned string, not an array']);
    expect(e.trace).toHaveLength(2);
  });

  it('next() returns undefined, naming the action', () => {
    const e = modelError(counter({ next: ({ n }) => (n < 1 ? { n: 1 } : (undefined as never)) }));
    expect([e.code, e.message]).toEqual(['next-undefined', 'model counter: next(state, "Inc") returned undefined']);
    expect(e.trace.map((t) => (t.state as N).n)).toEqual([0, 1]);
  });

  it("key() throws, for an initial state and after an action, in the model's own words", () => {
    const initialKey = modelError(counter({ key: jammed }));
    expect([initialKey.code, initialKey.message]).toEqual(['key-threw', 'model counter: key(state) for an initial state threw RangeError: jammed']);
    expect(initialKey.trace).toEqual([{ action: null, state: { n: 0 } }]); // the initial state that fails
    const afterAction = modelError(counter({ key: ({ n }) => (n < 2 ? String(n) : jammed()), formatAction: (a) => `<${a}>` }));
    expect(afterAction.message).toBe('model counter: key(state) for the state after <Inc> threw RangeError: jammed');
    expect(afterAction.trace.map((t) => (t.state as N).n)).toEqual([0, 1]);
  });

  it('states that are not plain data, with no key(): random mode names the model and gives the counterexample as the trace', () => {
    // Random mode keys no state on its walk: the first it must fingerprint is the violating one.
    type M = Map<string, number>;
    const maps: Model<M, string> = {
      name: 'maps',
      initial: () => [new Map([['n', 0]])],
      actions: (s) => (s.get('n')! < 3 ? ['Inc'] : []),
      next: (s) => new Map([['n', s.get('n')! + 1]]),
      properties: [always<M>('below 2', (s) => s.get('n')! < 2)],
    };
    const e = modelError(maps, { mode: 'random', seed: 1, runs: 10 });
    expect(e.code).toBe('unserialisable-state');
    expect(e.message).toBe('model maps: the last state of the trace cannot be serialised: state is a Map instance (only plain objects and arrays are allowed), which cannot be part of a state key');
    expect(e.trace.map((t) => (t.state as M).get('n'))).toEqual([0, 1, 2]);
  });

  it('a key() that throws only when the trace of a violation is replayed: the trace as far as the replay went', () => {
    // key({n: 3}) works during the search and throws when it is called again, on the replay.
    let threes = 0;
    const flaky = counter({
      actions: ({ n }) => (n < 6 ? ['Inc'] : []),
      key: ({ n }) => {
        if (n === 3 && threes++ === 1) throw new RangeError('flaky');
        return String(n);
      },
      properties: [always('below 5', ({ n }) => n < 5)],
    });
    const e = modelError(flaky, { exactKeys: true });
    expect([e.code, e.message]).toEqual(['key-threw', 'model counter: key(state) for the state after "Inc" threw RangeError: flaky']);
    expect(e.trace.map((t) => (t.state as N).n)).toEqual([0, 1, 2, 3]);
  });

  it('actions() that throws only when a state met again is compared with its first visit: the trace to that visit', () => {
    // {x: 1, y: 1} is met twice; the check of the second meeting calls actions() on the first,
    // whose first call throws.
    type G = { x: number; y: number };
    let calls = 0;
    const grid: Model<G, 'X' | 'Y'> = {
      name: 'grid',
      initial: () => [{ x: 0, y: 0 }],
      actions: ({ x, y }) => {
        if (x === 1 && y === 1 && calls++ === 0) throw new RangeError('flaky');
        return [...(x < 1 ? (['X'] as const) : []), ...(y < 1 ? (['Y'] as const) : [])];
      },
      next: ({ x, y }, a) => (a === 'X' ? { x: x + 1, y } : { x, y: y + 1 }),
      properties: [],
    };
    const e = modelError(grid);
    expect(e.code).toBe('actions-threw');
    expect(e.trace.map((t) => t.state)).toEqual([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }]);
  });

  it('a key() that throws something else than an Error is described as it is', () => {
    const e = modelError(
      counter({
        key: () => {
          throw 'no key';
        },
      }),
    );
    expect(e.message).toBe('model counter: key(state) for an initial state threw no key');
  });

  it('an unserialisable initial state says so, with the path to the bad value', () => {
    const e = modelError(counter({ initial: () => [{ n: 0, at: new Date(0) } as never] }));
    expect([e.code, e.message]).toEqual([
      'unserialisable-state',
      'model counter: an initial state cannot be serialised: state.at is a Date instance (only plain objects and arrays are allowed), which cannot be part of a state key',
    ]);
  });

  it('a formatAction that throws falls back to the plain action in messages', () => {
    const e = modelError(counter({ next: () => undefined as never, formatAction: jammed }));
    expect(e.message).toBe('model counter: next(state, Inc) returned undefined');
  });

  it('a non-boolean value is shown short: long values cut, non-finite numbers and undefined named', () => {
    const returning = (value: unknown) => modelError(counter({ properties: [always('p', () => value as boolean)] })).message;
    expect(returning(undefined)).toMatch(/property "p" returned undefined, not true or false, at step 0 of the trace$/);
    expect(returning(Number.NaN)).toMatch(/returned NaN, not/);
    expect(returning('x'.repeat(100))).toMatch(new RegExp(`returned "${'x'.repeat(56)}\\.\\.\\., not`));
    expect(returning(10n)).toMatch(/returned bigint, not/);
    expect(returning({ ok: 1 })).toMatch(/returned \{"ok":1\}, not/);
  });
});

describe('explain', () => {
  const explained = (explain: (s: N) => string | undefined) =>
    check(counter({ properties: [atQuiescence('ends at 5', ({ n }) => n === 5, { explain })] })).violations[0]!;

  it("fills the violation's reason from the final state", () => {
    expect(explained(({ n }) => `stopped at ${n}`).reason).toBe('stopped at 3');
  });

  it('an empty or missing explanation gives no reason; one that throws says so', () => {
    expect('reason' in explained(() => '')).toBe(false);
    expect('reason' in explained(() => undefined)).toBe(false);
    expect(explained(jammed).reason).toBe('(its explain() threw RangeError: jammed)');
  });

  it('properties without explain give no reason', () => {
    const v = check(counter({ properties: [always('below 2', ({ n }) => n < 2)] })).violations[0]!;
    expect('reason' in v).toBe(false);
  });
});

describe('states that are not plain data', () => {
  it('are keyed and fingerprinted by the model’s key, so their violations replay', () => {
    class Counter {
      constructor(readonly n: number) {}
    }
    const model: Model<Counter, 'Inc'> = {
      name: 'class-states',
      initial: () => [new Counter(0)],
      actions: (s) => (s.n < 3 ? ['Inc'] : []),
      next: (s) => new Counter(s.n + 1),
      key: (s) => `n=${s.n}`,
      properties: [always('below 2', (s) => s.n < 2), sometimes('reaches 3', (s) => s.n === 3)],
    };
    const v = check(model).violations[0]!;
    expect(v.trace.map((t) => t.state.n)).toEqual([0, 1, 2]);
    expect(replay(model, v.replay).map((t) => t.state.n)).toEqual([0, 1, 2]);
    // Without its own key such a state cannot be checked at all.
    const { key: _key, ...keyless } = model;
    expect(modelError(keyless).code).toBe('unserialisable-state');
  });
});
