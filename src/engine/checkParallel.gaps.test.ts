import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from './CheckResult.ts';
import { InvalidOptionError, ModelError, NondeterminismError } from './CheckerError.ts';
import { check } from './check.ts';
import { modelSource } from './ModelSource.ts';
import { replay } from './replay.ts';
import { counter } from './fixtures/parallelCases.ts';
import { explained, failsOnInitial, fingerprintedMaps, failsWhileAnotherPauses, fanOutInSecondWorker, garbageFirst, interchangeablePair, internedKey, renamedCounter, sameHighWord, slowSecondLevel, startsBeyondBound, symmetricCounters, symmetricCountersNumbered, symmetricNotBoolean, throwsPastDecision, twoWitnessedAtOnce } from './fixtures/parallelGaps.ts';
import { throwingNext, unboundedCounter } from './fixtures/smallModels.ts';
import { thrown } from './fixtures/thrown.ts';

// The parallel search's cases no test had reached (the mutation run H3 left them alive): a
// worker handed a state it cannot replay, two sometimes witnessed by one state, symmetry,
// counterexamples whose fingerprints share their high word, properties that fail on an initial
// state or past their decision, what the result and the errors say, the time limit in the middle
// of a level, and the workers ended after an error or an interrupt.

const gaps = (name: string, ...args: unknown[]) => modelSource(new URL('./fixtures/parallelGaps.ts', import.meta.url), name, ...args);
const cases = (name: string, ...args: unknown[]) => modelSource(new URL('./fixtures/parallelCases.ts', import.meta.url), name, ...args);
type R = CheckResult<unknown, unknown>;
const names = (r: R) => r.violations.map((v) => v.property);
const verdict = (r: R) => ({
  status: r.status,
  undecided: r.undecided,
  violations: r.violations.map((v) => ({ property: v.property, kind: v.kind, length: v.trace.length })),
});

describe('the parallel search: a worker handed a state it cannot replay', () => {
  it('a rebalanced state whose path breaks in the taker: NondeterminismError from the worker, never a verdict', () => {
    // The second worker finds 40 leaves from `right`, the first none: 20 are handed over, and
    // the first worker, where `right` has one action, cannot follow the path to leaf 39.
    expect(check(fanOutInSecondWorker(40)).status).toBe('ok');
    const e = thrown(() => check(fanOutInSecondWorker(40), { workers: 2, source: gaps('fanOutInSecondWorker', 40) })) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-model');
    expect(e.message).toBe('model fan-out-40 is not deterministic: at step 1 action #39 was enabled during exploration, but now only 1 actions are');
    expect(e.hint).toMatch(/^actions\(state\) must return the same actions in the same order each time it is called on equal states/);
  }, 60_000);
});

