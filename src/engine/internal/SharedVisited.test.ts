import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { OVER_BOUND, SharedVisited } from './SharedVisited.ts';

/** The table's hash of a fingerprint, as `SharedVisited` mixes it (its low bits pick the slot, the rest is the tag). */
function mix(hi: number, lo: number): number {
  const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}
/** The inverse of an odd number modulo 2³² (Newton's iteration). */
function inverse(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x;
}
/** `x` with `mix(hi, lo) = h` undone down to `lo ^ imul(hi, 0x9e3779b1)`. */
function unmixed(h: number): number {
  const y = h ^ (h >>> 15) ^ (h >>> 30);
  return Math.imul(y, inverse(0x85ebca6b));
}
/** The low half that, with `hi`, mixes to `h`. */
const loFor = (hi: number, h: number): number => unmixed(h) ^ Math.imul(hi, 0x9e3779b1);
/** The high half that, with `lo`, mixes to `h`. */
const hiFor = (lo: number, h: number): number => Math.imul(unmixed(h) ^ lo, inverse(0x9e3779b1));

/**
 * In a table of 2¹⁶ slots: `y` at slot 1001 and `x` starting at slot 1000 with the same tag, a
 * state of another tag (`z`) in slot 1000 between them, so `x`'s probe passes `z` on its tag and
 * then reads `y`'s fingerprint. `fillers` are claimed first (ids 0, 1, ...), then `y`, then `z`.
 */
function probeMeets(x: [number, number], y: [number, number], fillers: [number, number][]): SharedVisited {
  const v = SharedVisited.create(100, 2 ** 20);
  for (const [hi, lo] of fillers) expect(v.claim(hi, lo, -1, 0, 0)).toBeGreaterThanOrEqual(0);
  expect(v.claim(y[0], y[1], -1, 0, 0)).toBe(fillers.length);
  const z: [number, number] = [0x77, loFor(0x77, (0x1234 << 16) | 1000)];
  expect(v.claim(z[0], z[1], -1, 0, 0)).toBe(fillers.length + 1);
  const table = new Int32Array(v.buffers.table, 0, 2 ** 16);
  expect([table[1000]! >>> 16, table[1001]! >>> 16]).toEqual([0x1234, 0x5a5a]);
  return v;
}
const TAG = 0x5a5a << 16;

