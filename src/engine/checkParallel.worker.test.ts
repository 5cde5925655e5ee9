import { describe, expect, it } from 'vitest';
import type { CheckResult } from './CheckResult.ts';
import { ModelError, NondeterminismError } from './CheckerError.ts';
import { check } from './check.ts';
import { modelSource } from './ModelSource.ts';
import { replay } from './replay.ts';
import { counter } from './fixtures/parallelCases.ts';
import { sameHighWord } from './fixtures/parallelGaps.ts';
import { failsAtThree, hubFingerprint, hubs, keyFailsInTaker, keyIgnoresVia, nextDiffersInTaker, packedFanOutInSecondWorker, quiescentSameHighWord, stays, stopsPastDecision, type Hub } from './fixtures/parallelWorkerModels.ts';
import { thrown } from './fixtures/thrown.ts';

// The worker's own code (internal/parallelWorker.ts, internal/LevelExpander.ts): what the mutation
// runs from W3 on found that no quick test of the parallel search pinned down.

const models = (name: string, ...args: unknown[]) => modelSource(new URL('./fixtures/parallelWorkerModels.ts', import.meta.url), name, ...args);
const counts = (r: CheckResult<unknown, unknown>) => [r.stats.states, r.stats.transitions, r.stats.maxDepth];

describe('a worker that takes states over from a packed level', () => {
  it('copies each state from the giver\'s packed level: it replays no path (which here it could not)', () => {
    // Unpacked, the same hand-over is a NondeterminismError (checkParallel.gaps.test.ts): the taker
    // rebuilds each leaf from its path, and in the taker `right` has one action, not 40.
    const r = check(packedFanOutInSecondWorker(40), { workers: 2, source: models('packedFanOutInSecondWorker', 40) });
    expect(r.status).toBe('ok');
    expect(counts(r)).toEqual([42, 40, 1]);
  }, 60_000);
});

describe('a level handed over in part to another worker', () => {
  /** The leaf of `hubs(width, fan)` of least fingerprint (unsigned, high half first). */
  const least = (width: number, fan: number) => {
    const print = new Int32Array(2);
    let best: Hub | undefined;
    let bestKey = [Infinity, Infinity];
    for (let hub = 0; hub < width; hub++)
      for (let leaf = 0; leaf < fan; leaf++) {
        hubFingerprint({ depth: 2, hub, leaf }, print);
        const k = [print[0]! >>> 0, print[1]! >>> 0];
        if (k[0]! < bestKey[0]! || (k[0] === bestKey[0] && k[1]! < bestKey[1]!)) [best, bestKey] = [{ depth: 2, hub, leaf }, k];
      }
    return best;
  };
  for (const packed of [false, true]) {
    // 64 hubs, all found by the first worker, half of them handed over: 8 leaves each.
    it(`every state expanded once, by one worker: the counts of one worker (packed: ${packed})`, () => {
      const model = hubs(64, 8, packed);
      const one = check(model, { exploreAll: true });
      const many = check(model, { workers: 2, source: models('hubs', 64, 8, packed), exploreAll: true });
      expect(counts(one)).toEqual([1 + 64 + 512, 64 + 512, 2]);
      expect(counts(many)).toEqual(counts(one));
      expect(many.violations[0]!.trace.at(-1)!.state).toEqual(least(64, 8));
    }, 60_000);

    // One hub, whose 400 leaves (terminal, each a counterexample) are found by one worker and
    // half of them handed over: the fingerprint offered for a leaf is the one kept beside it.
    it(`terminal states handed over: the counterexample of least fingerprint, wherever it was expanded (packed: ${packed})`, () => {
      const model = hubs(1, 400, packed);
      const many = check(model, { workers: 2, source: models('hubs', 1, 400, packed) });
      expect(many.status).toBe('violated');
      const v = many.violations[0]!;
      expect(v.trace.at(-1)!.state).toEqual(least(1, 400));
      expect(replay(model, v.replay)).toEqual(v.trace);
    }, 60_000);
  }
});

