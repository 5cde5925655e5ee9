import { describe, expect, it } from 'vitest';
import { OVER_BOUND, SharedVisited } from './SharedVisited.ts';

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
    expect(big.reservedBytes).toBe(2 ** 16 * 12 + 500 * 8 + 500);
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
});
