import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { stableKey, UnserialisableError } from './stableKey.ts';
import { StructuralKeys } from './StructuralKeys.ts';

/** Whether one `StructuralKeys` gives `a` and `b` the same key. */
const same = (a: unknown, b: unknown, keys = new StructuralKeys()) => keys.key(a) === keys.key(b);

describe('StructuralKeys', () => {
  it('gives equal keys to equal structures built apart, whatever the field order', () => {
    expect(same({ a: 1, b: [true, null, 'x'] }, { b: [true, null, 'x'], a: 1 })).toBe(true);
    expect(same({ a: { c: 1, d: 2 } }, { a: { d: 2, c: 1 } })).toBe(true);
  });

  it('starts with empty memos: a first state is keyed the same whatever its first field and value', () => {
    // Whatever is first (here the text Stryker writes into a list it mutates, so a memo that
    // starts with any entry is seen) must be keyed afresh, not found in a memo nothing has written.
    const text = 'Stryker was here';
    for (const [a, b] of [
      [{ [text]: 1, x: 2 }, { x: 2, [text]: 1 }],
      [{ a: text, x: 2 }, { x: 2, a: text }],
      [[text, 2], [text, 2]],
    ]) {
      expect(same(a, b)).toBe(true);
      expect(same(b, a)).toBe(true);
    }
  });

  it('tells apart a value from its change at any depth', () => {
    const keys = new StructuralKeys();
    const base = { a: { b: { c: [1, 2, { d: 'x' }] } } };
    expect(keys.key(base)).not.toBe(keys.key({ a: { b: { c: [1, 2, { d: 'y' }] } } }));
    expect(keys.key(base)).not.toBe(keys.key({ a: { b: { c: [1, 2, { d: 'x', e: 0 }] } } }));
    expect(keys.key(base)).not.toBe(keys.key({ a: { b: { c: [1, 2, { d: 'x' }, 3] } } }));
    expect(keys.key(base)).toBe(keys.key({ a: { b: { c: [1, 2, { d: 'x' }] } } }));
  });

  it('tells numbers from strings, arrays from objects, null from false and from 0', () => {
    expect(same({ a: 1 }, { a: '1' })).toBe(false);
    expect(same([1], ['1'])).toBe(false);
    expect(same({}, [])).toBe(false);
    expect(same({ 0: 'a' }, ['a'])).toBe(false);
    expect(same([null], [false])).toBe(false);
    expect(same([null], [0])).toBe(false);
    expect(same([0], [''])).toBe(false);
    expect(same(1, '1')).toBe(false);
    expect(same([], '')).toBe(false);
    expect(same([], 0)).toBe(false);
  });

  it('tells a field name from a value: {a: "b"} is not {b: "a"}', () => {
    expect(same({ a: 'b' }, { b: 'a' })).toBe(false);
  });

  it('keys numbers as JSON writes them: -0 is 0, large, negative and fractional numbers are told apart', () => {
    expect(same({ n: -0 }, { n: 0 })).toBe(true);
    expect(same([-1], [1])).toBe(false);
    expect(same([0.5], [0.25])).toBe(false);
    expect(same([2 ** 26], [2 ** 26 + 1])).toBe(false);
    expect(same([2 ** 40], [2 ** 40])).toBe(true);
    expect(same([1.0], [1])).toBe(true);
  });

  it('omits undefined fields, as JSON does, and keys an undefined array element as null', () => {
    expect(same({ a: undefined, b: 1 }, { b: 1 })).toBe(true);
    expect(same([undefined], [null])).toBe(true);
    expect(same({ a: undefined }, { a: null })).toBe(false);
  });

  it('numbers a shared object once: a state that shares parts with a keyed one describes only what is new', () => {
    const keys = new StructuralKeys();
    const big = { rows: Array.from({ length: 100 }, (_, i) => ({ i })) };
    keys.key({ big, n: 1 });
    const before = keys.sizes().nodes;
    expect(keys.key({ big, n: 2 })).not.toBe(keys.key({ big, n: 1 }));
    expect(keys.sizes().nodes).toBe(before);
    keys.key({ big: { rows: [...big.rows, { i: 100 }] }, n: 1 });
    expect(keys.sizes().nodes).toBe(before + 3); // the new row, the new list, the new record
  });

  it('numbers a copy with the same content as the original (structure after identity)', () => {
    const keys = new StructuralKeys();
    const part = { xs: [1, 2, 3] };
    expect(keys.id(part)).toBe(keys.id(structuredClone(part)));
    expect(keys.id(part)).not.toBe(keys.id({ xs: [1, 2] }));
  });

  it('allows shared (non-cyclic) references', () => {
    const shared = { v: 1 };
    expect(same({ a: shared, b: shared }, { a: { v: 1 }, b: { v: 1 } })).toBe(true);
  });

  it('throws stableKey\'s typed error, with its path, for what is not plain data, cycles included', () => {
    const keys = new StructuralKeys();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => keys.key(cyclic)).toThrow(UnserialisableError);
    expect(() => keys.key(cyclic)).toThrow('state.self.back is a reference back to one of its parents (a cycle)');
    expect(() => keys.key({ a: [1, { f: () => 0 }] })).toThrow('state.a[1].f is a function');
    expect(() => keys.key({ s: new Set() })).toThrow('state.s is a Set instance');
    expect(() => keys.key({ n: 10n })).toThrow('state.n is a bigint');
    expect(() => keys.key({ x: Infinity })).toThrow('state.x is the number Infinity');
    expect(() => keys.key(NaN)).toThrow('state is the number NaN');
    // After an error the same keys go on working.
    expect(keys.key({ a: [1] })).toBe(keys.key({ a: [1] }));
  });

  // One StructuralKeys for every pair, so ids met earlier in the run are reused: the key must
  // stay canonical across everything one search meets.
  const shared = new StructuralKeys();
  const anyValue = fc.jsonValue();
  test.prop([anyValue, anyValue])('gives two values equal keys exactly when their stable JSON is equal', (a, b) => {
    expect(shared.key(a) === shared.key(b)).toBe(stableKey(a) === stableKey(b));
  });

  test.prop([fc.jsonValue()])('gives a value and its deep copy with fields reversed the same key', (value) => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    expect(shared.key(reversed(value))).toBe(shared.key(value));
  });

  test.prop([fc.jsonValue(), fc.jsonValue()])('tells a value from the same value with one more field or element', (value, extra) => {
    const grown = Array.isArray(value) ? [...value, extra] : value !== null && typeof value === 'object' ? { ...value, ['\u0000extra']: extra } : [value];
    expect(shared.key(grown)).not.toBe(shared.key(value));
  });
});

