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
});
