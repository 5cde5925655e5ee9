import { describe, expect, it } from 'vitest';
import type { Model } from '../Model.ts';
import { hashText } from './hash64.ts';
import { ModelRunner } from './ModelRunner.ts';

/**
 * Which fingerprint the visited set keeps for a state. A parallel search claims states in one
 * table from several threads, so there (`canonical`) a state's fingerprint must not depend on
 * what one runner happened to meet before: a hash of its content (`StructuralFingerprint`), of the model's key, or the
 * model's own fingerprint, and under symmetry that of its representative.
 */
type S = { xs: number[]; tag: string };
const base: Model<S, 'noop'> = {
  name: 'fingerprints',
  initial: () => [{ xs: [2, 1], tag: 'a' }],
  actions: () => [],
  next: (s) => s,
  properties: [],
};
const fp = (runner: ModelRunner<S, 'noop'>, s: S) => {
  const into = new Int32Array(2);
  runner.fingerprintOf(s, into);
  return [...into];
};
const hash = (text: string) => {
  const into = new Int32Array(2);
  hashText(text, into);
  return [...into];
};
const state: S = { xs: [2, 1], tag: 'a' };
/** Sorts `xs`: states that differ only in its order are one class. */
const sorted = (s: S): S => ({ ...s, xs: [...s.xs].sort((a, b) => a - b) });

describe('ModelRunner fingerprints, canonical (the parallel search)', () => {
  it('are the same whatever the runner met before (as in another worker)', () => {
    const fresh = new ModelRunner(base, false, false, true);
    const used = new ModelRunner(base, false, false, true);
    for (let i = 0; i < 50; i++) fp(used, { xs: [i, i + 1, i + 2], tag: `t${i}` });
    expect(fp(used, state)).toEqual(fp(fresh, state));
    expect(fp(used, { xs: [1, 2], tag: 'a' })).not.toEqual(fp(fresh, state));
  });
  it('hash the model\'s key when it has one', () => {
    const keyed = { ...base, key: (s: S) => `${s.tag}:${s.xs.join(',')}` };
    expect(fp(new ModelRunner(keyed, false, false, true), state)).toEqual(hash('a:2,1'));
  });
  it('are the model\'s own fingerprint when it has one', () => {
    const own = { ...base, fingerprint: (s: S, into: Int32Array) => ((into[0] = s.xs[0]!), (into[1] = 77)) };
    expect(fp(new ModelRunner(own, false, false, true), state)).toEqual([2, 77]);
  });
  it('under symmetry, are those of the representative, even with a representativeKey (which need hold for one model object only)', () => {
    const sym = { ...base, representative: sorted };
    expect(fp(new ModelRunner(sym, true, false, true), state)).toEqual(fp(new ModelRunner(base, false, false, true), sorted(state)));
    const fast = { ...sym, representativeKey: (s: S) => `r${[...s.xs].sort().join('')}` };
    expect(fp(new ModelRunner(fast, true, false, true), state)).toEqual(fp(new ModelRunner(base, false, false, true), sorted(state)));
    expect(fp(new ModelRunner(fast, true, false, false), state)).toEqual(hash('r12'));
    expect(fp(new ModelRunner(sym, false, false, true), state)).toEqual(fp(new ModelRunner(base, false, false, true), state));
  });
});

describe('ModelRunner fingerprints, one search', () => {
  it('tell states apart and find equal ones equal (structural, the default)', () => {
    const r = new ModelRunner(base, false);
    expect(fp(r, { xs: [2, 1], tag: 'a' })).toEqual(fp(r, { xs: [2, 1], tag: 'a' }));
    expect(fp(r, { xs: [1, 2], tag: 'a' })).not.toEqual(fp(r, state));
  });
  it('hash the key, not the structure, for a model with a key', () => {
    const keyed = { ...base, key: (s: S) => s.tag };
    const r = new ModelRunner(keyed, false);
    expect(fp(r, state)).toEqual(hash('a'));
    expect(fp(r, { xs: [9], tag: 'a' })).toEqual(fp(r, state));
  });
});
