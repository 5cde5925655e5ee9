import { describe, expect, it } from 'vitest';
import { always, atQuiescence, check, encodeReplay, eventually, ModelError, replay, replayOutcome, ReplayError, sometimes, stableKey } from '../index.ts';
import type { Model } from '../index.ts';
import { thrown } from './fixtures/thrown.ts';
import { fingerprintOf } from './replayString.ts';

type N = { n: number };

/** A counter modulo 3 (0 → 1 → 2 → 0) that may also stop at 1; one or two initial states. */
const ring = (initial: N[] = [{ n: 0 }]): Model<N, 'Inc' | 'Stop'> => ({
  name: 'ring',
  initial: () => initial,
  actions: ({ n }) => (n < 0 ? [] : n === 1 ? ['Inc', 'Stop'] : ['Inc']),
  next: ({ n }, a) => (a === 'Stop' ? { n: -1 } : { n: (n + 1) % 3 }),
  properties: [
    always('never 2', ({ n }) => n !== 2),
    atQuiescence('stops at 0', ({ n }) => n === 0),
    eventually('reaches 5', ({ n }) => n === 5),
    sometimes('stops', ({ n }) => n === -1),
  ],
});

/** A replay string for `choices` from initial state `init`, ending in state `last`. */
const path = (init: number, choices: number[], last: N, loopsBackTo?: number) =>
  encodeReplay({ model: 'ring', version: '1', init, choices, fingerprint: fingerprintOf(stableKey(last)), ...(loopsBackTo === undefined ? {} : { loopsBackTo }) });

function replayError(model: Model<N, 'Inc' | 'Stop'>, text: unknown): ReplayError {
  try {
    replay(model, text as string);
  } catch (e) {
    expect(e).toBeInstanceOf(ReplayError);
    expect((e as ReplayError).hint.length).toBeGreaterThan(20);
    return e as ReplayError;
  }
  throw new Error('expected a ReplayError');
}

