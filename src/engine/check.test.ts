import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { always, check, eventually, ModelError, NondeterminismError, InvalidOptionError, replay, sometimes } from '../index.ts';
import type { Model } from '../index.ts';
import { dieHard } from './fixtures/dieHard.ts';
import { grid } from './fixtures/grid.ts';
import { garbageFirst } from './fixtures/parallelGaps.ts';
import { boundedCounter, deadEnd, throwingNext, unboundedCounter } from './fixtures/smallModels.ts';

describe('exhaustive check on fixtures with known answers', () => {
  it('Die Hard: big jug holds 4 after a shortest trace of 6 actions', () => {
    const result = check(dieHard());
    expect(result.status).toBe('violated');
    const v = result.violations.find((x) => x.property === 'big jug never holds 4')!;
    expect(v.kind).toBe('always');
    expect(v.trace.length - 1).toBe(6);
    expect(v.trace[0]!.action).toBeNull();
    expect(v.trace.at(-1)!.state.big).toBe(4);
  });

  it('Die Hard: 16 states are reachable', () => {
    const result = check(dieHard(), { exploreAll: true });
    expect(result.stats.states).toBe(16);
    expect(result.violations.map((v) => v.property)).toEqual(['big jug never holds 4']);
  });

  it('Die Hard with jugs that cannot make 4 (3 and 6) holds: ok', () => {
    const result = check(dieHard(3, 6));
    expect(result.status).toBe('ok');
  });

  it.each([1, 5, 30, 200])('grid of side %i: exactly (n+1)² states', (n) => {
    const result = check(grid(n));
    expect(result.status).toBe('ok');
    expect(result.stats.states).toBe((n + 1) ** 2);
    expect(result.stats.transitions).toBe(2 * n * (n + 1));
    expect(result.stats.maxDepth).toBe(2 * n);
  });

  it('eventually fails only at the dead end, with the 1-step trace', () => {
    const result = check(deadEnd());
    expect(result.status).toBe('violated');
    expect(result.violations).toHaveLength(1);
    const v = result.violations[0]!;
    expect(v.kind).toBe('eventually');
    expect(v.trace.map((s) => s.action)).toEqual([null, 'GoRight']);
  });

  it('a sometimes that is never reached is reported, with no trace', () => {
    const result = check(boundedCounter(3));
    expect(result.status).toBe('violated');
    expect(result.violations).toEqual([{ property: 'reaches 4', kind: 'sometimes', trace: [], replay: '' }]);
  });

  it('reports every violated property, one each, not only the first', () => {
    const model: Model<{ n: number }, 'Inc'> = {
      ...boundedCounter(4),
      properties: [
        always('below 2', ({ n }) => n < 2),
        always('below 3', ({ n }) => n < 3),
        eventually('ends at 5', ({ n }) => n === 5),
        sometimes('reaches 9', ({ n }) => n === 9),
      ],
    };
    const result = check(model);
    expect(result.violations.map((v) => [v.property, v.trace.length - 1])).toEqual([
      ['below 2', 2],
      ['below 3', 3],
      ['ends at 5', 4],
      ['reaches 9', -1],
    ]);
  });

  it('an unbounded counter is incomplete, never ok, under each bound', () => {
    const byStates = check(unboundedCounter(), { maxStates: 1000 });
    expect(byStates.status).toBe('incomplete');
    expect(byStates.reason).toMatch(/state bound of 1000/);
    expect(byStates.stats.states).toBe(1000);
    const byDepth = check(unboundedCounter(), { maxDepth: 50 });
    expect(byDepth.status).toBe('incomplete');
    expect(byDepth.reason).toMatch(/depth bound of 50/);
    const byTime = check(unboundedCounter(), { timeoutMs: 50 });
    expect(byTime.status).toBe('incomplete');
    expect(byTime.reason).toMatch(/time limit of 50 ms/);
    // Any running process holds more than 1 MB of heap, so the first check stops the search.
    const byMemory = check(unboundedCounter(), { maxMemoryMb: 1 });
    expect(byMemory.status).toBe('incomplete');
    expect(byMemory.reason).toMatch(/memory bound of 1 MB reached .*NODE_OPTIONS=--max-old-space-size/);
  });

  it('the memory bound counts what is alive, not garbage left by earlier work', () => {
    // initial() leaves about 150 MB of garbage as the search starts, which the heap in use counts
    // until a full collection: a bound 60 MB above the heap in use before the check must not stop
    // the search. (Garbage made before check() may be collected before the first look at the
    // heap, by check()'s own allocations: it tested nothing in a long-lived test process.)
    const before = getHeapStatistics().used_heap_size / 2 ** 20;
    const result = check(garbageFirst(5000, 150), { maxMemoryMb: Math.ceil(before + 60) });
    expect(result.reason).toBeUndefined();
    expect(result.status).toBe('ok');
    expect(result.stats.states).toBe(5001);
  });

  it('the memory bound defaults to most of the heap limit, and must be a whole number of megabytes', () => {
    expect(check(grid(30)).status).toBe('ok');
    expect(() => check(grid(3), { maxMemoryMb: 0.5 })).toThrow(/maxMemoryMb must be an integer/);
  });

  it('a depth bound that cuts nothing still gives ok', () => {
    expect(check(grid(3), { maxDepth: 6 }).status).toBe('ok');
    expect(check(grid(3), { maxDepth: 5 }).status).toBe('incomplete');
  });

  it('a violation found before a bound is still a violation, with the bound noted', () => {
    const model = { ...unboundedCounter(), properties: [always('below 10', ({ n }: { n: number }) => n < 10), sometimes('never', () => false)] };
    const result = check(model, { maxStates: 100 });
    expect(result.status).toBe('violated');
    expect(result.reason).toMatch(/state bound/);
  });

  it('is deterministic: the same model and options give identical results', () => {
    const strip = (r: ReturnType<typeof check>) => ({ ...r, stats: { ...r.stats, ms: 0, firstViolationMs: 0 } });
    expect(strip(check(dieHard(), { exploreAll: true }))).toEqual(strip(check(dieHard(), { exploreAll: true })));
  });

  /** Two interchangeable counters up to 3: (a, b) and (b, a) are the same up to renaming. */
  const pair = (limit: number): Model<number[], number> => ({
    name: 'pair',
    initial: () => [[0, 0]],
    actions: (s) => s.flatMap((v, i) => (v < 3 ? [i] : [])),
    next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)),
    representative: (s) => [...s].sort(),
    properties: [always(`below ${limit}`, (s) => s.every((v) => v < limit))],
  });

  it('symmetry reduction deduplicates by the representative', () => {
    expect(check(pair(4)).stats.states).toBe(16);
    expect(check(pair(4), { symmetry: true }).stats.states).toBe(10);
  });

  it('symmetry reduction keys by representativeKey when the model has one, and only then', () => {
    const keyed: number[][] = [];
    const model: Model<number[], number> = {
      ...pair(4),
      representativeKey: (s) => {
        keyed.push(s);
        return `${Math.min(...s)},${Math.max(...s)}`;
      },
    };
    expect(check(model, { symmetry: true }).stats.states).toBe(10);
    expect(keyed.length).toBeGreaterThan(0);
    keyed.length = 0;
    expect(check(model).stats.states).toBe(16);
    expect(keyed).toEqual([]);
  });

  it('a violation found under symmetry replays: its hash is of the real final state, not of its representative', () => {
    // The first counter reaching 2 ends in [2, 0], whose representative is [0, 2].
    const v = check(pair(2), { symmetry: true }).violations[0]!;
    expect(v.trace.at(-1)!.state).toEqual([2, 0]);
    expect(replay(pair(2), v.replay).at(-1)!.state).toEqual([2, 0]);
  });
});