describe('SharedVisited', () => {
  it('claims a new fingerprint once: dense ids, the second claim finds the first', () => {
    const v = SharedVisited.create(100, 1 << 20);
    expect(v.claim(0, 0, -1, 0, 0)).toBe(0);
    expect(v.claim(7, 9, 0, 3, 1)).toBe(1);
    expect(v.claim(7, 9, 0, 4, 0)).toBe(-1);
    expect(v.seen).toBe(1);
    expect([v.parent(1), v.via(1), v.owner(1)]).toEqual([0, 3, 1]);
    expect(v.size).toBe(2);
  });
  it('finds a claimed fingerprint past others of its slot and tag, claims nothing, and answers -1 for one not claimed', () => {
    const v = SharedVisited.create(100, 2 ** 20);
    const y: [number, number] = [1, loFor(1, TAG | 1000)];
    // The same slot and tag as y, so it is placed one slot on.
    const w: [number, number] = [2, loFor(2, TAG | 1000)];
    expect(v.claim(y[0], y[1], -1, 0, 0)).toBe(0);
    expect(v.claim(w[0], w[1], -1, 0, 0)).toBe(1);
    expect(v.find(y[0], y[1])).toBe(0);
    expect(v.find(w[0], w[1])).toBe(1);
    // Not claimed: one starting at y's slot with y's tag, and one at w's slot with w's tag and high half.
    expect(v.find(3, loFor(3, TAG | 1000))).toBe(-1);
    expect(v.find(2, loFor(2, TAG | 1001))).toBe(-1);
    // y's tag and low half, another high half, from the slot before y's (where a state of another
    // tag sends the probe on to y).
    expect(v.claim(0x77, loFor(0x77, (0x1234 << 16) | 999), -1, 0, 0)).toBe(2);
    expect(v.find(hiFor(y[1], TAG | 999), y[1])).toBe(-1);
    expect(v.find(5, 6)).toBe(-1);
    expect(v.size).toBe(3);
    expect(v.claim(5, 6, -1, 0, 0)).toBe(3);
    expect(v.find(5, 6)).toBe(3);
  });
  it('keeps fingerprints that share a half apart', () => {
    const v = SharedVisited.create(100, 1 << 20);
    expect(v.claim(1, 2, -1, 0, 0)).toBe(0);
    expect(v.claim(1, 3, -1, 1, 0)).toBe(1);
    expect(v.claim(2, 2, -1, 2, 0)).toBe(2);
    expect(v.claim(1, 3, -1, 1, 0)).toBe(-1);
    expect(v.seen).toBe(1);
  });
  it('is seen the same through a second view of its buffers, as a worker sees it', () => {
    const v = SharedVisited.create(100, 1 << 20);
    v.claim(5, 5, -1, 0, 0);
    v.claim(6, 6, 0, 2, 0);
    const w = new SharedVisited(v.buffers);
    expect(w.claim(6, 6, 0, 1, 1)).toBe(-1);
    expect(w.claim(8, 8, 1, 4, 1)).toBe(2);
    expect(v.pathTo(2)).toEqual({ init: 0, choices: [2, 4] });
  });
  it('asks to grow at 70% full, and after grow() finds every state at its id, in the new table seen by a worker', () => {
    const v = SharedVisited.create(1_000_000, 2 ** 20);
    const w = new SharedVisited(v.buffers);
    const limit = 0.7 * 2 ** 16;
    let i = 0;
    for (; !v.wantsGrowth; i++) expect(v.claim(i, i * 7, -1, i, 0)).toBe(i);
    expect(i).toBe(Math.floor(limit) + 1);
    const table = v.grow();
    expect(v.wantsGrowth).toBe(false);
    expect(table.byteLength).toBe(4 * 2 ** 16 * 12);
    w.useTable(table);
    for (let j = 0; j < i; j++) {
      expect(w.claim(j, j * 7, -1, 0, 1)).toBe(-1);
      expect(w.seen).toBe(j);
    }
    expect(w.claim(-5, -5, 0, 9, 1)).toBe(i);
  });
  it('answers OVER_BOUND for a new state past maxStates, and never counts more', () => {
    const v = SharedVisited.create(2, 1 << 20);
    v.claim(1, 1, -1, 0, 0);
    v.claim(2, 2, 0, 0, 0);
    expect(v.claim(3, 3, 1, 0, 0)).toBe(OVER_BOUND);
    expect(v.claim(2, 2, 0, 0, 0)).toBe(-1);
    expect(v.size).toBe(2);
  });
  it('starts with 2^16 slots, or maxSlots if fewer, and never holds more ids than 90% of maxSlots', () => {
    const small = SharedVisited.create(1_000, 2 ** 10);
    expect(small.buffers.table.byteLength).toBe(2 ** 10 * 12);
    expect(small.maxStates).toBe(Math.floor(0.9 * 2 ** 10));
    const big = SharedVisited.create(500, 2 ** 20);
    expect(big.buffers.table.byteLength).toBe(2 ** 16 * 12);
    expect(big.maxStates).toBe(500);
    // Room for 500 ids, 1/32 more and 4,096 for the holes that blocks of ids leave: 9 bytes an id.
    expect(big.reservedBytes).toBe(2 ** 16 * 12 + (500 + 16 + 4096) * 9);
  });
  it('grows by 4 up to maxSlots, then refuses with a RangeError', () => {
    const v = SharedVisited.create(100, 2 ** 17);
    expect(v.grow().byteLength).toBe(2 ** 17 * 12);
    expect(() => v.grow()).toThrow(new RangeError('the shared visited table cannot grow past 131072 slots'));
  });
  it('past 95% full (the workers never paused to grow it) throws, and publishes the slot first', () => {
    const v = SharedVisited.create(10_000, 2 ** 10);
    let i = 0;
    // Ids past maxStates (90% of the slots) are OVER_BOUND, yet take their slot: id 972 < 0.95 · 1024 is the last.
    for (; i <= 972; i++) expect(() => v.claim(i, i, -1, 0, 0)).not.toThrow();
    expect(v.wantsGrowth).toBe(true);
    expect(() => v.claim(i, i, -1, 0, 0)).toThrow(/filled up before the workers paused/);
    // The slot is published: a later claim of the same fingerprint finds it instead of waiting for ever.
    const w = new SharedVisited(v.buffers);
    expect(() => w.claim(i, i, -1, 0, 0)).not.toThrow();
  });
  it('counts no more than maxStates even when claims went past it', () => {
    const v = SharedVisited.create(3, 2 ** 10);
    for (let i = 0; i < 6; i++) v.claim(i, 1, -1, 0, 0);
    expect(v.size).toBe(3);
  });
  it('tells apart fingerprints that share a half, probing past each other in a nearly full table of 16', () => {
    for (const print of [(i: number) => [7, i], (i: number) => [i, 7]] as const) {
      const v = SharedVisited.create(14, 16);
      for (let i = 0; i < 14; i++) expect(v.claim(print(i)[0]!, print(i)[1]!, -1, i, 0)).toBe(i);
      for (let i = 0; i < 14; i++) {
        expect(v.claim(print(i)[0]!, print(i)[1]!, -1, 0, 0)).toBe(-1);
        expect(v.seen).toBe(i);
      }
    }
  });
  it('meets a state past the bound again as seen, never claiming it twice', () => {
    const v = SharedVisited.create(1, 1 << 10);
    expect(v.claim(1, 1, -1, 0, 0)).toBe(0);
    expect(v.claim(2, 2, 0, 0, 0)).toBe(OVER_BOUND);
    expect(v.claim(2, 2, 0, 0, 0)).toBe(-1);
  });
  it('the helpers above mix as the table does', () => {
    for (const [hi, h] of [[0x1234, TAG | 1000], [-7, 5], [0, -1]] as const) {
      expect(mix(hi, loFor(hi, h))).toBe(h | 0);
      expect(mix(hiFor(hi, h), hi)).toBe(h | 0);
    }
  });
  it('tells apart, behind one tag, fingerprints that share their high half', () => {
    const hi = 0x1234;
    const x: [number, number] = [hi, loFor(hi, TAG | 1000)];
    const y: [number, number] = [hi, loFor(hi, TAG | 1001)];
    // The words before y's print (ids 0 and 1: 1, lo, lo, lo) hold x's low half, so that a
    // mutated index reading one of them in place of y's low half would match x.
    const v = probeMeets(x, y, [[1, x[1]], [x[1], x[1]]]);
    expect(v.claim(x[0], x[1], -1, 0, 0)).toBe(4);
    expect(v.claim(x[0], x[1], -1, 0, 0)).toBe(-1);
    expect(v.seen).toBe(4);
    expect(v.claim(y[0], y[1], -1, 0, 0)).toBe(-1);
    expect(v.seen).toBe(2);
  });
  it('tells apart, behind one tag, fingerprints that share their low half', () => {
    const lo = 0x4321;
    const x: [number, number] = [hiFor(lo, TAG | 1000), lo];
    const y: [number, number] = [hiFor(lo, TAG | 1001), lo];
    // The state before y ends in x's high half.
    const v = probeMeets(x, y, [[1, x[0]], [2, 3]]);
    expect(v.claim(x[0], x[1], -1, 0, 0)).toBe(4);
    expect(v.claim(y[0], y[1], -1, 0, 0)).toBe(-1);
    expect(v.seen).toBe(2);
  });
  it('after grow, a fingerprint never claimed (the all-zero one) is still new', () => {
    const v = SharedVisited.create(1_000, 2 ** 20);
    for (let i = 1; i <= 10; i++) v.claim(i, i, -1, 0, 0);
    v.grow();
    expect(v.claim(0, 0, -1, 0, 0)).toBe(10);
    expect(v.size).toBe(11);
  });
  it('in a table of 16 slots throws at id 14, whose id + 1 would not fit below the tag', () => {
    const v = SharedVisited.create(100, 16);
    for (let i = 0; i < 14; i++) v.claim(i + 1, 1, -1, 0, 0);
    expect(() => v.claim(99, 1, -1, 0, 0)).toThrow(/filled up before the workers paused/);
  });
  it('waits for a slot another thread is filling (BUSY), then finds the state it published there', async () => {
    const v = SharedVisited.create(100, 2 ** 20);
    expect(v.claim(3, 4, -1, 0, 0)).toBe(0);
    const table = new Int32Array(v.buffers.table, 0, 2 ** 16);
    const at = table.findIndex((w) => w !== 0);
    const word = table[at]!;
    // As if another thread had claimed the slot and not yet published the id: it does 200 ms
    // after the go, once it is running (so that the claim below cannot wait for a thread that
    // never started).
    Atomics.store(table, at, -1);
    const go = new Int32Array(new SharedArrayBuffer(8));
    const publisher = new Worker(
      `const { workerData: d } = require('node:worker_threads');
       const go = new Int32Array(d.go);
       Atomics.wait(go, 0, 0);
       Atomics.wait(go, 1, 0, 200);
       Atomics.store(new Int32Array(d.table, 0, d.slots), d.at, d.word);`,
      { eval: true, workerData: { table: v.buffers.table, slots: 2 ** 16, at, word, go: go.buffer } },
    );
    await once(publisher, 'online');
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    try {
      expect(v.claim(3, 4, -1, 0, 0)).toBe(-1);
      expect(v.seen).toBe(0);
      expect(v.size).toBe(1);
    } finally {
      await publisher.terminate();
    }
  });
});

