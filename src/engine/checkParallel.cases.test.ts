import { describe, expect, it } from 'vitest';
import type { CheckResult } from './CheckResult.ts';
import { InvalidOptionError, ModelError, NondeterminismError } from './CheckerError.ts';
import { check } from './check.ts';
import { modelSource } from './ModelSource.ts';
import { decodeReplay } from './replayString.ts';
import { replay } from './replay.ts';
import { ModelRunner } from './internal/ModelRunner.ts';
import { StateKey } from './internal/VisitedStates.ts';
import { counter, insertionOrder, liveCounter, manyStarts, sharedKey, threadDependent, twiceListed } from './fixtures/parallelCases.ts';
import { thrown } from './fixtures/thrown.ts';

// The parallel search's special cases, each against what one worker says where it can: a model
// that is not deterministic (a typed error, never a verdict), initial states listed twice, two
// properties violated, a violation found before a bound, counterexamples from two workers, the
// start-up handshake, the time limit, and the early stop once every property is decided.

const source = (name: string, ...args: unknown[]) => modelSource(new URL('./fixtures/parallelCases.ts', import.meta.url), name, ...args);
type R = CheckResult<unknown, unknown>;
const names = (r: R) => r.violations.map((v) => v.property);

describe('the parallel search: a model that is not deterministic', () => {
  it('a path a worker found that the main thread cannot replay: NondeterminismError, not a verdict', () => {
    const e = thrown(() => check(threadDependent(), { workers: 2, source: source('threadDependent') })) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-model');
    expect(e.message).toBe('model thread-dependent is not deterministic: at step 1 action #1 was enabled during exploration, but now only 1 actions are');
    expect(e.hint).toMatch(/^actions\(state\) must return the same actions in the same order each time it is called on equal states/);
  }, 60_000);

  it('a state met again in a worker with other actions: the same NondeterminismError as with one worker', () => {
    const one = thrown(() => check(insertionOrder(), { exploreAll: true })) as NondeterminismError;
    const many = thrown(() => check(insertionOrder(), { workers: 2, source: source('insertionOrder') })) as NondeterminismError;
    expect(many).toBeInstanceOf(NondeterminismError);
    expect(many.code).toBe('nondeterministic-actions');
    expect(many.message).toBe(one.message);
  }, 60_000);
});

describe('the parallel search: initial states', () => {
  it('listed twice: counted once, and the counterexample starts from the first listing', () => {
    const model = twiceListed();
    const one = check(model, { exploreAll: true });
    const many = check(model, { workers: 2, source: source('twiceListed'), exploreAll: true });
    expect(many.stats.states).toBe(one.stats.states);
    expect(many.stats.states).toBe(4);
    expect(many.stats.transitions).toBe(one.stats.transitions);
    const v = many.violations[0]!;
    expect(v.trace.map((t) => (t.state as { n: number }).n)).toEqual([1, 2]);
    expect(decodeReplay(v.replay).init).toBe(2);
    expect(replay(model, v.replay)).toEqual(v.trace);
  }, 60_000);

  it('two different ones with one key: the key contract error of one worker', () => {
    const one = thrown(() => check(sharedKey()));
    const many = thrown(() => check(sharedKey(), { workers: 2, source: source('sharedKey') }));
    expect(many).toBeInstanceOf((one as object).constructor);
    expect((many as Error).message).toBe((one as Error).message);
    expect((many as ModelError).trace).toEqual((one as ModelError).trace);
  }, 60_000);
});

describe('the parallel search: several violations', () => {
  it('two properties violated at different depths: both reported, in the order the model lists them', () => {
    const r = check(counter(20, [4, 2]), { workers: 2, source: source('counter', 20, [4, 2]) });
    expect(r.status).toBe('violated');
    expect(names(r)).toEqual(['below 4', 'below 2']);
    expect(r.violations.map((v) => v.trace.length)).toEqual([5, 3]);
    const reversed = check(counter(20, [2, 4]), { workers: 2, source: source('counter', 20, [2, 4]) });
    expect(names(reversed)).toEqual(['below 2', 'below 4']);
  }, 60_000);

  it('a violation found before a bound stopped the search: violated, with a note naming the bound', () => {
    const r = check(counter(1000, [3, 2000]), { workers: 2, source: source('counter', 1000, [3, 2000]), maxStates: 50 });
    expect(r.status).toBe('violated');
    expect(names(r)).toEqual(['below 3']);
    expect(r.reason).toMatch(/^found before the search stopped: state bound of 50 distinct states reached at depth 50$/);
    expect(r.undecided).toEqual(['below 2000']);
  }, 60_000);

  it('counterexamples from two workers: the least by fingerprint (unsigned), wherever it was found', () => {
    // Two workers: the first takes the initial states at even places, the second those at odd places.
    const runner = new ModelRunner(manyStarts(), false, false, true);
    const key = new StateKey();
    const half = (seed: number, i: 0 | 1) => {
      runner.keyInto(key, { seed, bad: true }, () => []);
      return key.fingerprint[i]!;
    };
    const hi = (seed: number) => half(seed, 0);
    const unsigned = (seeds: number[]) => seeds.reduce((a, b) => (hi(b) >>> 0 < hi(a) >>> 0 ? b : a));
    const signed = (seeds: number[]) => seeds.reduce((a, b) => (hi(b) < hi(a) ? b : a));
    const shown = (seeds: number[]) => {
      const r = check(manyStarts(...seeds), { workers: 2, source: source('manyStarts', ...seeds) });
      expect(r.violations).toHaveLength(1);
      return (r.violations[0]!.trace.at(-1)!.state as { seed: number }).seed;
    };
    // The first worker holds seeds 0 and 3 (signed, it would keep 0), the second 4: the second
    // worker's best is above 2^31, the first's below, so a signed choice between them differs too.
    expect([unsigned([0, 3]), signed([0, 3]), unsigned([0, 4, 3]), signed([3, 4])]).toEqual([3, 0, 3, 4]);
    expect(shown([0, 4, 3])).toBe(3);
    // The best found by the second worker, the first's above 2^31 (and its own choice unsigned or not).
    expect([unsigned([4, 0]), signed([4, 0]), unsigned([4, 3, 0])]).toEqual([0, 0, 3]);
    expect(shown([4, 3, 0])).toBe(3);
    // The first worker meets its best (3) first, then 0: a greater high word, a lesser low word.
    expect([unsigned([3, 0]), half(0, 1) >>> 0 < half(3, 1) >>> 0]).toEqual([3, true]);
    expect(shown([3, 4, 0])).toBe(3);
  }, 60_000);
});

