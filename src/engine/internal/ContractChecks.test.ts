import { describe, expect, it } from 'vitest';
import { check } from '../check.ts';
import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import type { Model } from '../Model.ts';
import { always } from '../Property.ts';
import { ModelRunner } from './ModelRunner.ts';
import { modelErrorOf } from '../fixtures/modelErrorOf.ts';

/**
 * The sampled contracts where the search meets a state it has seen (`checkRevisit`), called as
 * the search calls them, and the representative's contract met at an initial state. A contract
 * is blamed on the model only when the model broke it: states that are not plain data are not
 * compared, and a fingerprint is blamed only when it really gave two states the same value.
 */
type S = { v: unknown; tag: number };
const model = (over: Partial<Model<S, 'noop'>> = {}): Model<S, 'noop'> => ({
  name: 'revisits',
  initial: () => [{ v: 0, tag: 0 }],
  actions: () => [],
  next: (s) => s,
  properties: [],
  ...over,
});
/** A fingerprint of the tag only: states with equal tags collide. */
const byTag = (s: S, into: Int32Array) => ((into[0] = s.tag), (into[1] = 0));
const first = (state: S, steps = 1): TraceStep<S, 'noop'>[] => [...Array.from({ length: steps - 1 }, () => ({ action: null, state: { v: 'x', tag: 9 } })), { action: null, state }];
const notPlain = { v: new Map([[1, 2]]), tag: 1 };

