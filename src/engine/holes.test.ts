import { describe, expect, it } from 'vitest';
import { always, atQuiescence, check, decodeReplay, eventually, ModelError, NondeterminismError, replay, sometimes } from '../index.ts';
import type { CheckOptions, Model } from '../index.ts';
import { boundedCounter, throwingNext, unboundedCounter } from './fixtures/smallModels.ts';

// Each test here fails on a mutant that survived the whole suite before it (see docs/mutation.md).

type N = { n: number };

/** A counter to `limit` with the given properties. */
const counter = (limit: number, properties: Model<N, 'Inc'>['properties']): Model<N, 'Inc'> => ({ ...boundedCounter(limit), properties });

/** Runs `check` and returns what it throws; fails the test if it returns. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got a verdict');
}

describe('exhaustive mode', () => {
  it('two always properties first violated in the same state are both reported', () => {
    const result = check(counter(3, [always('below 1', ({ n }) => n < 1), always('not 1', ({ n }) => n !== 1), always('below 3', ({ n }) => n < 3)]));
    expect(result.violations.map((v) => [v.property, v.trace.length - 1])).toEqual([
      ['below 1', 1],
      ['not 1', 1],
      ['below 3', 3],
    ]);
  });

  it('a property that throws is a ModelError naming it, with the trace and the cause', () => {
    const model = counter(3, [always('divides', ({ n }) => {
      if (n === 2) throw new TypeError('cannot divide');
      return true;
    })]);
    const e = thrown(() => check(model)) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('property-threw');
    expect(e.message).toBe('model bounded-counter: property "divides" threw TypeError: cannot divide');
    expect(e.trace.map((t) => (t.state as N).n)).toEqual([0, 1, 2]);
    expect(e.cause).toBeInstanceOf(TypeError);
    expect((thrown(() => check(model, { mode: 'random', seed: 1, runs: 5 })) as ModelError).code).toBe('property-threw');
  });

  it('a sometimes left unwitnessed by a bounded search is incomplete and undecided, not violated', () => {
    const model = { ...unboundedCounter(), properties: [sometimes('reaches 500', ({ n }: N) => n === 500)] };
    const result = check(model, { maxStates: 100 });
    expect(result.status).toBe('incomplete');
    expect(result.violations).toEqual([]);
    expect(result.undecided).toEqual(['reaches 500']);
    expect(result.reason).toBe('state bound of 100 distinct states reached at depth 100; not yet witnessed: reaches 500');
    const byDepth = check(model, { maxDepth: 10 });
    expect(byDepth.status).toBe('incomplete');
    expect(byDepth.violations).toEqual([]);
  });

  it('initial states are deduplicated, and a violation names the first initial state of its key', () => {
    const model: Model<N, 'Inc'> = { ...counter(2, [always('below 2', ({ n }) => n < 2)]), initial: () => [{ n: 0 }, { n: 0 }, { n: 1 }, { n: 1 }] };
    const all = check(model, { exploreAll: true });
    expect(all.stats.states).toBe(3);
    const v = all.violations[0]!;
    expect(v.trace.map((t) => t.state.n)).toEqual([1, 2]);
    expect(decodeReplay(v.replay).init).toBe(2);
    expect(replay(model, v.replay)).toEqual(v.trace);
  });

  it('stops once every property is decided, unless asked to explore everything', () => {
    const model = counter(1000, [always('below 5', ({ n }) => n < 5)]);
    expect(check(model).stats.states).toBe(6);
    expect(check(model, { exploreAll: true }).stats.states).toBe(1001);
    expect(check(counter(1000, [])).stats.states).toBe(1001);
  });
});

describe('the three determinism checks, each on its own', () => {
  it('replaying a path reaches another state than the search did: nondeterministic-model', () => {
    let calls = 0;
    const model: Model<N, 'Go'> = {
      name: 'drifting-next',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n === 0 ? ['Go'] : []),
      next: () => ({ n: ++calls }),
      properties: [always('stays at 0', ({ n }) => n === 0)],
    };
    const e = thrown(() => check(model)) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-model');
    expect(e.message).toBe('model drifting-next is not deterministic: replaying step 1 reached a different state than during exploration');
    expect(e.hint).toMatch(/^actions\(state\) must list the same actions in the same order for equal states, and next\(state, action\) must be pure \(no Date\.now, Math\.random/);
    expect(e.trace.map((t) => (t.state as N).n)).toEqual([0, 2]);
  });

  it('replaying a path finds an action index no longer enabled: nondeterministic-model', () => {
    let calls = 0;
    const model: Model<N, 'A' | 'B'> = {
      name: 'shrinking-actions',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n !== 0 ? [] : calls++ === 0 ? ['A', 'B'] : ['A']),
      next: (_, a) => ({ n: a === 'A' ? 1 : 2 }),
      properties: [always('never 2', ({ n }) => n !== 2)],
    };
    const e = thrown(() => check(model)) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-model');
    expect(e.message).toBe('model shrinking-actions is not deterministic: at step 1 action #1 was enabled during exploration, but now only 1 actions are');
    expect(e.hint).toBe('actions(state) must return the same actions in the same order each time it is called on equal states.');
    expect(e.trace).toEqual([{ action: null, state: { n: 0 } }]);
  });

  it('replaying a path finds its initial state no longer there: nondeterministic-model, naming initial()', () => {
    let calls = 0;
    const model: Model<N, 'Inc'> = {
      name: 'shrinking-initial',
      initial: () => (calls++ === 0 ? [{ n: 0 }, { n: 5 }] : [{ n: 0 }]),
      actions: () => [],
      next: ({ n }) => ({ n: n + 1 }),
      properties: [always('below 5', ({ n }) => n < 5)],
    };
    const e = thrown(() => check(model)) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-model');
    expect(e.message).toBe('model shrinking-initial is not deterministic: initial state #1 was there during exploration, but initial() now gives only 1');
    expect(e.hint).toBe('initial() must return the same states in the same order each time it is called.');
    expect(e.trace).toEqual([]);
  });

  it('a state met again enables other actions: nondeterministic-actions', () => {
    // {a:1,b:1} is reached with its keys in two orders, and actions() lists them in insertion order.
    const model: Model<Record<string, number>, string> = {
      name: 'insertion-order',
      initial: () => [{}],
      actions: (s) => ['a', 'b'].filter((k) => !(k in s)).concat(Object.keys(s).length === 2 ? Object.keys(s).map((k) => `reset-${k}`) : []),
      next: (s, a) => (a.startsWith('reset') ? s : { ...s, [a]: 1 }),
      properties: [],
    };
    const e = thrown(() => check(model)) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-actions');
    expect(e.message).toBe('model insertion-order: actions() gave a different list for a state it had already seen (first ["reset-a", "reset-b"], now ["reset-b", "reset-a"])');
    expect(e.trace.map((t) => t.action)).toEqual([null, 'b', 'a']);
    expect(e.hint).toMatch(/^Build the action list in a canonical order \(sort object keys, never rely on insertion order\)/);
  });

  it('a state met again enables more actions than at first, the same ones first: nondeterministic-actions', () => {
    // {a:1,b:1} is met first with a then b, and enables [r]; met again with b then a, [r, s].
    const model: Model<Record<string, number>, string> = {
      name: 'one-more-action',
      initial: () => [{}],
      actions: (s) => {
        const keys = Object.keys(s);
        if (keys.length < 2) return ['a', 'b'].filter((k) => !(k in s));
        return keys[0] === 'a' ? ['r'] : ['r', 's'];
      },
      next: (s, a) => (a === 'r' || a === 's' ? s : { ...s, [a]: 1 }),
      properties: [],
    };
    const e = thrown(() => check(model)) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-actions');
    expect(e.message).toBe('model one-more-action: actions() gave a different list for a state it had already seen (first ["r"], now ["r", "s"])');
  });
});

describe('random mode', () => {
  const random = (seed = 1): CheckOptions => ({ mode: 'random', seed, runs: 50 });

  it('after a violation, a property it never refuted is listed as undecided', () => {
    const result = check(counter(5, [always('below 3', ({ n }) => n < 3), always('never negative', ({ n }) => n >= 0)]), random());
    expect(result.status).toBe('violated');
    expect(result.violations.map((v) => v.property)).toEqual(['below 3']);
    expect(result.undecided).toEqual(['never negative']);
    expect(result.reason).toMatch(/found no violation of never negative; sampling is not a proof/);
  });

  it('goes on after the first violation and reports the others too', () => {
    const result = check(counter(5, [always('below 3', ({ n }) => n < 3), always('below 2', ({ n }) => n < 2), eventually('ends at 9', ({ n }) => n === 9)]), random());
    expect(result.violations.map((v) => [v.property, v.trace.length - 1])).toEqual([
      ['below 2', 2],
      ['below 3', 3],
      ['ends at 9', 5],
    ]);
    expect(result.undecided).toEqual([]);
    expect(result.reason).toBeUndefined();
  });

  it('rethrows the ModelError the model caused, with its code and trace', () => {
    const e = thrown(() => check(throwingNext(), random(5))) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('next-threw');
    expect(e.trace.map((t) => (t.state as N).n)).toEqual([0, 1, 2]);
  });

  it('reports the error the model raised during the search, even if a rerun would not raise it', () => {
    let calls = 0;
    const once = counter(3, [always('never negative', ({ n }) => n >= 0)]);
    const model = {
      ...once,
      next: (s: N) => {
        if (++calls === 2) throw new RangeError('only once');
        return { n: s.n + 1 };
      },
    };
    const e = thrown(() => check(model, random())) as ModelError;
    expect(e.code).toBe('next-threw');
    expect(e.message).toMatch(/threw RangeError: only once$/);
  });

  it('a model with no properties is sampled and is never a proof', () => {
    const result = check(counter(3, []), random());
    expect(result).toMatchObject({ status: 'incomplete', reason: 'random mode is never a proof', undecided: [], violations: [] });
    expect(result.stats.states).toBeGreaterThan(0);
  });

  it("a violation's reason comes from the property's explain", () => {
    const model = counter(3, [atQuiescence('ends at 5', ({ n }) => n === 5, { explain: ({ n }) => `stopped at ${n}` })]);
    expect(check(model, random()).violations[0]!.reason).toBe('stopped at 3');
    expect('reason' in check(counter(3, [atQuiescence('ends at 5', ({ n }) => n === 5)]), random()).violations[0]!).toBe(false);
  });

  it('a property whose verdict changes between runs is a NondeterminismError, not a crash', () => {
    // Fails on its first two evaluations only: fast-check's run and its one shrink step.
    let evaluations = 0;
    const model = counter(3, [always('flaky', () => ++evaluations > 2)]);
    const e = thrown(() => check(model, random())) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.message).toMatch(/^model bounded-counter is not deterministic: the schedule that failed "flaky" no longer fails/);
  });

  it('tracks sometimes: witnessed ones are settled, others undecided, never violated', () => {
    const result = check(counter(3, [sometimes('reaches 2', ({ n }) => n === 2), sometimes('reaches 7', ({ n }) => n === 7)]), random());
    expect(result.status).toBe('incomplete');
    expect(result.violations).toEqual([]);
    expect(result.undecided).toEqual(['reaches 7']);
    expect(result.reason).toBe('never witnessed: reaches 7');
  });

  it('counts the states it visits and the steps it takes', () => {
    const result = check(counter(3, [always('never negative', ({ n }) => n >= 0)]), { mode: 'random', seed: 1, runs: 10 });
    // Every schedule walks the only path, 0 to 3, to its terminal state.
    expect(result.stats).toMatchObject({ states: 40, transitions: 30, maxDepth: 3 });
  });
});

describe('random mode under a time limit', () => {
  it('stops when the time is up and says so, never ok', () => {
    const slow = counter(3, [always('never negative', ({ n }) => n >= 0)]);
    const spin = (ms: number) => {
      for (const end = performance.now() + ms; performance.now() < end; );
    };
    const result = check({ ...slow, next: (s) => (spin(5), { n: s.n + 1 }) }, { mode: 'random', seed: 1, runs: 1000, timeoutMs: 1 });
    expect(result.status).toBe('incomplete');
    // Before the first schedule, or after some: it depends on how busy the machine is.
    expect(result.reason).toMatch(/; time limit of 1 ms reached( after \d+ schedules)?$/);
    expect(result.undecided).toEqual(['never negative']);
  });
});
