import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { StructuralFingerprint } from './StructuralFingerprint.ts';

// The parallel search's workers share a visited set by these fingerprints, so a state must get
// the same one in every worker, whatever each worker hashed before. The memos that make hashing
// cheap (what was last met at a path, large parts by identity) must never change a hash: here,
// sequences of states that exercise each memo are hashed by one instance, and every state is
// compared with a fresh instance's fingerprint of it.

const fp = (v: unknown, prints: StructuralFingerprint) => {
  const into = new Int32Array(2);
  prints.fingerprint(v, into);
  return `${into[0]},${into[1]}`;
};

/** The fingerprints one instance gives `states` in turn, and those fresh instances give each. */
function afterHistory(states: readonly unknown[]): { used: string[]; fresh: string[] } {
  const prints = new StructuralFingerprint();
  return { used: states.map((s) => fp(s, prints)), fresh: states.map((s) => fp(structuredClone(s), new StructuralFingerprint())) };
}

/** `inner` wrapped in `levels` objects: `{ n: { n: … inner } }`. */
function nested(levels: number, inner: unknown): unknown {
  let v = inner;
  for (let i = 0; i < levels; i++) v = { n: v };
  return v;
}

describe('StructuralFingerprint: the memos never change a fingerprint', () => {
  it('hashes an undefined array element as null where another value was met before', () => {
    // A new position, then undefined there; an older value of a position never set, then undefined.
    const a = afterHistory([[1], [undefined]]);
    expect(a.used).toEqual(a.fresh);
    const b = afterHistory([[1, 2], [1, 3], [undefined, 3]]);
    expect(b.used).toEqual(b.fresh);
    expect(b.used[2]).toBe(afterHistory([[null, 3]]).fresh[0]);
  });

  test.prop([fc.array(fc.array(fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 2 }), fc.constant(null)), { maxLength: 3 }), { minLength: 1, maxLength: 8 })])(
    'gives every array in a sequence, undefined elements included, the fingerprint a fresh instance gives it',
    (states) => {
      const { used, fresh } = afterHistory(states);
      expect(used).toEqual(fresh);
    },
  );

  it('finds a large part again by identity after other large parts were met at its place', () => {
    const big = (k: number) => Array.from({ length: 100 }, (_, i) => i * k);
    const [one, two, three] = [big(1), big(2), big(3)];
    // At `a`: one, two, three, then one again (neither the last nor the one before at that path).
    const { used, fresh } = afterHistory([{ a: one }, { a: two }, { a: three }, { a: one, b: 1 }]);
    expect(used).toEqual(fresh);
  });

  it('hashes a state deeper than the cycle-check depth, and a part shared by two siblings there', () => {
    const shared = { leaf: 1 };
    const states = [nested(40, [1, { x: 'y' }]), nested(35, [shared, shared]), nested(35, [shared, { leaf: 2 }])];
    const { used, fresh } = afterHistory(states);
    expect(used).toEqual(fresh);
    expect(new Set(used).size).toBe(3);
  });

  it('starts with empty memos: a first state hashes the same whatever its first field and value', () => {
    // A field's hash is summed, so the order of the fields never matters. Whatever is first (here
    // the text Stryker writes into a list it mutates, so a memo that starts with any entry is seen)
    // must be hashed afresh, not found in a memo that nothing has written yet.
    const text = 'Stryker was here';
    for (const [a, b] of [
      [{ [text]: 1, x: 2 }, { x: 2, [text]: 1 }],
      [{ a: text, x: 2 }, { x: 2, a: text }],
    ]) {
      expect(fp(a, new StructuralFingerprint())).toBe(fp(b, new StructuralFingerprint()));
    }
  });

  it('hashes an object without a prototype as the plain object with its fields', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [true] });
    const prints = new StructuralFingerprint();
    expect(fp({ root: bare }, prints)).toBe(fp({ root: { a: 1, b: [true] } }, new StructuralFingerprint()));
  });
});
