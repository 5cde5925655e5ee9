import { describe, expect, it } from 'vitest';
import { ContentTable } from './internal/ContentTable.ts';
import { StructuralKeys, type StructuralKeyStats } from './StructuralKeys.ts';

/** What `run` made `keys` do: the growth of its stats. */
function work(keys: StructuralKeys, run: () => unknown): StructuralKeyStats {
  const before = keys.stats();
  run();
  const after = keys.stats();
  return { described: after.described - before.described, ids: after.ids - before.ids, namesLookedUp: after.namesLookedUp - before.namesLookedUp };
}
const described = (keys: StructuralKeys, run: () => unknown): number => work(keys, run).described;

/** A record whose description, with its list's, writes 3 + 71 ids: over the size from which a node is remembered by identity. */
const large = (from: number) => ({ rows: Array.from({ length: 70 }, (_, i) => from + i) });

// What the memos and the parent hint promise is work saved, not another key: these tests count
// the work (`stats`), as the benchmarks measure its time.
describe('StructuralKeys.stats: what describing a state costs', () => {
  it('counts every node described, every id written and every field name looked up, once each', () => {
    const keys = new StructuralKeys();
    const s = { a: { x: [1, 2] }, b: { y: { z: 1 } }, c: 'c' };
    // Nodes: the root, a, a.x, b, b.y. Ids (an object's: its tag, its shape and one per field; an
    // array's: its tag and one per element): 5 + 3 + 3 + 3 + 3. Names: a, b, c, x, y, z.
    expect(work(keys, () => keys.key(s))).toEqual({ described: 5, ids: 17, namesLookedUp: 6 });
    // Met again: only the root is described (it is never remembered), its names found in the memo.
    expect(work(keys, () => keys.fingerprint(s, new Int32Array(2)))).toEqual({ described: 1, ids: 5, namesLookedUp: 0 });
    expect(keys.stats()).toEqual({ described: 6, ids: 22, namesLookedUp: 6 });
  });

  it('describes only the changed path of a successor that changes one field of a wide state', () => {
    const keys = new StructuralKeys();
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) wide[`f${i}`] = { inner: { v: i }, list: [i] };
    keys.key(wide);
    const f7 = wide.f7 as { inner: { v: number }; list: number[] };
    const next = { ...wide, f7: { ...f7, inner: { v: 100 } } };
    // The root, f7, f7.inner; no field name looked up again.
    expect(work(keys, () => keys.key(next))).toEqual({ described: 3, ids: 22 + 4 + 3, namesLookedUp: 0 });
    const list = [...(wide as { f3: { list: number[] } }).f3.list, 1];
    expect(described(keys, () => keys.key({ ...next, f3: { ...(wide.f3 as object), list } }))).toBe(3);
  });

  it("takes a root field's id from the kept parent when the successor holds the parent's fields in another order", () => {
    const keys = new StructuralKeys();
    const parent = { a: { v: 1 }, b: { v: 2 } };
    keys.key(parent);
    keys.keep(parent);
    // Other states at the same places since, so that only the parent's description has a and b.
    for (const n of [3, 5]) keys.key({ a: { v: n }, b: { v: n + 1 } });
    keys.parentIs(parent);
    // Neither field is at its old position: each is looked for by name in the parent's root.
    expect(described(keys, () => keys.key({ b: parent.b, a: parent.a }))).toBe(1);
  });

  it('finds the value met last at a place, and the one met before it, without describing them again', () => {
    const a = { v: 1 };
    const objects = [{ a, b: { v: 2 } }, { a, b: { v: 3 } }];
    const arrays = [
      [a, { v: 2 }],
      [a, { v: 3 }],
    ];
    for (const [s1, s2] of [objects, arrays] as unknown[][]) {
      const keys = new StructuralKeys();
      keys.key(s1);
      expect(described(keys, () => keys.key(s2))).toBe(2); // the root and the new part
      expect(described(keys, () => keys.key(s2))).toBe(1); // met last
      expect(described(keys, () => keys.key(s1))).toBe(1); // met the time before
      expect(described(keys, () => keys.key(s1))).toBe(1);
    }
  });

  it('knows a large part that moves to another place by identity, and id() of a large part met before', () => {
    const keys = new StructuralKeys();
    const p = large(1000);
    const q = large(2000);
    expect(described(keys, () => keys.key({ a: p, b: q }))).toBe(5);
    expect(described(keys, () => keys.key({ a: q, b: p }))).toBe(1);
    const r = large(3000);
    expect(described(keys, () => keys.id(r))).toBe(2);
    expect(described(keys, () => keys.id(r))).toBe(0);
    expect(keys.id(r)).toBe(keys.id(large(3000)));
  });
});