describe('checkRevisit and the model\'s own fingerprint', () => {
  it('blames the fingerprint when it gave two different states the same value, naming the step of the first', () => {
    const runner = new ModelRunner(model({ fingerprint: byTag }), false);
    const e = modelErrorOf(() => runner.checkRevisit({ v: 2, tag: 1 }, first({ v: 1, tag: 1 }, 3), () => [], 4));
    expect(e.code).toBe('fingerprint-collision');
    expect(e.message).toBe('model revisits: fingerprint(state) gave the same fingerprint to two different states: {"tag":1,"v":2} (the end of the trace) and {"tag":1,"v":1} (first met at step 2 of its shortest path), so the search would take one for the other');
    expect(e.hint).toMatch(/^fingerprint\(state\) must write into into\[0\] and into\[1\] a value that differs for different states/);
  });
  it('does not blame a fingerprint that tells the two states apart, in either half', () => {
    const runner = new ModelRunner(model({ fingerprint: (s, into) => ((into[0] = s.tag), (into[1] = s.v as number)) }), false);
    expect(() => runner.checkRevisit({ v: 2, tag: 1 }, first({ v: 1, tag: 1 }), () => [], 1)).not.toThrow();
    expect(() => runner.checkRevisit({ v: 1, tag: 2 }, first({ v: 1, tag: 1 }), () => [], 1)).not.toThrow();
    // A member print, used only under symmetry, is not asked about either.
    const withMember = new ModelRunner(model({ fingerprint: (s, into) => ((into[0] = s.tag), (into[1] = s.v as number)), memberFingerprint: byTag }), false);
    expect(() => withMember.checkRevisit({ v: 2, tag: 1 }, first({ v: 1, tag: 1 }), () => [], 1)).not.toThrow();
  });
  it('does not compare states that are not plain data, by fingerprint or by key', () => {
    const runner = new ModelRunner(model({ fingerprint: byTag, key: () => 'same' }), false);
    expect(() => runner.checkRevisit({ v: 2, tag: 1 }, first(notPlain), () => [], 1)).not.toThrow();
    expect(() => runner.checkRevisit(notPlain, first({ v: 2, tag: 1 }), () => [], 1)).not.toThrow();
  });
  it('under symmetry, blames the fingerprint of the representatives', () => {
    const sym = model({ fingerprint: byTag, representative: (s) => ({ ...s, v: Math.abs(s.v as number) }) });
    const runner = new ModelRunner(sym, true);
    expect(modelErrorOf(() => runner.checkRevisit({ v: -2, tag: 1 }, first({ v: 1, tag: 1 }, 2), () => [], 3)).code).toBe('fingerprint-collision');
    expect(() => runner.checkRevisit({ v: -1, tag: 1 }, first({ v: 1, tag: 1 }, 2), () => [], 3)).not.toThrow();
  });
  it('under symmetry with a member print, blames the member print when the class prints differ and it gave both states one print', () => {
    // Classes by |v|; the member print by tag, which merges classes.
    const klass = (s: S, into: Int32Array) => ((into[0] = Math.abs(s.v as number)), (into[1] = 7));
    const sym = model({ representative: (s) => ({ ...s, v: Math.abs(s.v as number) }), representativeFingerprint: klass, memberFingerprint: byTag });
    const runner = new ModelRunner(sym, true);
    const e = modelErrorOf(() => runner.checkRevisit({ v: -2, tag: 1 }, first({ v: 1, tag: 1 }, 2), () => [], 3));
    expect(e.code).toBe('member-fingerprint-collision');
    expect(e.message).toBe('model revisits: memberFingerprint(state) gave the same print to two states of different representatives: {"tag":1,"v":2} (the end of the trace) and {"tag":1,"v":1} (first met at step 1 of its shortest path), so the search would take one class for the other');
    expect(e.hint).toMatch(/^memberFingerprint\(state\) must differ for states of different representatives/);
    // Member prints that differ in either half: the cache merged nothing by the model's doing.
    const halves = [(s: S, into: Int32Array) => ((into[0] = s.v as number), (into[1] = 0)), (s: S, into: Int32Array) => ((into[0] = 0), (into[1] = s.v as number))];
    for (const memberFingerprint of halves) {
      const fair = new ModelRunner(model({ representative: (s) => ({ ...s, v: Math.abs(s.v as number) }), representativeFingerprint: klass, memberFingerprint }), true);
      expect(() => fair.checkRevisit({ v: -2, tag: 1 }, first({ v: 1, tag: 1 }, 2), () => [], 3)).not.toThrow();
    }
    // Class prints that agree are the class print's fault, whatever the member print did.
    const merged = new ModelRunner(model({ representative: (s) => ({ ...s, v: Math.abs(s.v as number) }), representativeFingerprint: byTag, memberFingerprint: byTag }), true);
    expect(modelErrorOf(() => merged.checkRevisit({ v: -2, tag: 1 }, first({ v: 1, tag: 1 }, 2), () => [], 3)).code).toBe('fingerprint-collision');
  });
  it('under symmetry with representativeKey (which the search keys by instead), blames that key, not the fingerprint', () => {
    const sym = model({ fingerprint: byTag, representative: (s) => s, representativeKey: () => 'same' });
    const runner = new ModelRunner(sym, true);
    expect(modelErrorOf(() => runner.checkRevisit({ v: 2, tag: 5 }, first({ v: 1, tag: 1 }, 2), () => [], 3)).code).toBe('representative-key-collision');
  });
});

describe('checkRevisit under symmetry, a revisit of an initial state\'s class', () => {
  it('does not compare a revisit that is not plain data with the initial states', () => {
    const sym = model({ representative: (s) => s, representativeKey: () => 'same' });
    const runner = new ModelRunner(sym, true);
    expect(() => runner.checkRevisit(notPlain, [{ action: null, state: { v: 0, tag: 0 } }], () => [], 2)).not.toThrow();
  });
});