describe('a level in which the shared table grows', () => {
  for (const packed of [false, true]) {
    it(`the workers pause and go on where they were: the counts of one worker (packed: ${packed})`, () => {
      // 69,120 leaves at depth 2: more than the table's first 65,536 slots, which it wants to
      // outgrow at 45,875, in the middle of the hubs' level.
      const model = hubs(256, 270, packed);
      const many = check(model, { workers: 2, source: models('hubs', 256, 270, packed), exploreAll: true });
      expect(counts(many)).toEqual([1 + 256 + 69_120, 256 + 69_120, 2]);
      expect(many.violations.map((v) => v.property)).toEqual(['never ends at a leaf']);
    }, 60_000);
  }
});

describe('two counterexamples for one property found by one worker', () => {
  it('with equal high words: the worker offers the least low word, whichever it met first', () => {
    // The first worker takes the seeds at even places (its two bad states share their high word),
    // the second those at odd places (low words 100 and 101, above both).
    const shown = (...seeds: number[]) => {
      const r = check(sameHighWord(...seeds), { workers: 2, source: modelSource(new URL('./fixtures/parallelGaps.ts', import.meta.url), 'sameHighWord', ...seeds) });
      return (r.violations[0]!.trace.at(-1)!.state as { seed: number }).seed;
    };
    expect(shown(3, 100, 5, 101)).toBe(3);
    expect(shown(5, 100, 3, 101)).toBe(3);
  }, 60_000);

  it('at terminal states (atQuiescence): the same, with the fingerprints kept beside the frontier', () => {
    const shown = (...seeds: number[]) => {
      const r = check(quiescentSameHighWord(...seeds), { workers: 2, source: models('quiescentSameHighWord', ...seeds) });
      expect(r.violations.map((v) => v.property)).toEqual(['never ends bad']);
      return (r.violations[0]!.trace.at(-1)!.state as { seed: number }).seed;
    };
    expect(shown(3, 100, 5, 101)).toBe(3);
    expect(shown(5, 100, 3, 101)).toBe(3);
  }, 60_000);
});

describe('a worker that finished its level while another paused for the table to grow', () => {
  it('reports its level once, and the counts are those of one worker', () => {
    // 256 hubs found by the first worker, which keeps the first 128 (one leaf each) and hands the
    // last 128 over (560 leaves each): the taker outgrows the table while the giver has finished.
    const model = hubs(256, 1, false, 560);
    const one = check(model, { exploreAll: true });
    const many = check(model, { workers: 2, source: models('hubs', 256, 1, false, 560), exploreAll: true });
    expect(counts(one)).toEqual([1 + 256 + 128 + 128 * 560, 256 + 128 + 128 * 560, 2]);
    expect(counts(many)).toEqual(counts(one));
  }, 60_000);
});

describe('a model that fails in a worker, past the initial states', () => {
  for (const what of ['next', 'actions', 'property'] as const) {
    it(`its ${what} throws: the ModelError of one worker, with its trace`, () => {
      const one = thrown(() => check(failsAtThree(what))) as ModelError;
      const many = thrown(() => check(failsAtThree(what), { workers: 2, source: models('failsAtThree', what) })) as ModelError;
      expect(one).toBeInstanceOf(ModelError);
      expect(many).toBeInstanceOf(ModelError);
      expect([many.code, many.message]).toEqual([one.code, one.message]);
      expect(many.trace).toEqual(one.trace);
      expect(many.trace!.length).toBeGreaterThan(1);
    }, 60_000);
  }

  it('a key that breaks its contract on two states a worker found: the key-contract error of one worker', () => {
    const one = thrown(() => check(keyIgnoresVia())) as ModelError;
    const many = thrown(() => check(keyIgnoresVia(), { workers: 2, source: models('keyIgnoresVia') })) as ModelError;
    expect(one).toBeInstanceOf(ModelError);
    expect(many).toBeInstanceOf(ModelError);
    expect([many.code, many.message]).toEqual([one.code, one.message]);
    expect(many.trace).toEqual(one.trace);
  }, 60_000);
});

