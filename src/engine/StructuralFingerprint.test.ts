import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { stableKey } from './stableKey.ts';
import { StructuralFingerprint } from './StructuralFingerprint.ts';

/** The 64-bit fingerprint as text, so two can be compared with toBe. */
const fp = (v: unknown, prints = new StructuralFingerprint()) => {
  const into = new Int32Array(2);
  prints.fingerprint(v, into);
  return `${into[0]},${into[1]}`;
};
/** Whether one `StructuralFingerprint` gives `a` and `b` the same fingerprint. */
const same = (a: unknown, b: unknown, prints = new StructuralFingerprint()) => fp(a, prints) === fp(b, prints);

/** `v` deep-copied with every object's fields in reverse order. */
const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

describe('StructuralFingerprint: equal content, equal fingerprint, wherever it is computed', () => {
  it('gives equal structures built apart the same fingerprint, whatever the field order', () => {
    expect(same({ a: 1, b: [true, null, 'x'] }, { b: [true, null, 'x'], a: 1 })).toBe(true);
    expect(same({ a: { c: 1, d: 2 } }, { a: { d: 2, c: 1 } })).toBe(true);
  });

  // Content alone: a fresh instance and one that has hashed other states before agree.
  const used = new StructuralFingerprint();
  test.prop([fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 4 })])('gives a value the same fingerprint in a fresh instance as in one with any history', (value, history) => {
    for (const h of history) fp(h, used);
    expect(fp(value, used)).toBe(fp(structuredClone(value)));
    expect(fp(reversed(value), used)).toBe(fp(value));
  });

  it('gives the same fingerprints in another thread, for states built there independently', async () => {
    const values: unknown[] = [
      { a: 1, b: [true, null, 'x'] },
      { n: -0, f: 0.1, big: 2 ** 40, neg: -7, s: 'é\u{1F600}' },
      [[], {}, [null], [undefined], { u: undefined }],
      'a root string',
      42,
      { deep: { er: { est: [1, [2, [3, { x: 'y' }]]] } } },
    ];
    const here = values.map((v) => fp(v));
    const tsx = import.meta.resolve('tsx/esm/api');
    const module = new URL('./StructuralFingerprint.ts', import.meta.url).href;
    // The thread rebuilds the values from their JSON (undefined marked apart) and hashes them with its own instance.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const { register } = await import(workerData.tsx);
        register();
        const { StructuralFingerprint } = await import(workerData.module);
        const revive = (v) => v === '__undefined' ? undefined : Array.isArray(v) ? v.map(revive) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)])) : v;
        const prints = new StructuralFingerprint();
        const into = new Int32Array(2);
        parentPort.postMessage(workerData.values.map((text) => { prints.fingerprint(revive(JSON.parse(text)), into); return into[0] + ',' + into[1]; }));
      })().catch((e) => parentPort.postMessage(String(e)));`;
    const marked = (v: unknown): unknown =>
      v === undefined ? '__undefined' : Array.isArray(v) ? v.map(marked) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, marked(x)])) : v;
    const there = await new Promise<unknown>((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: { tsx, module, values: values.map((v) => JSON.stringify(marked(v))) } });
      worker.once('message', (m) => {
        resolve(m);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
    expect(there).toEqual(here);
    // And the -0 of the second value really went over as -0 and was hashed as 0.
    expect(fp({ n: -0 })).toBe(fp({ n: 0 }));
  });
});

describe('StructuralFingerprint: different content, different fingerprint', () => {
  const shared = new StructuralFingerprint();
  test.prop([fc.jsonValue(), fc.jsonValue()])('gives two values equal fingerprints exactly when their stable JSON is equal', (a, b) => {
    expect(fp(a, shared) === fp(b, shared)).toBe(stableKey(a) === stableKey(b));
  });

  it('tells apart a value from its change at any depth', () => {
    const prints = new StructuralFingerprint();
    const base = { a: { b: { c: [1, 2, { d: 'x' }] } } };
    expect(fp(base, prints)).not.toBe(fp({ a: { b: { c: [1, 2, { d: 'y' }] } } }, prints));
    expect(fp(base, prints)).not.toBe(fp({ a: { b: { c: [1, 2, { d: 'x', e: 0 }] } } }, prints));
    expect(fp(base, prints)).not.toBe(fp({ a: { b: { c: [1, 2, { d: 'x' }, 3] } } }, prints));
    expect(fp(base, prints)).not.toBe(fp({ a: { b: { c: [2, 1, { d: 'x' }] } } }, prints));
    expect(fp(base, prints)).toBe(fp({ a: { b: { c: [1, 2, { d: 'x' }] } } }, prints));
  });

  it('tells numbers from strings, arrays from objects, null from false and from 0', () => {
    expect(same({ a: 1 }, { a: '1' })).toBe(false);
    expect(same([1], ['1'])).toBe(false);
    expect(same({}, [])).toBe(false);
    expect(same({ 0: 'a' }, ['a'])).toBe(false);
    expect(same([null], [false])).toBe(false);
    expect(same([null], [0])).toBe(false);
    expect(same([0], [''])).toBe(false);
    expect(same([true], [false])).toBe(false);
    expect(same(1, '1')).toBe(false);
    expect(same(1, [1])).toBe(false);
    expect(same([], '')).toBe(false);
    expect(same([], 0)).toBe(false);
    expect(same([[]], [])).toBe(false);
    expect(same([{}], [[]])).toBe(false);
  });

  it('tells a field name from a value, and which value goes with which name', () => {
    expect(same({ a: 'b' }, { b: 'a' })).toBe(false);
    expect(same({ a: 1, b: 2 }, { a: 2, b: 1 })).toBe(false);
    expect(same({ a: { b: 1 } }, { b: { a: 1 } })).toBe(false);
    expect(same({ a: 1 }, { a: 1, b: 1 })).toBe(false);
  });

  it('hashes numbers as JSON writes them: -0 is 0, 1.0 is 1; large, negative and fractional numbers are told apart', () => {
    expect(same({ n: -0 }, { n: 0 })).toBe(true);
    expect(same([1.0], [1])).toBe(true);
    expect(same([2 ** 40], [2 ** 40])).toBe(true);
    expect(same([-1], [1])).toBe(false);
    expect(same([0.5], [0.25])).toBe(false);
    expect(same([2 ** 31], [-(2 ** 31)])).toBe(false);
    expect(same([2 ** 32], [0])).toBe(false);
    expect(same([2 ** 40], [2 ** 40 + 1])).toBe(false);
  });

  it('omits undefined fields, as JSON does, and hashes an undefined array element as null', () => {
    expect(same({ a: undefined, b: 1 }, { b: 1 })).toBe(true);
    expect(same([undefined], [null])).toBe(true);
    expect(same({ a: undefined }, { a: null })).toBe(false);
    expect(same({ a: undefined }, {})).toBe(true);
  });

  it('tells a list from its prefix and from its elements moved, and a string from its prefix', () => {
    expect(same([1, 2], [1, 2, 0])).toBe(false);
    expect(same([1, 2], [2, 1])).toBe(false);
    expect(same(['ab'], ['a', 'b'])).toBe(false);
    expect(same('ab', 'abc')).toBe(false);
    expect(same([[1], [2]], [[1, 2]])).toBe(false);
  });

  // States of a search share parts by identity and meet them at the same paths, alternating: the
  // memos of what was last met at a path must never let one value stand for another.
  test.prop([fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { minLength: 2, maxLength: 30 })])(
    'tells apart exactly the states of different JSON in a sequence of states sharing and moving parts',
    (pool, picks) => {
      const prints = new StructuralFingerprint();
      const part = (i: number) => pool[i % pool.length];
      const states = picks.map(([i, j, k, copy]) => ({ a: part(i), list: copy ? [structuredClone(part(j)), part(k)] : [part(k), part(j)], b: { c: part(j) } }));
      const got = states.map((s) => fp(s, prints));
      const json = states.map((s) => stableKey(s));
      for (let x = 0; x < states.length; x++) for (let y = 0; y < states.length; y++) expect(got[x] === got[y]).toBe(json[x] === json[y]);
    },
  );

  it('remembers a large part by identity where it moves, and still tells it apart from a copy that differs', () => {
    const prints = new StructuralFingerprint();
    const big = { rows: Array.from({ length: 100 }, (_, i) => ({ i })) };
    const first = fp({ x: big, y: null }, prints);
    // The large part moves to another field; a copy of it, changed in one row, takes its place.
    const changed = { rows: big.rows.map((r, i) => (i === 99 ? { i: -1 } : r)) };
    expect(fp({ x: changed, y: big }, prints)).not.toBe(fp({ x: big, y: big }, prints));
    expect(fp({ y: null, x: structuredClone(big) }, prints)).toBe(first);
  });
});

describe('StructuralFingerprint: what is not plain data', () => {
  it('throws the typed error stableKey throws, with its path, and goes on working', () => {
    const prints = new StructuralFingerprint();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => fp(cyclic, prints)).toThrow('state.self.back is a reference back to one of its parents (a cycle)');
    expect(() => fp({ a: [1, { f: () => 0 }] }, prints)).toThrow('state.a[1].f is a function');
    expect(() => fp({ n: Number.NaN }, prints)).toThrow(/state\.n/);
    expect(() => fp({ m: new Map() }, prints)).toThrow(/state\.m/);
    expect(() => fp([1n], prints)).toThrow(/state\[0\]/);
    expect(fp({ a: [1] }, prints)).toBe(fp({ a: [1] }));
  });

  it('finds a cycle that starts deeper than the cycle-check depth', () => {
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 40; i++) deep = (deep.next = {}) as Record<string, unknown>;
    deep.back = top;
    expect(() => fp(top)).toThrow(/cycle/);
  });
});
