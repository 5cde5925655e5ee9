import { describe, expect, it } from 'vitest';
import { always, atQuiescence, check, CheckerError, decodeReplay, InvalidOptionError, ModelError, NondeterminismError, ReplayError, sometimes } from '../index.ts';
import type { CheckOptions, Model } from '../index.ts';
import { fingerprintOf } from './replayString.ts';
import { boundedCounter } from './fixtures/smallModels.ts';

// What the engine's errors say: the code a program tests, what happened and where (long values
// cut to a readable length), and a hint that says how to fix it.

type N = { n: number };

/** Runs `run` and returns what it throws; fails the test if it returns. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got a verdict');
}
const modelError = <S, A>(model: Model<S, A>, options?: CheckOptions) => thrown(() => check(model, options)) as ModelError;
const counter = (over: Partial<Model<N, 'Inc'>>): Model<N, 'Inc'> => ({ ...boundedCounter(3), properties: [always('never negative', ({ n }) => n >= 0)], ...over });

describe('a malformed model', () => {
  it('a missing function is a bad-model error that lists what a model needs', () => {
    const e = modelError({ ...counter({}), next: undefined as never });
    expect([e.code, e.message]).toEqual(['bad-model', 'model bounded-counter has no next() function']);
    expect(e.hint).toMatch(/initial\(\), actions\(state\) and next\(state, action\)/);
  });

  it('properties that are not an array are a bad-model error that names the builders', () => {
    const e = modelError({ ...counter({}), properties: {} as never });
    expect([e.code, e.message]).toEqual(['bad-model', 'model bounded-counter: properties must be an array']);
    expect(e.hint).toMatch(/always\(name, fn\).*sometimes\(name, fn\)/);
  });

  it('a malformed property and two properties of one name are bad-property errors', () => {
    const malformed = modelError(counter({ properties: [{ name: 'odd', kind: 'always' } as never] }));
    expect([malformed.code, malformed.message]).toEqual(['bad-property', 'model bounded-counter has a malformed property "odd"']);
    expect(malformed.hint).toMatch(/always\(\), eventually\(\), atQuiescence\(\) or sometimes\(\)/);
    const twice = modelError(counter({ properties: [always('p', () => true), sometimes('p', () => true)] }));
    expect([twice.code, twice.message]).toEqual(['bad-property', 'model bounded-counter has two properties named "p"']);
    expect(twice.hint).toMatch(/its own name/);
  });

  it('an error raised before any step carries an empty trace', () => {
    expect(modelError(counter({ initial: () => [] })).trace).toEqual([]);
  });
});

describe('the error classes', () => {
  it('each kind has its stable code and its own name', () => {
    const option = thrown(() => check(counter({}), { runs: -1 })) as InvalidOptionError;
    expect([option.code, option.name]).toEqual(['invalid-option', 'InvalidOptionError']);
    const replayError = thrown(() => decodeReplay('nonsense')) as ReplayError;
    expect([replayError.code, replayError.name]).toEqual(['replay-mismatch', 'ReplayError']);
    expect(new NondeterminismError('c', 'm', 'h').name).toBe('NondeterminismError');
  });
});

describe('what a misbehaving model is told', () => {
  it('a property that returns undefined says so in words', () => {
    const e = modelError(counter({ properties: [always('vague', () => undefined as never)] }));
    expect(e.message).toBe('model bounded-counter: property "vague" returned undefined, not true or false, at step 0 of the trace');
  });

  it('a long returned value is cut to 60 characters, one of 60 is shown whole', () => {
    const long = modelError(counter({ properties: [always('chatty', () => 'x'.repeat(100) as never)] }));
    expect(long.message).toContain(` returned "${'x'.repeat(56)}..., not true or false`);
    const exact = modelError(counter({ properties: [always('chatty', () => 'x'.repeat(58) as never)] }));
    expect(exact.message).toContain(` returned "${'x'.repeat(58)}", not true or false`);
  });

  it('a property that throws is told to answer for every state; next that throws, to fix that action', () => {
    const p = modelError(counter({ properties: [always('fragile', ({ n }) => (n < 2 ? true : JSON.parse('{')))] }));
    expect(p.code).toBe('property-threw');
    expect(p.message).toMatch(/^model bounded-counter: property "fragile" threw SyntaxError: /);
    expect(p.hint).toBe('A property must return true or false for every reachable state.');
    const n = modelError(counter({ next: () => JSON.parse('{') }));
    expect(n.hint).toBe('Fix next() for this action; the trace shows how the state was reached.');
  });

  it('next that mutates its input late in a path names the step where it did', () => {
    const model = counter({
      next: (s) => {
        if (s.n !== 2) return { n: s.n + 1 };
        s.n = 3;
        return s;
      },
    });
    const e = modelError(model);
    expect(e.code).toBe('next-mutated-state');
    expect(e.message).toBe('model bounded-counter: next(state, "Inc") changed its input state, at step 2 of the trace: it was {"n":2}, and is {"n":3} afterwards');
  });

  it('next that makes its input unserialisable says the input is no longer serialisable', () => {
    const model = counter({
      next: (s) => {
        (s as unknown as { f: unknown }).f = () => 0;
        return { n: s.n + 1 };
      },
    });
    expect(modelError(model).message).toMatch(/it was \{"n":0\}, and is \(no longer serialisable\) afterwards$/);
  });

  it('a CheckerError raised inside key() reaches the caller unwrapped', () => {
    const inner = new ModelError('inner-check', 'a nested check failed', 'fix the nested model');
    expect(thrown(() => check(counter({ key: () => { throw inner; } })))).toBe(inner);
  });

  it('an explain that returns an empty string gives the violation no reason', () => {
    const v = check(counter({ properties: [atQuiescence('ends at 5', ({ n }) => n === 5, { explain: () => '' })] })).violations[0]!;
    expect(v.property).toBe('ends at 5');
    expect('reason' in v).toBe(false);
  });
});

describe('what a broken key or representative is told', () => {
  type Padded = { n: number; pad: string };
  const padded = (pad: string): Model<Padded, 'Inc'> => ({
    name: 'padded',
    initial: () => [{ n: 0, pad }],
    actions: ({ n }) => (n < 2 ? ['Inc'] : []),
    next: (s) => ({ ...s, n: s.n + 1 }),
    key: () => 'constant',
    properties: [],
  });

  it('a long state is cut to 120 characters in the message, one of 120 is shown whole', () => {
    // {"n":0,"pad":"…"} is 16 characters plus the pad.
    const long = modelError(padded('x'.repeat(200)));
    expect(long.code).toBe('key-collision');
    expect(long.message).toContain(`{"n":1,"pad":"${'x'.repeat(103)}... (the end of the trace)`);
    const exact = modelError(padded('x'.repeat(104)));
    expect(exact.message).toContain(`{"n":1,"pad":"${'x'.repeat(104)}"} (the end of the trace)`);
  });

  type Pair = [number, number];
  const pair = (over: Partial<Model<Pair, number>>): Model<Pair, number> => ({
    name: 'pair',
    initial: () => [[0, 0]],
    actions: (s) => s.flatMap((v, i) => (v < 3 ? [i] : [])),
    next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)) as Pair,
    representative: (s) => [...s].sort() as Pair,
    properties: [],
    ...over,
  });

  it('a representative that is not idempotent is told so', () => {
    const e = modelError(pair({ representative: (s) => [...s].reverse() as Pair }), { symmetry: true });
    expect(e.message).toMatch(/breaks its contract: the representative of its representative is another state\. The state is/);
  });

  it('a property that tells a state from its representative is named, with both of its values', () => {
    const e = modelError(pair({ properties: [sometimes('first reaches 3', (s) => s[0] === 3)] }), { symmetry: true });
    const [, onState, onRep] = /property "first reaches 3" is (true|false) on the state and (true|false) on its representative/.exec(e.message) ?? [];
    expect(onState).toBeDefined();
    expect(onRep).toBe(String(onState !== 'true'));
  });

  it('a symmetric path back to the initial state breaks no contract', () => {
    // Each coordinate flips between 0 and 1; [1,0] → [0,0] comes back to the initial state.
    const flips = pair({ actions: () => [0, 1], next: (s, i) => s.map((v, j) => (j === i ? 1 - v : v)) as Pair, properties: [always('bits', (s) => s.every((v) => v <= 1))] });
    const r = check(flips, { symmetry: true });
    expect(r.status).toBe('ok');
    expect(r.stats.states).toBe(3);
  });
});

describe('what a replay string that does not fit is told', () => {
  it('a long malformed string is cut to 80 characters, one of 80 is quoted whole', () => {
    const long = `cdc1:${'m'.repeat(100)}`;
    expect((thrown(() => decodeReplay(long)) as ReplayError).message).toContain(`"${long.slice(0, 77)}..."`);
    const exact = `cdc1:${'m'.repeat(75)}`;
    expect((thrown(() => decodeReplay(exact)) as ReplayError).message).toContain(`"${exact}"`);
  });

  it('fingerprints are 32-bit FNV-1a, so a string recorded by any earlier version still replays', () => {
    expect(fingerprintOf('')).toBe('811c9dc5');
    expect(fingerprintOf('a')).toBe('e40c292c');
    expect(fingerprintOf('foobar')).toBe('bf9cf968');
  });
});

describe('a nondeterministic initial()', () => {
  it('is caught at step 0 of the trace being rebuilt', () => {
    let calls = 0;
    const model = counter({ initial: () => [{ n: calls++ === 0 ? 0 : 1 }], properties: [always('below 2', ({ n }) => n < 2)] });
    const e = modelError(model);
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.message).toMatch(/replaying step 0 reached a different state than during exploration/);
  });
});

it('every error the checker raises on purpose is a CheckerError', () => {
  expect(modelError(counter({ initial: () => [] }))).toBeInstanceOf(CheckerError);
});

describe('the hints of option and replay errors say what to do', () => {
  it('an unknown mode names both modes; symmetry without a representative says what to implement', () => {
    const mode = thrown(() => check(counter({}), { mode: 'dfs' as never })) as InvalidOptionError;
    expect(mode.message).toBe('option mode must be "exhaustive" or "random", got "dfs"');
    expect(mode.hint).toBe('Use mode: "exhaustive" (the default) or mode: "random".');
    const symmetry = thrown(() => check(counter({}), { symmetry: true })) as InvalidOptionError;
    expect(symmetry.message).toBe('model bounded-counter has no representative(state), so symmetry reduction cannot be applied');
    expect(symmetry.hint).toBe('Implement representative(state) in the model, or drop the symmetry option.');
  });

  it('a string from another model, another version, or an edited one says what to do about it', async () => {
    const { replay } = await import('./replay.ts');
    const v = check(counter({ properties: [always('below 2', ({ n }) => n < 2)] })).violations[0]!;
    const other = thrown(() => replay({ ...counter({}), name: 'other' }, v.replay)) as ReplayError;
    expect(other.hint).toBe('Replay it against the scenario it came from (bounded-counter).');
    const newer = thrown(() => replay({ ...counter({}), version: '2' }, v.replay)) as ReplayError;
    expect(newer.hint).toBe('Re-run the check to get a fresh counterexample for the current model.');
    const edited = thrown(() => replay(counter({}), v.replay.replace(/:[0-9a-f]{8}$/, ':00000000'))) as ReplayError;
    expect(edited.hint).toMatch(/^Either the string was edited, or the model changed since it was recorded/);
  });
});
