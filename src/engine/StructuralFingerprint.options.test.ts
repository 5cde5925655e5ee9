import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { StructuralFingerprint, type FingerprintOptions } from './StructuralFingerprint.ts';

// Symmetry reduction hashes a state as if its names were swapped and its set-like lists sorted,
// with no copy built (`FingerprintOptions`). Each claim below is checked against what the option
// stands for: the plain fingerprint of the renamed copy, any order of an unordered list, and a
// fresh instance's answer (the memos must never change a hash, whatever paths they met a part at).

const fp = (v: unknown, prints: StructuralFingerprint) => {
  const into = new Int32Array(2);
  prints.fingerprint(v, into);
  return `${into[0]},${into[1]}`;
};

/** Swaps `a` and `b` in a string: a renaming of two interchangeable names. */
const swap = (s: string) => s.replace(/[ab]/g, (m) => (m === 'a' ? 'b' : 'a'));

/** `v` deep-copied with `rename` applied to every string and field name. */
const renamed = (v: unknown, rename: (s: string) => string): unknown =>
  typeof v === 'string'
    ? rename(v)
    : Array.isArray(v)
      ? v.map((x) => renamed(x, rename))
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [rename(k), renamed(x, rename)]))
        : v;

const rows: FingerprintOptions = { unordered: [['db', 'tables', '*', 'rows'], ['services']] };

describe('StructuralFingerprint with a renaming: the fingerprint of the renamed copy, with no copy built', () => {
  test.prop([fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 3 })])('equals the plain fingerprint of the copy with every string and name renamed', (value, history) => {
    const prints = new StructuralFingerprint({ rename: swap });
    for (const h of history) fp(h, prints);
    expect(fp(value, prints)).toBe(fp(renamed(value, swap), new StructuralFingerprint()));
  });

  it('tells a state from its renamed copy where the names matter', () => {
    const state = { agg: 'a', rows: [['a', 1]] };
    expect(fp(state, new StructuralFingerprint({ rename: swap }))).not.toBe(fp(state, new StructuralFingerprint()));
    expect(fp(renamed(state, swap), new StructuralFingerprint())).toBe(fp(state, new StructuralFingerprint({ rename: swap })));
  });
});

describe('StructuralFingerprint with unordered paths: those lists hash as multisets, every other list in order', () => {
  const state = (tableRows: unknown[][], services: unknown[], log: unknown[]) => ({ db: { tables: [{ name: 't', rows: tableRows }], log }, services });

  test.prop([fc.array(fc.tuple(fc.string({ maxLength: 2 }), fc.integer()), { maxLength: 6 }), fc.array(fc.nat(5), { maxLength: 5 })])(
    'gives every order of an unordered list the same fingerprint',
    (tableRows, services) => {
      const prints = new StructuralFingerprint(rows);
      const one = fp(state(tableRows, services, []), prints);
      expect(fp(state([...tableRows].reverse(), [...services].reverse(), []), prints)).toBe(one);
      expect(fp(state([...tableRows].sort(), [...services].sort(), []), new StructuralFingerprint(rows))).toBe(one);
    },
  );

  test.prop([fc.array(fc.nat(3), { maxLength: 5 }), fc.array(fc.nat(3), { maxLength: 5 })])('tells two unordered lists apart exactly when they differ as multisets', (x, y) => {
    const prints = new StructuralFingerprint(rows);
    const sameMultiset = JSON.stringify([...x].sort()) === JSON.stringify([...y].sort());
    expect(fp(state([], x, []), prints) === fp(state([], y, []), prints)).toBe(sameMultiset);
  });

  it('keeps the order of a list at any other path, and tells an unordered list from an ordered one', () => {
    const prints = new StructuralFingerprint(rows);
    expect(fp(state([], [], [1, 2]), prints)).not.toBe(fp(state([], [], [2, 1]), prints));
    // Under a path that is not listed, a list named like a listed one keeps its order.
    expect(fp({ other: { tables: [{ rows: [1, 2] }] } }, prints)).not.toBe(fp({ other: { tables: [{ rows: [2, 1] }] } }, prints));
    expect(fp({ services: [1, 2] }, prints)).not.toBe(fp({ services: [1, 2] }, new StructuralFingerprint()));
  });

  it('matches `*` to any field of an object as well as any element of an array', () => {
    const prints = new StructuralFingerprint({ unordered: [['groups', '*', 'dedup']] });
    expect(fp({ groups: { g1: { dedup: ['x', 'y'] } } }, prints)).toBe(fp({ groups: { g1: { dedup: ['y', 'x'] } } }, prints));
    expect(fp({ groups: [{ dedup: ['x', 'y'] }] }, prints)).toBe(fp({ groups: [{ dedup: ['y', 'x'] }] }, prints));
  });

  it('keeps in order the lists on the way to an unordered one', () => {
    const prints = new StructuralFingerprint(rows);
    const a = { name: 'a', rows: [] };
    const b = { name: 'b', rows: [] };
    expect(fp({ db: { tables: [a, b] } }, prints)).not.toBe(fp({ db: { tables: [b, a] } }, prints));
    expect(fp([1, 2], prints)).not.toBe(fp([2, 1], prints));
  });

  it('refuses paths that go on by `*` and by a name from the same place, naming the place', () => {
    const refused = (unordered: string[][]) => () => new StructuralFingerprint({ unordered });
    expect(refused([['db', '*', 'rows'], ['db', 'tables']])).toThrow(/^unordered paths: under db, one path goes on by '\*' and another by 'tables'; list the paths/);
    expect(refused([['*'], ['services']])).toThrow(/under the root, one path goes on by '\*' and another by 'services'/);
    expect(refused([['db', 'x', '*', 'rows'], ['db', 'x', 'tables']])).toThrow(/under db\.x, /);
    expect(refused([['groups', '*', '*'], ['groups', '*', 'dedup']])).toThrow(/under groups\.\*, /);
  });

  it('hashes a root list as unordered when the empty path is listed', () => {
    const prints = new StructuralFingerprint({ unordered: [[]] });
    expect(fp([1, 2, 3], prints)).toBe(fp([3, 1, 2], prints));
  });
});

