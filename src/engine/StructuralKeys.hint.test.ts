import { describe, expect, it } from 'vitest';
import { StructuralKeys } from './StructuralKeys.ts';

/**
 * The key `keys` gives `next` as a successor of `parent`, after `parent` was keyed and kept and
 * two other states (`others`) were keyed, so that what was last met at each place, and the one
 * before, are theirs: only the parent's description can give the ids of the parts `next` shares
 * with it. `change`, if given, runs between keeping the parent and keying its successor (a
 * faulty `next` that changes its input in place). Returns that key and the key of a copy of
 * `next` built apart, keyed with no parent: the two must be equal.
 */
function asSuccessor(
  parent: object,
  others: readonly unknown[],
  next: () => unknown,
  change?: () => void,
  keys = new StructuralKeys(),
): { key: string; copy: string; keys: StructuralKeys } {
  keys.key(parent);
  keys.keep(parent);
  change?.();
  for (const other of others) keys.key(other);
  keys.parentIs(parent);
  const state = next();
  const key = keys.key(state);
  keys.parentIs(null);
  return { key, copy: keys.key(structuredClone(state)), keys };
}

// Corner cases of `#refId`, where the parent's description is read: a wrong place read there
// gives a successor another part's id, which the memos of the other tests hide.
describe('StructuralKeys.parentIs: ids read from the parent at the right place', () => {
  it("reads an object's field by its name, not as if the name id were a position", () => {
    const keys = new StructuralKeys();
    keys.key({ a: 0, b: 0, c: 0, d: 0 }); // the names' ids, in this order
    const make = (n: number) => ({ a: { a: { k: n }, b: { k: n + 1 }, c: { k: n + 2 }, d: { k: n + 3 } } });
    const parent = make(1);
    const { key, copy } = asSuccessor(parent, [make(10), make(20)], () => ({ a: { ...parent.a, e: 1 } }), undefined, keys);
    expect(key).toBe(copy);
  });

  it("looks for a field first at its own position in the parent's shape, not as many places before it", () => {
    const keys = new StructuralKeys();
    // The shape [f] is interned first; the parent's o, with the shape [f, a], right after it: one
    // place before o's second name is f, the name the successor holds at position 1.
    keys.key({ f: 0 });
    const make = (n: number) => ({ o: { f: [n], a: n } });
    const parent = make(1);
    const { key, copy } = asSuccessor(parent, [make(10), make(20)], () => ({ o: { a: 2, f: parent.o.f } }), undefined, keys);
    expect(key).toBe(copy);
  });

  it("reads an array's element by its position, not as if it were a field name id", () => {
    // Element ids 4 (the number 1), 0, 0, 0: the position 4 looked up as a name finds the 1.
    const make = (n: number) => ({ r: [1, 0, 0, 0, { k: n }] });
    const parent = make(1);
    const { key, copy } = asSuccessor(parent, [make(10), make(20)], () => ({ r: [...parent.r, 5] }));
    expect(key).toBe(copy);
  });

  it('reads a node from its own start, not from the end of the node numbered before it', () => {
    // The parent's r is numbered right after {z: 'b'}, whose last id is the string 'b': the id
    // of the name b, looked up in r.
    const make = (n: number) => ({ r: { b: { k: n }, a: { z: n === 1 ? 'b' : `b${n}` } } });
    const parent = make(1);
    const { key, copy } = asSuccessor(parent, [make(10), make(20)], () => ({ r: { ...parent.r, c: 1 } }));
    expect(key).toBe(copy);
  });

  it('takes nothing from a parent whose part at the same place is an array where the successor has an object', () => {
    const a = { k: 1 };
    // Read as pairs, the list holds the name '0' followed by 7.
    const parent = { r: [a, 0, '0', 7] };
    const others = [{ r: [{ k: 2 }] }, { r: [{ k: 3 }] }];
    const { key, copy } = asSuccessor(parent, others, () => ({ r: { 0: a } }));
    expect(key).toBe(copy);
  });

  it("reads a leaf below the root in the parent's node, not in the parent's root", () => {
    const keys = new StructuralKeys();
    // r is the first node numbered; the root holds another value under the same name.
    const parent = { f: 5, r: { f: 6 } };
    keys.key(parent);
    keys.keep(parent);
    keys.parentIs(parent);
    const next = keys.key({ f: 5, r: { f: 5, g: 1 } });
    keys.parentIs(null);
    expect(next).not.toBe(keys.key({ f: 5, r: { f: 6, g: 1 } }));
    expect(next).toBe(keys.key({ r: { g: 1, f: 5 }, f: 5 }));
  });

  it("keys an undefined element past the end of an array root's parent as null, not as a number", () => {
    const x = { k: 1 };
    const parent = [x, 2];
    const { key, keys } = asSuccessor(parent, [[{ k: 2 }, 3], [{ k: 3 }, 4]], () => [x, 2, undefined]);
    // (Not the copy's key: the memo would give the copy's undefined the successor's id.)
    expect(key).toBe(keys.key([{ k: 1 }, 2, null]));
  });

  it("reads the root's field by its name when the successor holds the parent's fields in another order", () => {
    const a = { k: 1 };
    const b = { k: 2 };
    const parent = { p: a, q: b };
    // The parent's values moved to each other's names, in the other order: read by position, p's
    // value sits where the successor's q is, and would get q's id in the parent (b's).
    const { key, copy } = asSuccessor(parent, [{ p: { k: 3 }, q: { k: 4 } }, { p: { k: 5 }, q: { k: 6 } }], () => ({ q: a, p: b }));
    expect(key).toBe(copy);
  });

  it("reads a field's id by its name, not by its position, when the successor holds the parent's fields in another order", () => {
    const a = { k: 1 };
    const c = { k: 3 };
    const others = (wrap: (x: object) => object) => [wrap({ p: { k: 4 }, q: { k: 5 } }), wrap({ p: { k: 6 }, q: { k: 7 } })];
    // Each field keeps its value, in the other order: by position, q would get p's id and p q's.
    const root = { p: c, q: a };
    expect(asSuccessor(root, others((x) => x), () => ({ q: a, p: c })).key).toBe(asSuccessor(root, [], () => ({ p: c, q: a })).key);
    const nested = { r: { p: c, q: a } };
    const { key, copy } = asSuccessor(nested, others((x) => ({ r: x })), () => ({ r: { q: a, p: c, z: 1 } }));
    expect(key).toBe(copy);
  });

  it('ignores keep() of a value passed to id() since the last key', () => {
    const keys = new StructuralKeys();
    keys.key([1, 2, 3]);
    const value = [5];
    keys.id(value);
    keys.keep(value); // not a state keyed: the description at hand is not its root's
    keys.parentIs(value);
    const next = keys.key([5, undefined]);
    keys.parentIs(null);
    expect(next).toBe(keys.key([5, null]));
    expect(next).not.toBe(keys.key([5, 2]));
  });
});