describe('SharedVisited.matches: the fingerprint a state rebuilt along its path must have', () => {
  it('both halves must equal the ones claimed, each alone is not enough', () => {
    const v = SharedVisited.create(100);
    const a = v.claim(7, -3, -1, 0, 0);
    const b = v.claim(7, 4, a, 0, 0);
    expect(v.matches(a, 7, -3)).toBe(true);
    expect(v.matches(b, 7, 4)).toBe(true);
    expect(v.matches(a, 7, 4)).toBe(false);
    expect(v.matches(a, 8, -3)).toBe(false);
    expect(v.matches(b, 7, -3)).toBe(false);
  });
});

describe('SharedVisited: the least step into a state (reparent)', () => {
  /** Three parents of fingerprints (1, 5), (-1, 0) (the largest unsigned) and (1, 3), and a child claimed from the first. */
  function family() {
    const v = SharedVisited.create(100);
    const a = v.claim(1, 5, -1, 0, 0);
    const b = v.claim(-1, 0, -1, 1, 0);
    const c = v.claim(1, 3, -1, 2, 0);
    const child = v.claim(9, 9, a, 4, 0);
    return { v, a, b, c, child };
  }

  it('keeps the step of the least parent fingerprint, compared unsigned, high half first', () => {
    const { v, a, b, c, child } = family();
    v.reparent(child, b, 0);
    expect([v.parent(child), v.via(child)]).toEqual([a, 4]);
    v.reparent(child, c, 7);
    expect([v.parent(child), v.via(child)]).toEqual([c, 7]);
    expect(v.precedes(child, 1, 4, 0)).toBe(false);
    expect(v.precedes(child, 1, 2, 99)).toBe(true);
    expect(v.precedes(child, 0, -1, 99)).toBe(true);
    expect(v.pathTo(child)).toEqual({ init: 2, choices: [7] });
  });

  it('from one parent, keeps the least action', () => {
    const { v, a, child } = family();
    expect(v.precedes(child, 1, 5, 4)).toBe(false);
    v.reparent(child, a, 6);
    expect(v.via(child)).toBe(4);
    v.reparent(child, a, 2);
    expect([v.parent(child), v.via(child)]).toEqual([a, 2]);
  });

  it('never reparents an initial state', () => {
    const { v, a, b, c } = family();
    expect(v.precedes(a, 0, 0, 0)).toBe(false);
    // b is initial state #1: no step, even from the least fingerprint by action 0, comes first.
    expect(v.precedes(b, 0, 0, 0)).toBe(false);
    v.reparent(a, c, 0);
    expect([v.parent(a), v.via(a)]).toEqual([-1, 0]);
  });
});