describe('the parallel search: sometimes properties', () => {
  it('two witnessed by one state: both decided, as with one worker', () => {
    const one = check(twoWitnessedAtOnce());
    const many = check(twoWitnessedAtOnce(), { workers: 2, source: gaps('twoWitnessedAtOnce') });
    expect(names(one)).toEqual(['reaches 9']);
    expect(verdict(many)).toEqual(verdict(one));
  }, 60_000);

  it('witnessed by a worker when listed after another: that one decided, not the first', () => {
    const r = check(counter(10, [], [50, 3]), { workers: 2, source: cases('counter', 10, [], [50, 3]) });
    expect(names(r)).toEqual(['reaches 50']);
  }, 60_000);

  it('witnessed by an initial state: decided there, as with one worker', () => {
    const r = check(counter(5, [], [0]), { workers: 2, source: cases('counter', 5, [], [0]) });
    expect(r.status).toBe('ok');
    expect(r.violations).toEqual([]);
  }, 60_000);

  it('two not yet witnessed when a bound stops the search: both named, comma-separated', () => {
    const r = check(counter(1000, [], [2000, 3000]), { workers: 2, source: cases('counter', 1000, [], [2000, 3000]), maxStates: 50 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/; not yet witnessed: reaches 2000, reaches 3000$/);
  }, 60_000);
});

describe('the parallel search: symmetry', () => {
  it('with representative: the counts and verdicts of one worker, and counterexamples that replay', () => {
    const model = symmetricCounters(4, 5, 99);
    const one = check(model, { symmetry: true });
    expect(one.stats.states).toBe(125);
    // With a representativeKey that each model object numbers its own way (as its contract
    // allows), the workers must fingerprint the representative itself.
    for (const [name, build] of [['symmetricCounters', symmetricCounters], ['symmetricCountersNumbered', symmetricCountersNumbered]] as const) {
      for (const workers of [2, 3]) {
        const many = check(build(4, 5, 99), { symmetry: true, workers, source: gaps(name, 4, 5, 99) });
        expect(verdict(many)).toEqual(verdict(one));
        expect([many.stats.states, many.stats.transitions, many.stats.maxDepth]).toEqual([one.stats.states, one.stats.transitions, one.stats.maxDepth]);
      }
    }
    const violating = symmetricCounters(4, 5, 9);
    const oneV = check(violating, { symmetry: true });
    const manyV = check(violating, { symmetry: true, workers: 2, source: gaps('symmetricCounters', 4, 5, 9) });
    expect(verdict(manyV)).toEqual(verdict(oneV));
    const v = manyV.violations[0]!;
    expect(replay(violating, v.replay)).toEqual(v.trace);
  }, 60_000);

  it('symmetric copies met again may enable other actions than the state kept: no error, the counts of one worker', () => {
    // [2, 3] and [3, 2] are met from [2, 2], and enable [0] and [1]: the first meeting of the
    // class is kept, the second is a revisit checked on a sampled call.
    const one = check(interchangeablePair('sorted'), { symmetry: true });
    const many = check(interchangeablePair('sorted'), { symmetry: true, workers: 2, source: gaps('interchangeablePair', 'sorted') });
    expect(many.status).toBe('ok');
    expect([many.stats.states, many.stats.transitions]).toEqual([one.stats.states, one.stats.transitions]);
    expect(one.stats.states).toBe(10);
  }, 60_000);
});

describe('the parallel search: symmetry and an initial state', () => {
  it('a representative that merges a state one step away with the initial state: the typed error of one worker', () => {
    const one = thrown(() => check(interchangeablePair('constant'), { symmetry: true })) as ModelError;
    const many = thrown(() => check(interchangeablePair('constant'), { symmetry: true, workers: 2, source: gaps('interchangeablePair', 'constant') })) as ModelError;
    expect(many).toBeInstanceOf(ModelError);
    expect(many.code).toBe('representative-merges-initial');
    expect(many.message).toBe('model interchangeable-pair-constant: representative(state) gives [1,0], reached in 1 steps, the symmetric key of an initial state, though it is not an initial state');
    expect([many.code, many.message]).toEqual([one.code, one.message]);
  }, 60_000);

  it('a property that is not boolean, met by the representative\'s contract check on an initial state: the ModelError of one worker', () => {
    const one = thrown(() => check(symmetricNotBoolean(), { symmetry: true })) as ModelError;
    const many = thrown(() => check(symmetricNotBoolean(), { symmetry: true, workers: 2, source: gaps('symmetricNotBoolean') })) as ModelError;
    expect(one.code).toBe('property-not-boolean');
    expect(many).toBeInstanceOf(ModelError);
    expect(many.code).toBe('property-not-boolean');
    expect(many.message).toBe(one.message);
  }, 60_000);
});

describe('the parallel search: counterexamples from two workers', () => {
  const shown = (seeds: number[]) => {
    const r = check(sameHighWord(...seeds), { workers: 2, source: gaps('sameHighWord', ...seeds) });
    expect(r.violations).toHaveLength(1);
    return (r.violations[0]!.trace.at(-1)!.state as { seed: number }).seed;
  };
  it('with equal high words: the least low word (unsigned), whichever worker found it', () => {
    // The first worker takes the seeds at even places, the second those at odd places.
    expect(shown([5, 3])).toBe(3);
    expect(shown([3, 5])).toBe(3);
    expect(shown([-1, 3])).toBe(3);
  }, 60_000);

  it('three properties found in another order than the model lists them: reported in the model\'s order', () => {
    const r = check(counter(20, [4, 2, 3]), { workers: 2, source: cases('counter', 20, [4, 2, 3]) });
    expect(names(r)).toEqual(['below 4', 'below 2', 'below 3']);
  }, 60_000);
});

describe('the parallel search: properties', () => {
  it('violated by an initial state: found there, a counterexample of one state, as with one worker', () => {
    const one = check(counter(5, [0]));
    const many = check(counter(5, [0]), { workers: 2, source: cases('counter', 5, [0]) });
    expect(verdict(many)).toEqual(verdict(one));
    expect(many.violations[0]!.trace).toEqual([{ action: null, state: { n: 0 } }]);
  }, 60_000);

  it('a decided property is not evaluated again (here it throws past its decision), as with one worker', () => {
    for (const kind of ['always', 'sometimes'] as const) {
      const one = check(throwsPastDecision(kind));
      const many = check(throwsPastDecision(kind), { workers: 2, source: gaps('throwsPastDecision', kind) });
      expect(verdict(many)).toEqual(verdict(one));
      expect(many.stats.states).toBe(7);
    }
  }, 60_000);

  it('the explanation of a violation is passed on, as with one worker', () => {
    const one = check(explained());
    const many = check(explained(), { workers: 2, source: gaps('explained') });
    expect(one.violations[0]!.reason).toBe('n is 3');
    expect(many.violations[0]!.reason).toBe('n is 3');
  }, 60_000);

  for (const what of ['key', 'property'] as const) {
    it(`a ${what} that throws on an initial state: the ModelError of one worker, with its trace`, () => {
      const one = thrown(() => check(failsOnInitial(what))) as ModelError;
      const many = thrown(() => check(failsOnInitial(what), { workers: 2, source: gaps('failsOnInitial', what) })) as ModelError;
      expect(many).toBeInstanceOf(ModelError);
      expect(many.message).toBe(one.message);
      expect(many.trace).toEqual(one.trace);
      // The trace is the initial state that fails.
      expect(many.trace).toEqual([{ action: null, state: { n: 0 } }]);
    }, 60_000);
  }
  it('a key that fails on an initial state only in the workers: the worker\'s error, with that initial state as its trace', () => {
    const e = thrown(() => check(failsOnInitial('key', 'worker'), { workers: 2, source: gaps('failsOnInitial', 'key', 'worker') })) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toMatch(/no key for 0/);
    expect(e.trace).toEqual([{ action: null, state: { n: 0 } }]);
  }, 60_000);
});

describe('the parallel search: initial states beyond the state bound', () => {
  // It failed with a TypeError: checkParallel.ts replayed a path for an initial state the visited
  // set refused as over the bound, as if it were one met before.
  it('more distinct initial states than maxStates: incomplete at the bound, as with one worker', () => {
    const one = check(startsBeyondBound(), { maxStates: 1 });
    const many = check(startsBeyondBound(), { workers: 2, source: gaps('startsBeyondBound'), maxStates: 1 });
    expect(one.status).toBe('incomplete');
    expect(many.status).toBe('incomplete');
    expect(many.reason).toMatch(/^state bound of 1 distinct states reached/);
    expect(many.stats.states).toBe(1);
  }, 60_000);
});

describe('the parallel search: the start-up handshake', () => {
  it('a source that builds a model of another name, with the same initial states, is refused, and the hint says what the source must name', () => {
    const e = thrown(() => check(counter(5), { workers: 2, source: gaps('renamedCounter', 5) })) as InvalidOptionError;
    expect(e).toBeInstanceOf(InvalidOptionError);
    expect(e.message).toMatch(/^option source builds model renamed-counter-5@1, not the model checked \(counter-5@1\)/);
    expect(e.hint).toMatch(/^The source must name the module export \(and arguments\) that build the very model passed to check/);
  }, 60_000);
});

describe('the parallel search: the time limit', () => {
  it('reached before the first level ends: incomplete at depth 0, the limit named', () => {
    const r = check(unboundedCounter(), { workers: 2, source: modelSource(new URL('./fixtures/smallModels.ts', import.meta.url), 'unboundedCounter'), timeoutMs: 1 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toBe('time limit of 1 ms reached at depth 0');
    // No level after the one in which the limit passed: the initial state and its successor at most.
    expect(r.stats.states).toBeLessThanOrEqual(2);
  }, 60_000);

  it('reached in the round in which a worker meets the state bound: the bound, met first, is named', () => {
    // Two initial states, one a worker, are the bound's two states: their successors, in the first
    // round, are past it. By the round's end the limit of 1 ms has passed too (the workers'
    // start-up alone takes longer), and the reason the workers gave stands. The main thread stops
    // the workers itself only when one has reported or 100 ms have passed; should that come before
    // either expanded its state (no transition: a machine busy elsewhere), the run says nothing
    // and is tried again.
    const run = () => check(sameHighWord(1, 2), { workers: 2, source: gaps('sameHighWord', 1, 2), timeoutMs: 1, maxStates: 2 });
    let r = run();
    for (let tries = 1; tries < 5 && r.stats.transitions === 0; tries++) r = run();
    expect(r.stats.transitions, 'in 5 runs the workers never expanded a state before the main thread stopped them').toBeGreaterThan(0);
    expect(r.status).toBe('incomplete');
    expect(r.reason).toBe('state bound of 2 distinct states reached at depth 1');
  }, 60_000);

  it('reached in the middle of a level: the workers stop there, incomplete, never ok', () => {
    // 2,000 states at depth 1, each with one costly step (seconds for the whole level): the main
    // thread, waiting, sees the limit pass and stops the workers, which check it themselves only
    // every 1,024 states.
    const width = 2000;
    const r = check(slowSecondLevel(width, 5_000_000), { workers: 2, source: gaps('slowSecondLevel', width, 5_000_000), timeoutMs: 1500 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/^time limit of 1500 ms reached at depth [01]$/);
    expect(r.stats.states).toBeLessThan(1 + 2 * width);
  }, 120_000);
});

describe('the parallel search: a worker fails while another pauses for the table to grow', () => {
  it('the error reaches the caller, never a verdict', () => {
    // The second worker fills the table past its growth threshold and pauses; the first, still in
    // its slow step, then fails: that round's reports are an error and a pause.
    const e = thrown(() => check(failsWhileAnotherPauses(50_000, 1500), { workers: 2, source: gaps('failsWhileAnotherPauses', 50_000, 1500) })) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('next-threw');
    expect(e.message).toMatch(/threw RangeError: the slow step failed/);
  }, 60_000);
});

/** The threads of this process now (Linux only). */
const threads = () => Number(/^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
/** Waits until the thread count is at most `n`, or 10 s have passed; returns the count. */
const settled = async (n: number) => {
  const end = Date.now() + 10_000;
  while (threads() > n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return threads();
};
/** The thread count once the threads of earlier searches have ended (two equal readings 200 ms apart). */
const steady = async () => {
  for (let last = threads(); ; ) {
    await new Promise((r) => setTimeout(r, 200));
    const now = threads();
    if (now >= last) return now;
    last = now;
  }
};

describe.runIf(existsSync('/proc/self/status'))('the parallel search: its workers end with it', () => {
  it('after a model error: no worker thread is left', async () => {
    const before = await steady();
    expect(() => check(throwingNext(), { workers: 2, source: modelSource(new URL('./fixtures/smallModels.ts', import.meta.url), 'throwingNext') })).toThrow(ModelError);
    expect(await settled(before)).toBeLessThanOrEqual(before);
  }, 60_000);

  it('after an interrupt (onProgress throwing): no worker thread is left', async () => {
    const before = await steady();
    class Interrupted extends Error {}
    const source = modelSource(new URL('./fixtures/smallModels.ts', import.meta.url), 'unboundedCounter');
    const interrupt = () => {
      throw new Interrupted('SIGINT');
    };
    expect(() => check(unboundedCounter(), { workers: 2, source, maxStates: 2 ** 30, onProgress: interrupt })).toThrow(Interrupted);
    expect(await settled(before)).toBeLessThanOrEqual(before);
  }, 60_000);
});

describe('the parallel search: a worker\'s memory bound counts what is alive', () => {
  it('garbage above its share in a worker\'s heap does not stop the search: complete, ok', () => {
    // Each worker's initial() leaves about 200 MB of garbage, and its share of the bound is 100 MB:
    // far above what its states take, far below what the heap holds until a full collection.
    const r = check(garbageFirst(5000, 200), { workers: 2, source: gaps('garbageFirst', 5000, 200), maxMemoryMb: 200 });
    expect(r.reason).toBeUndefined();
    expect(r.status).toBe('ok');
    expect(r.stats.states).toBe(5001);
  }, 60_000);
});

describe('the parallel search: a key that depends on the model object', () => {
  it('a key that numbers states in the order it meets them: key-not-shared, with the trace to the state', () => {
    // One model object keys every state the same way each time: one worker finds nothing wrong.
    expect(check(internedKey(50)).stats.states).toBe(51);
    const e = thrown(() => check(internedKey(50), { workers: 2, source: gaps('internedKey', 50) })) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('key-not-shared');
    expect(e.message).toBe('model interned-key-50: key(state) gave the state at the end of the trace another fingerprint in a second model object built from the same source');
    expect(e.hint).toMatch(/^The parallel search builds one model object in each worker, so key\(state\) must depend on the state alone/);
    expect(e.trace.map((t) => t.state)).toEqual([{ n: 0 }, { n: 1 }]);
  }, 60_000);
});

describe('the parallel search: a counterexample that cannot be given a replay string', () => {
  it('states that are not plain data, searched by the model\'s own fingerprint: the ModelError of one worker, with the trace', () => {
    const one = thrown(() => check(fingerprintedMaps())) as ModelError;
    const many = thrown(() => check(fingerprintedMaps(), { workers: 2, source: gaps('fingerprintedMaps') })) as ModelError;
    expect(many).toBeInstanceOf(ModelError);
    expect([many.code, many.message]).toEqual([one.code, one.message]);
    expect(many.code).toBe('unserialisable-state');
    expect(many.trace.map((t) => (t.state as Map<string, number>).get('n'))).toEqual([0, 1, 2]);
  }, 60_000);
});

describe('the parallel search: the path to a counterexample under symmetry', () => {
  it('follows the least parents\' classes: the same trace on every run and with 2 or 3 workers, that replays', () => {
    // 40 initial states of one class, and many shortest paths to each class that breaks "sum below 14".
    const model = symmetricCounters(5, 6, 14);
    const traces = [2, 3, 2, 3, 2, 3].map((workers) => {
      const r = check(symmetricCounters(5, 6, 14), { symmetry: true, workers, source: gaps('symmetricCounters', 5, 6, 14) });
      const v = r.violations[0]!;
      expect(replay(model, v.replay)).toEqual(v.trace);
      return { trace: v.trace, replay: v.replay };
    });
    for (const t of traces) expect(t).toEqual(traces[0]);
    expect(traces[0]!.trace).toHaveLength(14);
  }, 60_000);
});