describe('StructuralKeys.fingerprint', () => {
  /** The 64-bit fingerprint as text, so two can be compared with toBe. */
  const fp = (keys: StructuralKeys, v: unknown) => {
    const into = new Int32Array(2);
    keys.fingerprint(v, into);
    return `${into[0]},${into[1]}`;
  };

  // One StructuralKeys for every pair, as in a search: numbers and memos from earlier values are reused.
  const shared = new StructuralKeys();
  test.prop([fc.jsonValue(), fc.jsonValue()])('gives two values equal fingerprints exactly when their stable JSON is equal', (a, b) => {
    expect(fp(shared, a) === fp(shared, b)).toBe(stableKey(a) === stableKey(b));
  });

  test.prop([fc.jsonValue()])('gives a value and its deep copy with fields reversed the same fingerprint, and the same as its key says', (value) => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    expect(fp(shared, reversed(value))).toBe(fp(shared, value));
  });

  // States of a search share parts by identity and meet them at the same paths, alternating: the
  // memos of what was last met at a path must never let one value stand for another.
  test.prop([fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { minLength: 2, maxLength: 30 })])(
    'tells apart exactly the states of different JSON in a sequence of states sharing and moving parts',
    (pool, picks) => {
      const keys = new StructuralKeys();
      const part = (i: number) => pool[i % pool.length];
      const states = picks.map(([i, j, k, copy]) => ({ a: part(i), list: copy ? [structuredClone(part(j)), part(k)] : [part(k), part(j)], b: { c: part(j) } }));
      const prints = states.map((s) => fp(keys, s));
      const json = states.map((s) => stableKey(s));
      for (let x = 0; x < states.length; x++) for (let y = 0; y < states.length; y++) expect(prints[x] === prints[y]).toBe(json[x] === json[y]);
    },
  );

  it('keeps an undefined array element apart from the values met before at its position', () => {
    const keys = new StructuralKeys();
    const one = fp(keys, [1]);
    fp(keys, [1, 2, 3]);
    expect(fp(keys, [undefined])).toBe(fp(keys, [null]));
    expect(fp(keys, [undefined])).not.toBe(one);
    expect(fp(keys, { a: undefined, b: 1 })).toBe(fp(keys, { b: 1 }));
    expect(fp(keys, { a: null, b: 1 })).not.toBe(fp(keys, { b: 1 }));
  });

  it('tells a root scalar from a list holding it, and numbers from strings', () => {
    const keys = new StructuralKeys();
    expect(fp(keys, 1)).not.toBe(fp(keys, [1]));
    expect(fp(keys, 1)).not.toBe(fp(keys, '1'));
    expect(fp(keys, [])).not.toBe(fp(keys, {}));
    expect(fp(keys, 'x')).toBe(fp(keys, 'x'));
  });

  it('throws the same typed error as the key for what is not plain data, and goes on working', () => {
    const keys = new StructuralKeys();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => fp(keys, cyclic)).toThrow('state.self.back is a reference back to one of its parents (a cycle)');
    expect(() => fp(keys, { a: [1, { f: () => 0 }] })).toThrow('state.a[1].f is a function');
    expect(fp(keys, { a: [1] })).toBe(fp(keys, { a: [1] }));
  });
});