describe('clear errors', () => {
  it('next throws: names the action, gives the trace up to it', () => {
    let error: unknown;
    try {
      check(throwingNext());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    const e = error as ModelError;
    expect(e.code).toBe('next-threw');
    expect(e.message).toMatch(/next\(state, "Inc"\) threw RangeError: the counter jammed at 2/);
    expect(e.trace.map((s) => (s.state as { n: number }).n)).toEqual([0, 1, 2]);
    expect(e.cause).toBeInstanceOf(RangeError);
  });

  it('actions in a different order for an equal state: nondeterminism', () => {
    // Key order differs between the two paths to {a:1,b:1}; actions() iterates insertion order.
    const model: Model<Record<string, number>, string> = {
      name: 'insertion-order',
      initial: () => [{}],
      actions: (s) => ['a', 'b'].filter((k) => !(k in s)).concat(Object.keys(s).length === 2 ? Object.keys(s).map((k) => `reset-${k}`) : []),
      next: (s, a) => (a.startsWith('reset') ? s : { ...s, [a]: 1 }),
      properties: [],
    };
    expect(() => check(model, { exploreAll: true })).toThrow(NondeterminismError);
  });

  it('a state with a function, a cycle or a Map cannot be serialised', () => {
    const withValue = (v: unknown): Model<unknown, 'Go'> => ({
      name: 'bad-state',
      initial: () => [{ ok: true }],
      actions: (s) => ((s as { ok?: boolean }).ok ? ['Go'] : []),
      next: () => ({ payload: v }),
      properties: [],
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const [value, found] of [
      [() => 1, /state\.payload is a function/],
      [cyclic, /state\.payload\.self is a reference back/],
      [new Map(), /state\.payload is a Map instance/],
      [Number.NaN, /state\.payload is the number NaN/],
    ] as const) {
      expect(() => check(withValue(value))).toThrow(found);
      try {
        check(withValue(value));
      } catch (e) {
        expect((e as ModelError).code).toBe('unserialisable-state');
        expect((e as ModelError).message).toMatch(/after "Go"/);
      }
    }
  });

  it('invalid options are rejected with the option named', () => {
    expect(() => check(grid(2), { maxStates: -1 })).toThrow(InvalidOptionError);
    expect(() => check(grid(2), { maxStates: 1.5 })).toThrow(/maxStates must be an integer/);
    expect(() => check(grid(2), { mode: 'dfs' as never })).toThrow(/mode must be "exhaustive" or "random"/);
    expect(() => check(grid(2), { bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
    expect(() => check(grid(2), { symmetry: true })).toThrow(/no representative/);
    expect(() => check(grid(2), { seed: 'x' as never })).toThrow(/seed must be an integer/);
  });

  it('a malformed model is rejected before exploring', () => {
    expect(() => check({ name: 'x', initial: () => [1], properties: [] } as never)).toThrow(/no actions\(\) function/);
    expect(() => check({ ...grid(1), properties: [always('p', () => true), always('p', () => true)] })).toThrow(/two properties named "p"/);
    expect(() => check({ ...grid(1), initial: () => [] })).toThrow(/non-empty array/);
  });
});

describe('undecided properties', () => {
  it('a complete search leaves nothing undecided; a bounded one leaves every unrefuted property', () => {
    expect(check(grid(3)).undecided).toEqual([]);
    expect(check(dieHard()).undecided).toEqual([]);
    const model = { ...unboundedCounter(), properties: [always('below 10', ({ n }: { n: number }) => n < 10), always('sane', () => true), sometimes('at 500', ({ n }: { n: number }) => n === 500)] };
    expect(check(model, { maxStates: 100 }).undecided).toEqual(['sane', 'at 500']);
  });
});