describe('StructuralFingerprint with options: the memos never change a fingerprint', () => {
  // A pool of parts, large ones among them (remembered by identity), placed at random in states
  // whose fields come in random orders: the same part is met under an unordered path and under an
  // ordered one, at the same position under different names, and moved between them.
  const big = (k: number) => Array.from({ length: 80 }, (_, i) => (i * k) % 7);
  const pool: unknown[] = [big(1), big(2), [3, 1, 2], [2, 3, 1], ['a', 'b'], { a: [1, 2] }, 7];
  const names = ['rows', 'log', 'services'];
  const options: FingerprintOptions = { rename: swap, unordered: [['t', 'rows'], ['services'], ['t', 'deep', '*']] };

  it('forgets what it met below a position when the name there changes, since the paths below changed too', () => {
    const used = new StructuralFingerprint({ unordered: [['p', 'x', 'list']] });
    const part = { x: { list: [1, 2] } };
    fp({ p: part }, used);
    // The same part at the same position, under a name no unordered path goes through: in order.
    expect(fp({ q: part }, used)).toBe(fp({ q: part }, new StructuralFingerprint({ unordered: [['p', 'x', 'list']] })));
    expect(fp({ q: part }, used)).not.toBe(fp({ q: { x: { list: [2, 1] } } }, used));
    expect(fp({ p: part }, used)).toBe(fp({ p: { x: { list: [2, 1] } } }, used));
  });

  it('never remembers by identity a part that an unordered path goes through: met elsewhere, it hashes as it is there', () => {
    // `aux` is on the way to an unordered path, but its `rows` are in order.
    const options: FingerprintOptions = { unordered: [['db', 'rows'], ['aux', 'set']] };
    const used = new StructuralFingerprint(options);
    const filler = Array.from({ length: 80 }, (_, i) => i);
    const part = { rows: [2, 1], pad: filler };
    fp({ db: part, aux: [] }, used);
    // Large parts met at `aux`, so that a part met there would be looked up by identity.
    fp({ db: {}, aux: { pad: filler.map((i) => -i) } }, used);
    fp({ db: {}, aux: filler.map((i) => i + 1) }, used);
    const inOrder = fp({ db: {}, aux: part }, new StructuralFingerprint(options));
    expect(fp({ db: {}, aux: part }, used)).toBe(inOrder);
    expect(inOrder).not.toBe(fp({ db: {}, aux: { rows: [1, 2], pad: filler } }, used));
  });

  // `t` is now and then an array of the same parts: its elements go on by no unordered path.
  const spec = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...names), fc.nat(pool.length - 1), fc.nat(pool.length - 1)), { minLength: 1, maxLength: 3 }), fc.boolean());
  test.prop([fc.array(spec, { minLength: 1, maxLength: 10 })])(
    'gives every state of a sequence the fingerprint a fresh instance gives it',
    (specs) => {
      const used = new StructuralFingerprint(options);
      for (const [fields, asArray] of specs) {
        const t: Record<string, unknown> = {};
        const root: Record<string, unknown> = {};
        for (const [name, i, j] of fields) {
          t[name] = pool[i];
          root[name] = pool[j];
          t.deep = { x: pool[j], y: [pool[i]] };
        }
        root.t = asArray ? Object.values(t) : t;
        expect(fp(root, used)).toBe(fp(structuredClone(root), new StructuralFingerprint(options)));
      }
    },
  );
});