describe('SharedVisited: the least parent kept beside the tree, under symmetry (relead)', () => {
  /** As `family` above, with least parents kept: parents (1, 5), (-1, 0) and (1, 3), a child claimed from the first, and a grandchild. */
  function family() {
    const v = SharedVisited.create(100, 2 ** 28, true);
    const a = v.claim(1, 5, -1, 0, 0);
    const b = v.claim(-1, 0, -1, 1, 0);
    const c = v.claim(1, 3, -1, 2, 0);
    const child = v.claim(9, 9, a, 4, 0);
    const grandchild = v.claim(7, 7, child, 1, 0);
    return { v, a, b, c, child, grandchild };
  }

  it('starts from the tree\'s parent, and keeps the parent of least fingerprint, unsigned, without touching the tree', () => {
    const { v, a, b, c, child } = family();
    expect(v.lead(child)).toBe(a);
    v.relead(child, b);
    expect(v.lead(child)).toBe(a);
    v.relead(child, c);
    expect(v.lead(child)).toBe(c);
    v.relead(child, a);
    expect(v.lead(child)).toBe(c);
    expect([v.parent(child), v.via(child)]).toEqual([a, 4]);
  });

  it('compares by fingerprint alone: a parent equal to the least is not another step', () => {
    const { v, a, child } = family();
    expect(v.precedesLead(child, 1, 5)).toBe(false);
    expect(v.precedesLead(child, 1, 4)).toBe(true);
    expect(v.precedesLead(child, 0, -1)).toBe(true);
    expect(v.precedesLead(child, 1, -1)).toBe(false);
    expect(v.precedesLead(child, 2, 0)).toBe(false);
    expect(v.lead(a)).toBe(-1);
    expect(v.precedesLead(a, 0, 0)).toBe(false);
  });

  it('gives the path along the least parents as the initial state and the fingerprints after it', () => {
    const { v, c, child, grandchild } = family();
    expect(v.classPathTo(grandchild)).toEqual({ init: 0, prints: [9, 9, 7, 7] });
    v.relead(child, c);
    expect(v.classPathTo(grandchild)).toEqual({ init: 2, prints: [9, 9, 7, 7] });
    expect(v.classPathTo(c)).toEqual({ init: 2, prints: [] });
  });

  it('is shared: a second view of the buffers sees the least parents', () => {
    const { v, c, child } = family();
    v.relead(child, c);
    expect(new SharedVisited(v.buffers).lead(child)).toBe(c);
    expect(v.reservedBytes).toBe(SharedVisited.create(100).reservedBytes + v.buffers.lead!.byteLength);
  });

  it('is an internal error on a visited set made without least parents', () => {
    const v = SharedVisited.create(100);
    const a = v.claim(1, 5, -1, 0, 0);
    const child = v.claim(9, 9, a, 0, 0);
    expect(v.lead(child)).toBe(a);
    expect(() => v.relead(child, a)).toThrow(/internal error: relead on a visited set made without least parents/);
  });
});