describe('StructuralKeys, object shapes remembered at a path', () => {
  // Objects met one after another at one path, with their fields in any order and of any subset
  // of names: the shape (names and their order) the path remembers must never stand for another.
  const names = ['a', 'b', 'c', 'd'] as const;
  const record = fc
    .tuple(fc.shuffledSubarray([...names]), fc.array(fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom('x', 'y'), fc.constant(undefined)), { minLength: 4, maxLength: 4 }))
    .map(([order, values]) => Object.fromEntries(order.map((n, i) => [n, values[i]])));
  test.prop([fc.array(record, { minLength: 2, maxLength: 25 })])('keys exactly apart the records of different JSON met in turn at one path, whatever their names and field order', (records) => {
    const keys = new StructuralKeys();
    const got = records.map((r) => keys.key({ at: r, list: [r] }));
    const json = records.map((r) => stableKey(r));
    for (let x = 0; x < records.length; x++) for (let y = 0; y < records.length; y++) expect(got[x] === got[y]).toBe(json[x] === json[y]);
  });

  it('tells apart objects with the same values under other names, and a shape from a list of its names', () => {
    const keys = new StructuralKeys();
    expect(keys.key({ a: 1, b: 2 })).not.toBe(keys.key({ a: 1, c: 2 }));
    expect(keys.key({ b: 2, a: 1 })).toBe(keys.key({ a: 1, b: 2 }));
    expect(keys.key({ b: 2, a: 1 })).not.toBe(keys.key({ b: 1, a: 2 }));
    expect(keys.key({ x: {} })).not.toBe(keys.key({ x: [] }));
    expect(keys.key({ x: { a: 1 } })).not.toBe(keys.key({ x: ['a', 1] }));
    expect(keys.key({ x: { a: 1, b: 2 } })).not.toBe(keys.key({ x: { a: 1 } }));
  });

  it('forgets the shape at a path whose names changed on the way to a value that is not plain data', () => {
    const keys = new StructuralKeys();
    const ab = keys.key({ x: { a: 1, b: 2 } });
    // c takes b's place in the path's names, then the function throws before the object is done.
    expect(() => keys.key({ x: { a: 1, c: () => 0 } })).toThrow('state.x.c is a function');
    expect(keys.key({ x: { a: 1, c: 2 } })).not.toBe(ab);
    expect(keys.key({ x: { a: 1, b: 2 } })).toBe(ab);
  });
});

describe('StructuralKeys, what the mutation run found unpinned', () => {
  it('numbers leaves through id() as well as nodes: null, booleans, numbers and strings', () => {
    const keys = new StructuralKeys();
    const leaves = [null, true, false, 0, 1, 2 ** 30, -1, 0.5, '', 'a'];
    const ids = leaves.map((v) => keys.id(v));
    expect(new Set(ids).size).toBe(leaves.length);
    expect(leaves.map((v) => keys.id(v))).toEqual(ids);
    expect(ids).not.toContain(keys.id([null]));
  });

  it('keys a state alone, whatever longer state was keyed before it', () => {
    const keys = new StructuralKeys();
    const first = keys.key({ a: 1 });
    keys.key({ a: 1, b: 2, c: [3, 4] });
    expect(keys.key({ a: 1 })).toBe(first);
    expect(keys.key({ a: 1 })).toBe(new StructuralKeys().key({ a: 1 }));
  });

  it('tells apart numbers kept in the number table from null, true and false, however many there are', () => {
    const keys = new StructuralKeys();
    const numbers = [0.5, -1, 2 ** 40, 1.25, -7, 3.5, 1e300];
    const all = [...numbers, null, true, false].map((v) => keys.key([v]));
    expect(new Set(all).size).toBe(all.length);
  });

  it('writes large ids in full: whole numbers whose ids differ only above 16 bits, or that end where a longer one goes on, are told apart', () => {
    const keys = new StructuralKeys();
    // 8,192 has id 0x8000; 24,576 has id 0x18000; 65,536 has id 0x40000 = 8 × 0x8000 (and 2 has id 8).
    expect(keys.key([8_192])).not.toBe(keys.key([24_576]));
    expect(keys.key([8_192, 2])).not.toBe(keys.key([65_536]));
  });

  it('keys plain data nested deeper than the depth where cycles are looked for', () => {
    const keys = new StructuralKeys();
    const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { d: nested(depth - 1, leaf) });
    expect(keys.key(nested(40, 1))).toBe(keys.key(nested(40, 1)));
    expect(keys.key(nested(40, 1))).not.toBe(keys.key(nested(40, 2)));
    expect(keys.key(nested(40, 1))).not.toBe(keys.key(nested(41, 1)));
  });

  it('finds a cycle that starts deeper than the cycle-check depth, and allows a shared part there', () => {
    const keys = new StructuralKeys();
    const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { d: nested(depth - 1, leaf) });
    const loop: Record<string, unknown> = { v: 1 };
    loop.next = { back: loop };
    expect(() => keys.key(nested(40, loop))).toThrow(UnserialisableError);
    const shared = { v: 1 };
    expect(keys.key(nested(40, { a: shared, b: shared }))).toBe(keys.key(nested(40, { a: { v: 1 }, b: { v: 1 } })));
  });

  it('keys an object with no prototype as the plain object it is', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [2] });
    expect(stableKey(bare)).toBe(stableKey({ a: 1, b: [2] }));
    expect(same(bare, { a: 1, b: [2] })).toBe(true);
  });
});