describe('the representative contract', () => {
  /** A pair of counters whose representative sorts them; actions throw on a sorted, unequal pair. */
  const pair: Model<number[], number> = {
    name: 'pair',
    initial: () => [[2, 1]],
    actions: (s) => {
      if (s[0]! < s[1]!) throw new RangeError('sorted');
      return [];
    },
    next: (s) => s,
    representative: (s) => [...s].sort(),
    properties: [],
  };
  // An error met at an initial state carries the search's trace to it (today an empty one: the
  // search gives no trace for an initial state), never a step that no action led to.
  const noPhantomStep = (e: ModelError) => {
    expect(Array.isArray(e.trace)).toBe(true);
    expect(e.trace.filter((t) => t.action === undefined)).toEqual([]);
  };
  it('gives a trace when actions() throws on the representative of an initial state', () => {
    const e = modelErrorOf(() => check(pair, { symmetry: true }));
    expect(e.code).toBe('actions-threw');
    noPhantomStep(e);
  });
  it('gives the trace to a later state when actions() throws on its representative', () => {
    // [1, 1] is sorted and equal; [2, 1] (after action 0) has the representative [1, 2].
    const e = modelErrorOf(() => check({ ...pair, initial: () => [[1, 1]], actions: (s) => (s[0]! < s[1]! ? (() => { throw new RangeError('sorted'); })() : s[0] === 1 ? [0] : []), next: (s) => [s[0]! + 1, s[1]!] }, { symmetry: true }));
    expect(e.code).toBe('actions-threw');
    expect(e.trace).toEqual([{ action: null, state: [1, 1] }, { action: 0, state: [2, 1] }]);
  });
  it('broken at an initial state, adds no step to the trace for the action that reached it (none did)', () => {
    const e = modelErrorOf(() => check({ ...pair, actions: (s) => (s[0] === 1 ? [0, 1] : [0]) }, { symmetry: true }));
    expect(e.code).toBe('representative-changes-actions');
    noPhantomStep(e);
  });
  it('says "(not plain data)" for a state and representative that have no stable JSON', () => {
    type M = { m: Map<number, number>; n: number };
    const mapped: Model<M, 'noop'> = {
      name: 'mapped',
      initial: () => [{ m: new Map(), n: 1 }],
      actions: (s) => (s.n === 1 ? ['noop'] : []),
      next: (s) => s,
      representative: (s) => ({ ...s, n: 0 }),
      representativeKey: () => 'one',
      properties: [],
    };
    const runner = new ModelRunner(mapped, true);
    const e = modelErrorOf(() => runner.key({ m: new Map(), n: 1 }, () => []));
    expect(e.code).toBe('representative-changes-actions');
    expect(e.message).toMatch(/\. The state is \(not plain data\), its representative \(not plain data\)$/);
  });
});

describe('ModelRunner, edges of the calls into the model', () => {
  it('a key that throws under exactKeys is a ModelError naming key(state)', () => {
    const e = modelErrorOf(() => check(model({ key: () => { throw new RangeError('no key'); } }), { exactKeys: true }));
    expect(e.code).toBe('key-threw');
    expect(e.message).toBe('model revisits: key(state) for an initial state threw RangeError: no key');
  });
  it('an explain() that returns anything but a string gives no reason', () => {
    const bad = always<S>('never', () => false, { explain: () => 42 as unknown as string });
    const r = check(model({ properties: [bad] }));
    expect(r.status).toBe('violated');
    expect(r.violations[0]!.reason).toBeUndefined();
  });
  it('symmetry with exactKeys keys each state by its representative\'s key', () => {
    const pairs: Model<number[], number> = {
      name: 'pairs',
      initial: () => [[0, 0]],
      actions: (s) => s.flatMap((v, i) => (v < 3 ? [i] : [])),
      next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)),
      representative: (s) => [...s].sort(),
      properties: [],
    };
    expect(check(pairs, { symmetry: true, exactKeys: true }).stats.states).toBe(10);
    expect(check(pairs, { symmetry: true }).stats.states).toBe(10);
    const fast = { ...pairs, representativeKey: (s: number[]) => [...s].sort().join() };
    expect(check(fast, { symmetry: true, exactKeys: true }).stats.states).toBe(10);
  });
  it('a key that throws, called for the exact key, is a ModelError naming key(state) and the action', () => {
    const runner = new ModelRunner(model({ key: () => { throw new RangeError('no key'); } }), false, true);
    const e = modelErrorOf(() => runner.key({ v: 1, tag: 1 }, () => [], 'noop'));
    expect(e.code).toBe('key-threw');
    expect(e.message).toBe('model revisits: key(state) for the state after "noop" threw RangeError: no key');
  });
});