describe('StructuralKeys.stats: the parent hint (keep, parentIs)', () => {
  // Two other states are keyed between the parent and its successor, so that what was last met at
  // each place, and the one before, are theirs: only the parent's description can spare the work.
  const others = <T>(keys: StructuralKeys, make: (n: number) => T): void => {
    keys.key(make(10));
    keys.key(make(20));
  };
  /** Keys `make(0)` and keeps it, keys two others, then says its successors come next. */
  const hinted = <T>(make: (n: number) => T): { keys: StructuralKeys; parent: T } => {
    const keys = new StructuralKeys();
    const parent = make(0);
    keys.key(parent);
    keys.keep(parent);
    others(keys, make);
    keys.parentIs(parent);
    return { keys, parent };
  };

  it("takes a successor's unchanged fields from the parent's description: only the changed path is described", () => {
    const make = (n: number) => ({ a: { v: [n] }, b: { v: [n + 1] }, c: { v: [n + 2] }, n });
    const { keys, parent } = hinted(make);
    const next = { ...parent, c: { v: [9] } };
    expect(described(keys, () => keys.key(next))).toBe(3); // the root, c, c.v
    // Without the hint, a and b (and their lists) are described too.
    const keys2 = new StructuralKeys();
    keys2.key(parent);
    others(keys2, make);
    expect(described(keys2, () => keys2.key(next))).toBe(7);
  });

  it("takes every unchanged field of the root from the parent's description, the last ones too", () => {
    const make = (n: number) => ({ n, a: { v: [n] }, b: { v: [n + 1] }, c: { v: [n + 2] }, d: { v: [n + 3] } });
    const { keys, parent } = hinted(make);
    expect(described(keys, () => keys.key({ ...parent, n: 9 }))).toBe(1); // the root alone
  });

  it("takes an array root's unchanged elements from the parent's description", () => {
    const make = (n: number) => [{ v: [n] }, { v: [n + 1] }, n];
    const { keys, parent } = hinted(make);
    expect(described(keys, () => keys.key([parent[0], parent[1], 5]))).toBe(1);
  });

  it('goes down one level at a time along the changed path, in objects and in arrays', () => {
    for (const shape of ['object', 'array'] as const) {
      const make = (n: number) => {
        const a = { v: [n] };
        const b = { v: [n + 1] };
        return { r: shape === 'object' ? { a, b, n } : [a, b, n] };
      };
      const { keys, parent } = hinted(make);
      const r = parent.r as Record<string, unknown> | unknown[];
      const next = { r: Array.isArray(r) ? [r[0], r[1], 7] : { ...r, n: 7 } };
      expect(described(keys, () => keys.key(next))).toBe(2); // the root and r
    }
  });

  it('describes the successors of a state kept, not of one forgotten or never kept', () => {
    const make = (n: number) => ({ a: { v: [n] }, n });
    const { keys, parent } = hinted(make);
    expect(described(keys, () => keys.key({ ...parent, n: 1 }))).toBe(1);
    keys.parentIs(null); // forgotten
    others(keys, make);
    expect(described(keys, () => keys.key({ ...parent, n: 2 }))).toBe(3);
  });
});

describe('StructuralKeys.sizes: the number table', () => {
  it('holds only the numbers that are not whole numbers from 0 below 2^26', () => {
    const keys = new StructuralKeys();
    keys.key({ zero: 0, one: 1, top: 2 ** 26 - 1 });
    expect(keys.sizes().numbers).toBe(0);
    keys.key([2 ** 26, -1, 0.5, 2 ** 26]);
    expect(keys.sizes().numbers).toBe(3);
  });

  it('counts in contentBytes both tables, the nodes\' and the shapes\', each as big as a new table until it grows', () => {
    const keys = new StructuralKeys();
    keys.key({ a: [1, 2], b: 'x' });
    expect(keys.sizes().contentBytes).toBe(2 * new ContentTable().bytes);
  });
});