describe('the parallel search: the start-up handshake', () => {
  it('a source that builds the model under another version, or from another initial state, is refused', () => {
    expect(() => check(counter(5, [9], [], 0, '2'), { workers: 2, source: source('counter', 5, [9], [], 0) })).toThrow(/builds model counter-5@1, not the model checked \(counter-5@2\)/);
    expect(() => check(counter(5, [9]), { workers: 2, source: source('counter', 5, [9], [], 0, '2') })).toThrow(/builds model counter-5@2, not the model checked \(counter-5@1\)/);
    expect(() => check(counter(5, [9]), { workers: 2, source: source('counter', 5, [9], [], 1) })).toThrow(InvalidOptionError);
    expect(() => check(counter(5, [9]), { workers: 2, source: source('counter', 5, [9], [], 1) })).toThrow(/or one with other initial states/);
    expect(check(counter(5, [9], [], 0, '2'), { workers: 2, source: source('counter', 5, [9], [], 0, '2') }).status).toBe('ok');
  }, 60_000);
});

describe('the parallel search: time and early stop', () => {
  it('a time limit far off changes nothing: complete, with the counts of one worker', () => {
    const model = counter(3000, [5000]);
    const one = check(model);
    const r = check(model, { workers: 2, source: source('counter', 3000, [5000]), timeoutMs: 600_000 });
    expect(r.status).toBe('ok');
    expect(r.reason).toBeUndefined();
    expect(r.stats.states).toBe(one.stats.states);
    expect(r.stats.maxDepth).toBe(3000);
  }, 60_000);

  it('a memory bound: shared among the workers, each stopping at its share, incomplete', () => {
    const r = check(counter(100_000, [200_000]), { workers: 2, source: source('counter', 100_000, [200_000]), maxMemoryMb: 3 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/^memory bound of 1 MB per worker reached at depth \d+ with \d+ states/);
  }, 60_000);

  it('stops at the level after every property is decided, unless asked to explore everything', () => {
    const src = source('counter', 1000, [5], [3]);
    const early = check(counter(1000, [5], [3]), { workers: 2, source: src });
    expect(early.status).toBe('violated');
    expect(early.stats.states).toBeLessThan(10);
    expect(check(counter(1000, [5], [3]), { workers: 2, source: src, exploreAll: true }).stats.states).toBe(1001);
    expect(check(counter(1000), { workers: 2, source: source('counter', 1000) }).stats.states).toBe(1001);
  }, 60_000);
});

describe('the parallel search: what the result says', () => {
  it('a sometimes witnessed by a worker decides that one, not another', () => {
    const r = check(counter(10, [], [3, 50]), { workers: 2, source: source('counter', 10, [], [3, 50]) });
    expect(r.status).toBe('violated');
    expect(names(r)).toEqual(['reaches 50']);
  }, 60_000);

  it('stopped by a bound without sometimes properties: the bound alone, nothing "not yet witnessed"', () => {
    const r = check(counter(1000, [2000]), { workers: 2, source: source('counter', 1000, [2000]), maxStates: 50 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/^state bound of 50 distinct states reached at depth \d+$/);
  }, 60_000);

  it('a violation without an explanation has no reason field, as with one worker', () => {
    const one = check(counter(20, [2]));
    const r = check(counter(20, [2]), { workers: 2, source: source('counter', 20, [2]) });
    expect(Object.keys(r.violations[0]!).sort()).toEqual(Object.keys(one.violations[0]!).sort());
    expect('reason' in r.violations[0]!).toBe(false);
  }, 60_000);

  it('times: the search time and each progress report within the time the call took', () => {
    const reported: number[] = [];
    const before = Date.now();
    const r = check(counter(300, [500]), { workers: 2, source: source('counter', 300, [500]), onProgress: ({ ms }) => reported.push(ms) });
    const took = Date.now() - before;
    expect(r.stats.ms).toBeLessThanOrEqual(took);
    for (const ms of reported) expect(ms).toBeLessThanOrEqual(took);
  }, 60_000);

  it('eventually properties: one worker, and the note names each of them', () => {
    const r = check(liveCounter(), { workers: 2, source: source('liveCounter') });
    expect(r.stats.workers).toBe(1);
    expect(r.stats.workersNote).toMatch(/^one worker: eventually properties \(reaches 3, reaches 4\) are decided/);
  });
});