describe('a state with a step back to itself', () => {
  it('the self-loop is a transition, not a state: the counts of one worker', () => {
    const one = check(stays(30));
    const many = check(stays(30), { workers: 2, source: models('stays', 30) });
    expect(counts(one)).toEqual([31, 61, 30]);
    expect(counts(many)).toEqual(counts(one));
    expect(many.status).toBe('ok');
  }, 60_000);
});

describe('a model whose key fails only in the worker that takes a state over', () => {
  it('the ModelError carries the path to the state being taken over', () => {
    // The second worker finds 40 leaves, and hands 20 over; the first worker's key throws on them.
    expect(check(keyFailsInTaker(40)).status).toBe('ok');
    const e = thrown(() => check(keyFailsInTaker(40), { workers: 2, source: models('keyFailsInTaker', 40) })) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toMatch(/no key for leaf \d+ here/);
    expect(e.trace!.map((s) => (s.state as { at: string }).at)).toEqual(['right', 'leaf']);
  }, 60_000);
});

describe('a model whose next differs in the worker that takes a state over', () => {
  it('a NondeterminismError with the path rebuilt, not a search of other states', () => {
    // The second worker finds 40 leaves and hands 20 over; rebuilt in the first, each is another leaf.
    expect(check(nextDiffersInTaker(40)).status).toBe('ok');
    const e = thrown(() => check(nextDiffersInTaker(40), { workers: 2, source: models('nextDiffersInTaker', 40) })) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-model');
    expect(e.message).toMatch(/^model next-differs-in-taker-40 is not deterministic: replaying the path to a state at depth 1, handed from one worker to another, reached a different state than during exploration$/);
    expect(e.hint).toMatch(/^actions\(state\) must list the same actions in the same order for equal states, and next\(state, action\) must be pure/);
    expect(e.trace.map((s) => s.state)).toEqual([{ at: 'right', i: 0 }, { at: 'leaf', i: expect.any(Number) }]);
    expect((e.trace[1]!.state as { i: number }).i).toBeGreaterThanOrEqual(1000);
  }, 60_000);
});

describe('the depth bound in a worker', () => {
  it('incomplete, the bound named, no state past it, and the states at it not expanded', () => {
    const r = check(counter(50), { workers: 2, source: modelSource(new URL('./fixtures/parallelCases.ts', import.meta.url), 'counter', 50), maxDepth: 3 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toBe('depth bound of 3 reached with actions still enabled');
    expect(counts(r)).toEqual([4, 3, 3]);
  }, 60_000);

  it('a terminal state at the bound is no reason to stop: complete', () => {
    const r = check(counter(3), { workers: 2, source: modelSource(new URL('./fixtures/parallelCases.ts', import.meta.url), 'counter', 3), maxDepth: 3 });
    expect(r.status).toBe('ok');
    expect(r.reason).toBeUndefined();
    expect(counts(r)).toEqual([4, 3, 3]);
  }, 60_000);
});

describe('atQuiescence properties in a worker', () => {
  it('checked at terminal states only, and not evaluated again once decided (here it throws past its decision), as with one worker', () => {
    const one = check(stopsPastDecision());
    const many = check(stopsPastDecision(), { workers: 2, source: models('stopsPastDecision') });
    for (const r of [one, many]) {
      expect(r.status).toBe('violated');
      expect(r.violations.map((v) => [v.property, v.trace.length - 1, v.trace.at(-1)!.state])).toEqual([['stops below 1', 2, { n: 1, stopped: true }]]);
    }
    expect(counts(many)).toEqual(counts(one));
  }, 60_000);
});