describe('replay says why a string does not fit', () => {
  it('a value that is not a string', () => {
    expect(replayError(ring(), null).message).toBe('a replay string must be a string, got null');
    expect(replayError(ring(), 42).message).toBe('a replay string must be a string, got number');
  });

  it('an initial-state index out of range, for one initial state and for several', () => {
    const one = replayError(ring(), path(1, [], { n: 0 }));
    expect(one.message).toBe('the trace no longer applies at step 0: it takes initial state #1, but the model has only one initial state (#0)');
    expect(one.step).toBe(0);
    expect(replayError(ring([{ n: 0 }, { n: 1 }]), path(2, [], { n: 0 })).message).toMatch(/initial state #2, but the model has initial states #0 to #1$/);
  });

  it('an action taken in a terminal state', () => {
    const e = replayError(ring(), path(0, [0, 1, 0], { n: -1 }));
    expect(e.message).toBe('the trace no longer applies at step 3: it takes action #0, but that state is terminal: no action is enabled in it');
    expect(e.step).toBe(3);
  });

  it('a lasso whose last state is not the state it loops back to', () => {
    const e = replayError(ring(), path(0, [0, 0, 0], { n: 0 }, 1));
    expect(e.message).toMatch(/^the lasso does not close: its last state \(hash [0-9a-f]{8}\) is not the state at step 1 \(hash [0-9a-f]{8}\)$/);
    expect(e.step).toBe(3);
    expect(replay(ring(), path(0, [0, 0, 0], { n: 0 }, 0)).map((t) => t.state.n)).toEqual([0, 1, 2, 0]);
  });
});

describe('replayOutcome says what a path is a counterexample to', () => {
  it('a path to a bad state violates the always, nothing else', () => {
    const outcome = replayOutcome(ring(), path(0, [0, 0], { n: 2 }));
    expect(outcome).toMatchObject({ terminal: false, violated: [{ property: 'never 2', kind: 'always' }] });
    expect('loopsBackTo' in outcome).toBe(false);
  });

  it('a path to a terminal state violates the atQuiescence and eventually that fail all along it', () => {
    const outcome = replayOutcome(ring(), path(0, [0, 1], { n: -1 }));
    expect(outcome.terminal).toBe(true);
    expect(outcome.violated.map((v) => v.property)).toEqual(['stops at 0', 'reaches 5']);
  });

  it('a lasso violates an eventually that fails in all its states, and names its loop', () => {
    const outcome = replayOutcome(ring(), path(0, [0, 0, 0], { n: 0 }, 0));
    expect(outcome.loopsBackTo).toBe(0);
    expect(outcome.terminal).toBe(false);
    expect(outcome.violated.map((v) => v.property)).toEqual(['reaches 5']);
  });

  it('a path that is neither terminal nor a lasso violates no eventually', () => {
    expect(replayOutcome(ring(), path(0, [0], { n: 1 })).violated).toEqual([]);
  });

  it('an eventually that holds somewhere on the path is not violated, and reasons come from explain', () => {
    const model: Model<N, 'Inc' | 'Stop'> = {
      ...ring(),
      properties: [eventually('passes 1', ({ n }) => n === 1), atQuiescence('stops at 0', ({ n }) => n === 0, { explain: ({ n }) => `stopped at ${n}` })],
    };
    expect(replayOutcome(model, path(0, [0, 1], { n: -1 })).violated).toEqual([{ property: 'stops at 0', kind: 'atQuiescence', reason: 'stopped at -1' }]);
  });
});

// A model that fails while a path is replayed (it changed since the string was recorded, under
// the same name and version) gives its ModelError, whose trace is the path as far as it went.
describe('replay of a model that fails on the way: the ModelError, with the trace so far', () => {
  it('next() throws at the second step: the trace to the state it was given', () => {
    const jams: Model<N, 'Inc' | 'Stop'> = {
      ...ring(),
      next: ({ n }, a) => {
        if (n === 1) throw new RangeError('jammed');
        return ring().next({ n }, a);
      },
    };
    const e = thrown(() => replay(jams, path(0, [0, 0], { n: 2 }))) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('next-threw');
    expect(e.trace).toEqual([{ action: null, state: { n: 0 } }, { action: 'Inc', state: { n: 1 } }]);
  });

  it('a property throws at the last state: the whole path', () => {
    const broken: Model<N, 'Inc' | 'Stop'> = {
      ...ring(),
      properties: [always('never 2', ({ n }) => {
        if (n === 2) throw new RangeError('no answer');
        return true;
      })],
    };
    const e = thrown(() => replayOutcome(broken, path(0, [0, 0], { n: 2 }))) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('property-threw');
    expect(e.trace.map((t) => (t.state as N).n)).toEqual([0, 1, 2]);
  });

  it('a last state that is not plain data, once keyed and now without key(): the whole path', () => {
    type M = Map<string, number>;
    const maps = (withKey: boolean): Model<M, 'Inc'> => ({
      name: 'maps',
      initial: () => [new Map([['n', 0]])],
      actions: (s) => (s.get('n')! < 3 ? ['Inc'] : []),
      next: (s) => new Map([['n', s.get('n')! + 1]]),
      ...(withKey ? { key: (s: M) => String(s.get('n')) } : {}),
      properties: [always<M>('below 2', (s) => s.get('n')! < 2)],
    });
    const v = check(maps(true)).violations[0]!;
    const e = thrown(() => replay(maps(false), v.replay)) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('unserialisable-state');
    expect(e.trace.map((t) => (t.state as M).get('n'))).toEqual([0, 1, 2]);
  });

  it('a key that throws on the state the lasso loops back to, once the last state was keyed: the whole path', () => {
    type M = Map<string, number>;
    // On the replay the initial state's object is keyed twice by the sampled check of the first
    // step (before and after next()), then a third time as the state the lasso loops back to.
    let armed = false;
    const calls = new WeakMap<M, number>();
    const maps: Model<M, 'Step'> = {
      name: 'map-ring',
      initial: () => [new Map([['n', 0]])],
      actions: () => ['Step'],
      next: (s) => new Map([['n', (s.get('n')! + 1) % 2]]),
      key: (s) => {
        const n = (calls.get(s) ?? 0) + 1;
        calls.set(s, n);
        if (armed && n === 3) throw new RangeError('flaky');
        return String(s.get('n'));
      },
      properties: [eventually<M>('reaches 5', (s) => s.get('n') === 5)],
    };
    const v = check(maps).violations[0]!;
    expect(v.loopsBackTo).toBe(0);
    armed = true;
    const e = thrown(() => replay(maps, v.replay)) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('key-threw');
    expect(e.trace.map((t) => (t.state as M).get('n'))).toEqual([0, 1, 0]);
  });
});