// A faulty next() that changes its input in place: the parent is compared as it was kept.
describe('StructuralKeys.parentIs: a parent changed in place after it was kept', () => {
  it("keys a successor that holds the object a faulty next() put in the parent's root field", () => {
    const parent: { a: object; b: number } = { a: { v: 1 }, b: 2 };
    const others = [{ a: { v: 3 }, b: 2 }, { a: { v: 4 }, b: 2 }];
    const { key, copy } = asSuccessor(parent, others, () => ({ ...parent }), () => (parent.a = { v: 9 }));
    expect(key).toBe(copy);
  });

  it("keys a successor that holds the object a faulty next() put in the parent array's element", () => {
    const parent: object[] = [{ v: 1 }, { v: 2 }];
    const others = [[{ v: 3 }, { v: 2 }], [{ v: 4 }, { v: 2 }]];
    const { key, copy } = asSuccessor(parent, others, () => parent.slice(), () => (parent[0] = { v: 9 }));
    expect(key).toBe(copy);
  });

  it("reads no field ids in a node kept as an array where the parent now holds an object", () => {
    const keys = new StructuralKeys();
    keys.key({ w: 0 }); // shape 0 is [w]; the number 0's id is 0 too
    const y = { v: 1 };
    const parent: { r: { s: unknown } } = { r: { s: [0, 7] } };
    const others = [{ r: { s: [3] } }, { r: { s: [4] } }];
    // r.s was kept as the array [0, 7]: read as an object node, its first element would be shape
    // 0 and its second the id of the field w, so the successor's w would read as 7.
    const { key, copy } = asSuccessor(parent, others, () => ({ r: { s: { w: y }, t: 1 } }), () => (parent.r.s = { w: y }), keys);
    expect(key).toBe(copy);
  });

  it("reads no name past the parent's shape where a faulty next() added a field to the parent in place", () => {
    // r's shape [a] is the first interned, the root's [r] the next: one name past r's shape is r,
    // the field the faulty next() adds to the parent's r.
    const parent: { r: Record<string, unknown> } = { r: { a: 1 } };
    const y = { v: 'y' };
    const others = [{ r: { a: 3 } }, { r: { a: 4 } }];
    const { key, copy } = asSuccessor(parent, others, () => ({ r: { ...parent.r } }), () => (parent.r.r = y));
    expect(key).toBe(copy);
  });

  it("keeps an array root's elements as they were keyed, not the ones met before them at the same place", () => {
    const keys = new StructuralKeys();
    const x1 = { v: 1 };
    // Keyed just before the parent, at the same place: the one met before the parent's element there.
    keys.key([x1]);
    const parent = [{ v: 2 }];
    const { key, copy } = asSuccessor(parent, [[{ v: 3 }], [{ v: 4 }]], () => [x1], undefined, keys);
    expect(key).toBe(copy);
  });

  it("keys a root field that holds the object of the parent's field before it by that object's id", () => {
    const parent = { a: { v: 1 }, b: { v: 2 } };
    const others = [{ a: { v: 3 }, b: { v: 4 } }, { a: { v: 5 }, b: { v: 6 } }];
    const { key, copy } = asSuccessor(parent, others, () => ({ a: parent.a, b: parent.a }));
    expect(key).toBe(copy);
  });

  it("reads a root field past the parent's last one in the parent, never in the state kept after it", () => {
    const keys = new StructuralKeys();
    const z = { v: 'z' };
    const parent = { b: { v: 'y' } };
    const after = { b: z }; // kept right after the parent: its fields follow the parent's in the queue
    keys.key(parent);
    keys.keep(parent);
    keys.key(after);
    keys.keep(after);
    for (const other of [{ a: 2, b: { v: 1 } }, { a: 3, b: { v: 2 } }]) keys.key(other);
    keys.parentIs(parent);
    const key = keys.key({ a: 1, b: z });
    keys.parentIs(null);
    expect(key).toBe(keys.key({ a: 1, b: { v: 'z' } }));
  });

  it("takes no field's id from an array root whose elements hold the field's name", () => {
    // The parent's kept values are its elements: 'b' then y reads as a field b holding y.
    const y = { v: 'y' };
    const parent = ['b', y, 'x', y];
    const others = [{ b: { v: 1 } }, { b: { v: 2 } }];
    for (const next of [{ b: y }, { x: y, b: y }]) {
      const { key, copy } = asSuccessor(parent, others, () => next);
      expect(key).toBe(copy);
    }
  });

  it("reads a field past the parent's shape by its name in that shape, never in the shape interned after it", () => {
    // The parent's shape is [n]; the one interned right after it holds n at the place the
    // successor's n would have in the parent's ([a, n]: two fields on; [n, z]: one on).
    for (const [after, next] of [
      [{ a: 0, n: 0 }, (x: object) => ({ a: 1, b: 2, n: x })],
      [{ n: 0, z: 0 }, (x: object) => ({ a: 1, n: x })],
    ] as const) {
      const keys = new StructuralKeys();
      keys.key({ a: 0 }); // a's name id before n's, n's before z's
      const x = { v: 'x' };
      const parent = { n: x };
      keys.key(parent);
      keys.key(after);
      const { key, copy } = asSuccessor(parent, [{ n: { v: 1 } }, { n: { v: 2 } }], () => next(x), undefined, keys);
      expect(key).toBe(copy);
    }
  });

  it("reads an array root's element in the parent, never in the state kept before it", () => {
    const keys = new StructuralKeys();
    const x = { v: 'x' };
    const before = [x];
    const parent = [{ v: 'a' }, { v: 'b' }];
    keys.key(before);
    keys.keep(before);
    keys.key(parent);
    keys.keep(parent);
    for (const n of [1, 3]) keys.key([{ v: n }, { v: n + 1 }]);
    keys.parentIs(parent); // drops `before`, whose values stay in the queue's lists
    const key = keys.key([parent[0], x]);
    keys.parentIs(null);
    expect(key).toBe(keys.key([{ v: 'a' }, { v: 'x' }]));
  });

  it("keys an array root's elements moved to other positions by their own ids", () => {
    const parent = [{ v: 1 }, { v: 2 }];
    const others = [[{ v: 3 }, { v: 4 }], [{ v: 5 }, { v: 6 }]];
    const { key, copy } = asSuccessor(parent, others, () => [parent[1], parent[0]]);
    expect(key).toBe(copy);
  });
});
